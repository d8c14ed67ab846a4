"""A learner reads "Why you were matched" in their own language (issue 12), in headless Chromium.

The learner's language preference is the pseudo-locale "eo" (edx-i18n-tools' dummy language,
written by scripts/dummy_locale.py), carried as the LMS carries it: the language preference cookie
that LocaleMiddleware reads. The reasons were stored as codes when matching ran (in English, by
staff); the block words them for the mentee when shown, with the skill's name from the program's
catalog. At 390 px and 1280 px wide, axe-core finds no violation at all; screenshots and the axe
summaries land under ``artifacts/browser/``.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.utils import translation

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCK = '.xblock[data-block-type="revmentor_pairing"]'


def pseudo(text: str) -> str:
    """``text`` in the pseudo-locale, from its compiled catalog (what the server shows)."""
    with translation.override("eo"):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


@pytest.fixture
def matched_mentee():
    """Amara offers Data dashboards, which Sam wants to learn; a matching run paired them."""
    program = factories.program()
    services.add_skill(program.uuid, name="Data dashboards")
    amara, sam = factories.enrolled("amara"), factories.enrolled("sam")
    factories.join(program, amara, "mentor", skills_offered=["data-dashboards"], seniority=1)
    factories.join(program, sam, "mentee", skills_sought=["data-dashboards"], seniority=6)
    with translation.override("en"):  # staff run the matching in English
        run = services.start_matching_run(program.uuid)
        services.publish_matching_run(program.uuid, run.id)
    return sam


@pytest.mark.parametrize("width", [390, 1280])
def test_a_learner_reads_why_they_were_matched_in_their_language(
    chromium, live_server, matched_mentee, width
):
    from playwright.sync_api import expect

    context, page, errors = signed_in(chromium, live_server.url, matched_mentee, width=width)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "eo", "url": live_server.url}])
    page.goto(f"{live_server.url}/courses/{factories.COURSE}/unit/mentoring/")
    page.wait_for_load_state()

    block = page.locator(BLOCK)
    assert block.locator("section.revmentor").get_attribute("data-state") == "pair_pending"
    assert page.locator("html").get_attribute("lang") == "eo"
    heading = pseudo("Why you were matched")
    assert heading != "Why you were matched"
    expect(block.get_by_role("heading", name=heading)).to_be_visible()
    # The mentee's wording, in the pseudo-locale, with the catalog's skill name as staff wrote it.
    sentence = pseudo("You want to learn {skills}; {mentor} offers it").format(
        skills="Data dashboards", mentor="amara"
    )
    assert sentence.startswith("Ýöü wänt tö léärn Data dashboards; amara")
    reasons = block.locator("ul.rm-reasons li")
    expect(reasons.filter(has_text=sentence)).to_have_count(1)
    assert "You want to learn" not in block.inner_text()
    assert "Offers data-dashboards" not in block.inner_text()

    # Nothing runs off the side at either width: the longer language still wraps.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scrolling at {width}px"

    label = f"learner-eo-{width}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    block.screenshot(path=str(ARTIFACTS / f"{label}-revmentor_pairing.png"))
    page.screenshot(path=str(ARTIFACTS / f"{label}-unit.png"), full_page=True)
    serious = axe_audit(page, label)
    summary = json.loads((ARTIFACTS / f"axe-{label}.json").read_text())
    assert serious == []
    assert summary["violations"] == [], summary["violations"]
    assert errors == []
    context.close()
