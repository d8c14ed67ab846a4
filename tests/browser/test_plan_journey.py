"""A pair plans its next session in the session-log block, in Debian's headless Chromium.

The mentee (in New York) proposes a time in their own zone, the mentor (in Berlin) sees it in
theirs beside the mentee's and confirms it; once the time has passed, the mentee logs the
session from the plan in one step and the mentor confirms it. At 390 and 1280 px, with axe-core
at 0 violations of any impact in every state.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from django.utils import timezone

from revmentor_plugin.models import PlannedSession
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit
from tests.browser.test_blocks_responsive import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCK = '.xblock[data-block-type="revmentor_session_log"]'


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


def violations(page, label: str) -> list[dict]:
    axe_audit(page, label)
    return json.loads((ARTIFACTS / f"axe-{label}.json").read_text())["violations"]


def twelve_hour(moment: dt.datetime) -> str:
    """The hour as Django's English ``TIME_FORMAT`` ("P") writes a whole hour: "10 a.m."."""
    if moment.hour == 12:
        return "noon"
    return f"{moment.hour % 12 or 12} {'a.m.' if moment.hour < 12 else 'p.m.'}"


@pytest.mark.parametrize("width", [390, 1280])
def test_propose_confirm_and_log_from_the_plan(chromium, live_server, width):
    from playwright.sync_api import expect

    program = factories.program()
    mentor, mentee = factories.enrolled("mara_mentor"), factories.enrolled("max_mentee")
    factories.join(program, mentor, "mentor", timezone="Europe/Berlin")
    factories.join(program, mentee, "mentee", timezone="America/New_York")
    factories.active_pair(program, mentor, mentee)
    day = timezone.localdate() + dt.timedelta(days=5)
    new_york = dt.datetime.combine(day, dt.time(10, 0), tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    berlin = new_york.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    audits: dict[str, list] = {}

    context, page, errors = login(chromium, live_server.url, mentee, width)
    block = page.locator(BLOCK)
    form = block.locator('form[data-rm-form="propose_plan"]')
    expect(form).to_contain_text("Times are in your time zone, America/New_York.")
    form.get_by_label("Date and time").fill(f"{day.isoformat()}T10:00")
    form.get_by_label("How long (minutes)").fill("45")
    form.get_by_label("Place or video link (optional; only you and your partner see it)").fill(
        "https://meet.example/mara-max"
    )
    form.get_by_role("button", name="Propose this time").click()
    plan = block.locator("li.rm-plan").first
    expect(plan.locator("h4")).to_contain_text(f"{twelve_hour(new_york)} your time")
    expect(plan.locator("h4")).to_contain_text(f"{twelve_hour(berlin)} for mara_mentor")
    expect(plan).to_contain_text("Waiting for your partner to confirm.")
    audits["mentee-proposed"] = violations(page, f"plan-mentee-proposed-{width}")
    assert errors == []
    context.close()

    context, page, errors = login(chromium, live_server.url, mentor, width)
    block = page.locator(BLOCK)
    plan = block.locator("li.rm-plan").first
    expect(plan.locator("h4")).to_contain_text(f"{twelve_hour(berlin)} your time")
    expect(plan.locator("h4")).to_contain_text(f"{twelve_hour(new_york)} for max_mentee")
    expect(plan).to_contain_text("https://meet.example/mara-max")
    audits["mentor-to-confirm"] = violations(page, f"plan-mentor-to-confirm-{width}")
    plan.get_by_role("button", name="Confirm this time").click()
    expect(block.locator("li.rm-plan").first.locator(".rm-ok")).to_have_text("Confirmed")
    expect(block.locator("[data-rm-live]")).to_have_text("Planned session confirmed.")
    page.locator(BLOCK).screenshot(path=str(ARTIFACTS / f"plan-mentor-confirmed-{width}.png"))
    assert errors == []
    context.close()

    # The meeting takes place: the plan's time is now behind us.
    PlannedSession.objects.update(starts_at=timezone.now() - dt.timedelta(hours=2))

    context, page, errors = login(chromium, live_server.url, mentee, width)
    block = page.locator(BLOCK)
    to_log = block.locator('form[data-rm-form="log_plan"]')
    expect(to_log).to_contain_text("has taken place: log it?")
    audits["mentee-to-log"] = violations(page, f"plan-mentee-to-log-{width}")
    to_log.get_by_label("Who led this session").select_option("mentor")
    to_log.get_by_role("button", name="Log this session").click()
    expect(block.locator("[data-rm-live]")).to_have_text("Session logged.")
    expect(block.locator('form[data-rm-form="log_plan"]')).to_have_count(0)
    expect(block.locator("li.rm-session")).to_have_count(1)
    expect(block.locator("li.rm-session").first).to_contain_text("45 minutes")
    assert errors == []
    context.close()

    context, page, errors = login(chromium, live_server.url, mentor, width)
    block = page.locator(BLOCK)
    block.get_by_role("button", name="Confirm this session happened").click()
    expect(block.locator("li.rm-session .rm-ok")).to_have_text("Confirmed")
    audits["mentor-logged"] = violations(page, f"plan-mentor-logged-{width}")
    page.locator(BLOCK).screenshot(path=str(ARTIFACTS / f"plan-mentor-logged-{width}.png"))
    assert errors == []
    context.close()
    assert audits == {name: [] for name in audits}, f"axe violations: {audits}"
