"""Course staff in Debian's headless Chromium: from the instructor dashboard to the staff page.

Staff open the dashboard, follow the revmentor tab, see pairs with their health reasons and a
rendered chart, preview and publish a matching, and download the CSV; a participant's
``<script>`` text shows as text; axe-core finds no violation, at 1200 px and at 390 px, where no
table is wider than the screen (also at 320 px). Screenshots land under ``artifacts/browser/``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCRIPT = "<script>alert('x')</script>"


def _seed():
    program = factories.program(name="Digital exchange")
    today = dt.date.today()
    with freeze_time(today - dt.timedelta(days=40)):
        pair, mentor, _ = factories.active_pair(
            program, mentor=factories.enrolled("amara"), mentee=factories.enrolled("margaret")
        )
        services.log_session(
            pair.uuid,
            user=mentor,
            occurred_on=today - dt.timedelta(days=40),
            duration_minutes=30,
            led_by="mentor",
        )
    fresh, fresh_mentor, _ = factories.active_pair(
        program, mentor=factories.enrolled("kenji"), mentee=factories.enrolled("yuki")
    )
    services.log_session(
        fresh.uuid, user=fresh_mentor, occurred_on=today, duration_minutes=45, led_by="mentor"
    )
    services.close_pair(fresh.uuid, reason=SCRIPT)
    factories.join(
        program,
        factories.enrolled("lucia"),
        "mentor",
        skills_offered=["python"],
        interests=["jazz"],
        department=SCRIPT,
    )
    factories.join(
        program, factories.enrolled("james"), "mentee", skills_sought=["python"], interests=["jazz"]
    )
    return program


def test_staff_journey(chromium, live_server, settings):
    from playwright.sync_api import expect

    settings.LMS_ROOT_URL = live_server.url  # what every deployment sets; the MFE tab links there
    program = _seed()
    staff = factories.course_staff("nadia")
    context = chromium.new_context(viewport={"width": 1200, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", "pw")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    # The legacy dashboard's section (a Mako include) links to the staff page...
    page.goto(f"{live_server.url}/courses/{factories.COURSE}/instructor/")
    section = page.locator("section#revmentor")
    expect(section.get_by_role("heading", name="Reverse mentoring")).to_be_visible()
    expect(section).to_contain_text("Digital exchange")
    section.get_by_role("link", name="Open the reverse-mentoring staff page").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/revmentor/courses/{factories.COURSE}/"
    # ...and so does the new dashboard's tab, out of the MFE to the LMS page.
    page.goto(f"{live_server.url}/instructor-dashboard/{factories.COURSE}/")
    page.get_by_role("link", name="Reverse mentoring").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/revmentor/courses/{factories.COURSE}/"
    expect(page.get_by_role("heading", name="Digital exchange")).to_be_visible()

    # Pairs with health and reasons; the at-risk pair says why.
    pairs = page.locator("#rm-pairs tbody")
    expect(pairs).to_contain_text("amara")
    expect(pairs).to_contain_text("No session for 40 days (cadence: every 14 days)")
    expect(pairs.locator(".rm-health.at_risk")).to_have_count(1)
    # A participant-controlled text (a closing reason) shows as text, never as markup.
    expect(pairs).to_contain_text(SCRIPT)
    assert page.locator("#rm-pairs script").count() == 0
    page.select_option("#rm-f-health", "at_risk")
    expect(pairs.locator("tr")).to_have_count(1)
    page.select_option("#rm-f-health", "")
    page.get_by_role("button", name="View pair amara and margaret").click()
    expect(page.locator("#rm-pair-detail")).to_be_visible()
    expect(page.locator("#rm-pair-detail")).not_to_contain_text("notes")
    # Words and dates as people read them: labels, not stored values; dates in the page's
    # language and the browser's time zone, the ISO value kept for machines.
    detail = page.locator("#rm-pair-detail")
    expect(detail).to_contain_text("Active")
    expect(detail).to_contain_text("Staff")
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", detail.inner_text()), detail.inner_text()
    created = detail.locator("time").first
    assert re.match(r"\d{4}-\d{2}-\d{2}T", created.get_attribute("datetime"))
    assert re.search(r"20\d\d", created.inner_text())
    expect(pairs.locator("td", has_text=re.compile(r"^Active$")).first).to_be_visible()
    detail.screenshot(path=str(ARTIFACTS / "staff-pair-detail.png"))

    # A participant's own profile text shows as text too.
    expect(page.locator("#rm-participants tbody")).to_contain_text(SCRIPT)
    assert page.locator("#rm-participants script").count() == 0

    # A rendered chart with bars.
    assert page.locator("#rm-chart-sessions rect.s-sessions").count() >= 1
    assert page.locator("#rm-chart-health rect").count() >= 1

    # Matching preview with explanations, then publish.
    page.get_by_role("button", name="Preview matching").click()
    proposals = page.locator("#rm-proposals tbody")
    expect(proposals).to_contain_text("lucia")
    expect(proposals).to_contain_text("james")
    expect(proposals).to_contain_text("jazz")
    page.screenshot(path=str(ARTIFACTS / "staff-page-matching.png"), full_page=True)
    page.get_by_role("button", name="Publish as proposed pairs").click()
    expect(page.locator("#rm-status")).to_contain_text("Published. Pairs created: 1; skipped: 0.")
    assert {p.mentor.username for p in services.pairs_of_program(program.uuid, statuses=["proposed"])} == {
        "lucia"
    }

    # CSV export.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export the pair table (CSV)").click()
    path = download_info.value.path()
    with open(path, encoding="utf-8") as handle:
        content = handle.read()
    assert content.splitlines()[0].startswith("uuid,mentor,mentee,status")
    assert "amara" in content

    # CSV import, every row or none. Two rows are "large" here, so the file is queued and its
    # progress followed. A file with a problem lists every problem and writes nothing...
    factories.enrolled("olu")
    factories.enrolled("pat")
    settings.REVMENTOR_IMPORT_ASYNC_THRESHOLD = 1
    status = page.locator("#rm-status")
    report = page.locator("#rm-import-report")

    def upload(text: str) -> None:
        page.set_input_files(
            "#rm-import-file", files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": text.encode()}]
        )
        page.get_by_role("button", name="Import", exact=True).click()

    upload("username,role,languages\nolu,mentee,en\nghost,mentee,Klingon!\n")
    expect(status).to_contain_text("Nothing was imported. Rows with problems: 1, listed below.")
    expect(report).to_contain_text("username: No learner named 'ghost' is enrolled in this course.")
    expect(report).to_contain_text("languages: Not language codes")
    assert services.find_participant(program.uuid, "olu") is None
    # ...and a clean one is written whole.
    upload("username,role,languages\nolu,mentee,en\npat,mentor,en\n")
    expect(status).to_contain_text("Import finished: 2 added, 0 updated.")
    expect(page.locator("#rm-participants tbody")).to_contain_text("olu")
    expect(page.locator("#rm-import-progress-line")).to_be_hidden()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "staff-page.png"), full_page=True)
    violations = axe_audit(page, "staff-page")
    assert violations == [], violations

    # The same page, with the matching preview and the import report open, on phones: no
    # sideways scroll, every table a list of cards, nothing for axe to report.
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"the page is {scroll} px wide at {width} px"
        assert page.locator("#rm-proposals tbody td").first.get_attribute("data-label") == "Advisor"
        page.screenshot(path=str(ARTIFACTS / f"staff-page-{width}.png"), full_page=True)
        page.locator("#rm-run-result").screenshot(path=str(ARTIFACTS / f"staff-matching-{width}.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    violations = axe_audit(page, "staff-page-390")
    assert violations == [], violations
    assert dialogs == []
    assert errors == []
    context.close()
