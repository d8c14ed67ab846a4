"""The sponsor's outcome page (issue 16) in headless Chromium: at 390 px and 1280 px it reads
without sideways scrolling (a wide table scrolls inside its box) and axe finds nothing; printed (the
print media), the buttons and the navigation are hidden, every section is there, and Chromium
saves it as a PDF. Screenshots and the PDF land under ``artifacts/browser/``
(``outcome-page-<width>.png``, ``outcome-page-print.png``, ``outcome-page.pdf``)."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLES = [
    "Organizational outcome",
    "Two-way learning",
    "Role reversal",
    "Interaction frequency",
    "Trust over time",
]


@pytest.fixture(autouse=True)
def _k(settings):
    settings.REVMENTOR_REPORT_MIN_GROUP_SIZE = 3


def seed():
    """A program with believable data in every section: milestones of its outcome, six completed
    pairs that rated their confidence (three met at the cadence), sessions mostly led by the
    Advisor, and pulse checks of six active pairs two weeks ago with diverging trust."""
    today = dt.date.today()
    last_month = today.replace(day=1) - dt.timedelta(days=20)
    with freeze_time(last_month - dt.timedelta(days=40)):
        program = factories.program(
            name="Digital exchange",
            organizational_outcome="Every senior leader reads the team's dashboards",
            mentor_label="Guide",
            mentee_label="Executive",
        )
    with freeze_time(last_month):
        for index, (before, after) in enumerate(((1, 4), (2, 4), (2, 5), (2, 3), (3, 3), (1, 2))):
            factories.rated_pair(program, before, after, sessions=2 if index < 3 else 0, mentor_after=4)
    staff = factories.course_staff("nadia_sponsor")
    for days, value in ((60, 3), (30, 7), (2, 12)):
        services.record_outcome(
            program.uuid,
            user=staff,
            measure="Senior leaders reading dashboards weekly",
            value=value,
            recorded_on=today - dt.timedelta(days=days),
            note="Counted from the dashboard's logs",
        )
    monday = today - dt.timedelta(days=today.weekday())
    older = monday - dt.timedelta(days=14)
    factories.reversal_week(program, older)
    return program, staff


def test_the_outcome_page_reads_at_390_and_1280_and_prints_to_pdf(chromium, live_server):
    program, staff = seed()
    context, page, errors = signed_in(chromium, live_server.url, staff, width=1280)
    page.goto(f"{live_server.url}/revmentor/courses/{factories.COURSE}/programs/{program.uuid}/outcome/")
    for title in TITLES:
        assert page.get_by_role("heading", name=title).is_visible()
    assert page.locator("svg.revmentor-chart").count() >= 7
    assert page.locator("table.rm-o-table").count() == 5
    assert page.get_by_text("Executive", exact=True).first.is_visible()
    # a bar for Python only: the other skills have no ratings
    assert page.locator("#rm-outcome-chart-learning-mentees rect.s-after:has(title)").count() == 1
    print_button = page.get_by_role("button", name="Print or save as PDF")
    assert print_button.is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"outcome-page-{width}.png"), full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page is {scroll} px wide at {width} px"
        violations = axe_audit(page, f"outcome-page-{width}")
        assert violations == [], violations

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert not print_button.is_visible()
    assert not page.get_by_role("navigation").first.is_visible()
    text = page.locator("main").inner_text()
    for title in TITLES:
        assert title in text
    page.set_viewport_size({"width": 794, "height": 1123})  # an A4 sheet at 96 dpi
    page.screenshot(path=str(ARTIFACTS / "outcome-page-print.png"), full_page=True)
    pdf = ARTIFACTS / "outcome-page.pdf"
    pdf.unlink(missing_ok=True)
    page.pdf(path=str(pdf), format="A4", print_background=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 5  # a page per section
    assert errors == []
    context.close()


def test_the_staff_pages_two_way_learning_section_reads_at_1280_and_390(chromium, live_server):
    program, staff = seed()
    context, page, errors = signed_in(chromium, live_server.url, staff, width=1280)
    page.goto(f"{live_server.url}/revmentor/courses/{factories.COURSE}/?program={program.uuid}")
    section = page.locator("#rm-learning")
    assert section.get_by_role("heading", name="Two-way learning").is_visible()
    for chart in ("mentees", "mentors", "cadence"):
        assert page.locator(f"#rm-chart-learning-{chart}").is_visible()
    assert "not a proof" in section.inner_text()
    link = page.get_by_role("link", name="Outcome page for the sponsor (printable)")
    assert link.get_attribute("href").endswith(f"/programs/{program.uuid}/outcome/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for summary in section.locator("summary").all():
            summary.click()  # the tables open, as someone reading them would
        section.screenshot(path=str(ARTIFACTS / f"staff-learning-{width}.png"))
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page is {scroll} px wide at {width} px"
        violations = axe_audit(page, f"staff-learning-{width}")
        assert violations == [], violations
        for summary in section.locator("summary").all():
            summary.click()
    link.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Outcome of Digital exchange").is_visible()
    assert errors == []
    context.close()
