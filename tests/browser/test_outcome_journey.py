"""Course staff track the organizational outcome on the staff page, in headless Chromium.

They read the program's stated outcome, record a milestone of a measure they define (a day in
the future is named, nothing is saved), see the measures already used offered, correct a
milestone and delete one; each measure has a chart with its table and a "how to read this" line. axe-core
finds no violation at 1200 px and at 390 px, where the milestones table is a list of cards and
nothing is wider than the screen. Screenshots land under ``artifacts/browser/``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from revmentor_plugin import services
from revmentor_plugin.models import OutcomeRecord
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MEASURE = "Senior leaders using the analytics dashboard weekly"


def test_staff_record_correct_and_delete_milestones(chromium, live_server):
    from playwright.sync_api import expect

    today = dt.date.today()
    program = factories.program(
        name="Digital exchange", organizational_outcome="Every senior leader reads the team's dashboards"
    )
    staff = factories.course_staff("nadia_outcome")
    services.record_outcome(
        program.uuid, user=staff, measure=MEASURE, value=3, recorded_on=today - dt.timedelta(days=30)
    )
    context, page, errors = signed_in(chromium, live_server.url, staff, width=1200, height=1000)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{live_server.url}/revmentor/courses/{factories.COURSE}/")
    section = page.locator("#rm-outcome")
    expect(section.get_by_role("heading", name="Organizational outcome")).to_be_visible()
    expect(section).to_contain_text("Every senior leader reads the team's dashboards")
    expect(section).to_contain_text("Lee 2015")
    # the measures already used are offered
    assert page.locator("#rm-o-measures option").evaluate_all("os => os.map(o => o.value)") == [MEASURE]

    # A day in the future is named, and nothing is saved.
    page.get_by_label("Measure", exact=True).fill(MEASURE)
    page.get_by_label("Value", exact=True).fill("12")
    page.get_by_label("Day measured").fill(str(today + dt.timedelta(days=1)))
    page.get_by_role("button", name="Save milestone").click()
    expect(page.locator("#rm-outcome-errors")).to_contain_text("recorded_on")
    assert OutcomeRecord.objects.count() == 1

    page.get_by_label("Day measured").fill(str(today))
    page.get_by_label("Note (optional)").fill("After the first cohort")
    page.get_by_role("button", name="Save milestone").click()
    records = page.locator("#rm-outcome-records tbody")
    expect(records.locator("tr")).to_have_count(2)
    expect(records).to_contain_text("After the first cohort")
    expect(page.locator("#rm-chart-outcome-1 rect.s-outcome")).to_have_count(2 + 1)  # + legend

    # Correct the first milestone: the form fills in, PATCH, the page shows the new value.
    first = records.locator("tr").first
    first.get_by_role("button", name="Edit the milestone").click()
    expect(page.get_by_label("Value", exact=True)).to_have_value("3")
    page.get_by_label("Value", exact=True).fill("4.5")
    page.get_by_role("button", name="Save milestone").click()
    expect(records.locator("tr").first).to_contain_text("4.5")
    assert sorted(float(v) for v in OutcomeRecord.objects.values_list("value", flat=True)) == [4.5, 12.0]

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / "staff-outcome.png"))
    violations = axe_audit(page, "staff-outcome")
    assert violations == [], violations

    page.set_viewport_size({"width": 390, "height": 844})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, f"the page is {scroll} px wide at 390 px"
    assert records.locator("td").first.get_attribute("data-label") == "Measure"
    assert records.locator("tr").first.evaluate("row => getComputedStyle(row).display") == "block"
    section.screenshot(path=str(ARTIFACTS / "staff-outcome-390.png"))
    violations = axe_audit(page, "staff-outcome-390")
    assert violations == [], violations

    # Delete the newest one, after confirming.
    records.locator("tr").last.get_by_role("button", name="Delete the milestone").click()
    expect(records.locator("tr")).to_have_count(1)
    assert len(dialogs) == 1
    assert OutcomeRecord.objects.count() == 1
    assert errors == []
    context.close()
