"""Shared browser fixtures: Debian's headless Chromium driven by Playwright, and axe-core audits.

Tests skip with a reason when Chromium, Playwright or axe-core is missing locally; with
``REVMENTOR_REQUIRE_BROWSER=1`` (set by ``.ci/run``) a missing piece fails instead, so CI never
passes by skipping.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parents[1] / "artifacts" / "browser"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("REVMENTOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(reason: str):
    if os.environ.get("REVMENTOR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required but {reason}")
    pytest.skip(reason)


@contextlib.contextmanager
def headless_chromium(*, need_axe: bool = True):
    """Debian's Chromium under Playwright's sync API, or a skip (a failure under
    ``REVMENTOR_REQUIRE_BROWSER=1``) naming what is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements/test.txt)")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    if need_axe and not AXE.exists():
        _missing(f"axe-core not installed: run `npm ci` in {HERE} (make browser-deps)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (and the
    # test database's setup and teardown) are plain synchronous code that Django must allow here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="module")
def chromium():
    with headless_chromium() as browser:
        yield browser


def signed_in(browser, base_url: str, user, *, width: int = 1100, height: int = 900, **options):
    """A new browser context signed in as ``user`` (a user or a username), its first page and the
    list its JavaScript errors are collected in: ``(context, page, errors)``.

    The session is made as Django's test client makes one (``force_login``) and handed to the
    browser as the session cookie, so a test spends no time on the sign-in form; the learner's
    and the staff member's journeys (test_journey, test_staff_journey) sign in through the form.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, errors


@functools.cache
def _axe_source() -> str:
    """axe.min.js, read once per test process (not once per audit)."""
    return AXE.read_text(encoding="utf-8")


def axe_audit(page, label: str) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules and best practice) on the page, save the summary
    under ``artifacts/browser/axe-<label>.json`` and return every violation, whatever its impact
    (minor and moderate ones too): a page passes with none."""
    page.add_script_tag(content=_axe_source())
    # Summarised in the page: axe's full results (every node of every passing rule) would cross
    # to Python only to be counted. ``resultTypes``: every rule still runs on every node and every
    # violation keeps all its nodes; axe only skips building selectors for each node of the rules
    # that pass (or are incomplete or inapplicable), which it keeps one node of, and which are
    # only counted here.
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                resultTypes: ['violations'],
            });
            return {
                version: r.testEngine.version,
                passes: r.passes.length,
                violations: r.violations.map(
                    (v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length})),
            };
        }"""
    )
    summary = {
        "page": label,
        "axe_version": results["version"],
        "passes": results["passes"],
        "violations": results["violations"],
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{label}.json").write_text(json.dumps(summary, indent=2))
    return summary["violations"]


@pytest.fixture(autouse=True)
def platform_rows(transactional_db):
    """The rows the platform's migrations create, as every LMS has them: a live-server test's
    database is flushed after each test (``transaction=True``), which removes them, and the
    xAPI transformer of event-routing-backends then refuses every event of the journey ("External
    ID type: xapi does not exist"). The sandbox's migration that creates them adds them back."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("openedx.core.djangoapps.external_user_ids.migrations.0001_initial")
    migration.add_types(apps, None)
