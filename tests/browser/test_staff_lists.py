"""The staff page's long lists in Debian's headless Chromium, at 1280 px and on phones (issue 12).

A program of 5,000 participants (written with ``bulk_create``: the test is about reading them)
and 60 pairs. The participant and pair tables show one page of 50 and say which rows of how
many ("Showing 1-50 of 5,000", with an en dash); the next page, a search for one username, a
sort by a column and a filter are answered by the server. How long after the page's
DOMContentLoaded the first page of participants shows is measured in the browser and printed,
never asserted: a test's timing is the machine's, not the code's. At 390 px and 320 px nothing
is wider than the screen and the rows are cards whose cells name their column.
axe-core finds no violation of any impact at 1280 px and at 390 px. Screenshots land under
``artifacts/browser/``.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from revmentor_plugin import services
from revmentor_plugin.models import Participant, Program
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = 5000
WITHDRAWN = 7
PAIRS = 60
DASH = "\u2013"

# performance.now() at DOMContentLoaded, and when the participant table first holds rows.
TIMING = """
window.rmTiming = {};
document.addEventListener("DOMContentLoaded", function () {
  window.rmTiming.ready = performance.now();
  var body = document.querySelector("#rm-participants tbody");
  if (!body) { return; }
  new MutationObserver(function (changes, observer) {
    if (body.querySelector("td[data-label]")) {
      window.rmTiming.rows = performance.now();
      observer.disconnect();
    }
  }).observe(body, {childList: true, subtree: true});
});
"""


def _seed():
    """The program, 5,000 participants (every 7th a mentor; 7 withdrawn) and 60 pairs."""
    data = factories.program(name="Company-wide exchange")
    program = Program.objects.get(uuid=data.uuid)
    password = make_password(None)  # nobody signs in as them: no hashing 5,000 times
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"person{i:05d}", email=f"person{i:05d}@example.com", password=password)
        for i in range(PEOPLE)
    )
    Participant.objects.bulk_create(
        Participant(
            program=program,
            user=user,
            role="mentor" if i % 7 == 0 else "mentee",
            status="withdrawn" if i >= PEOPLE - WITHDRAWN else "active",
            languages=["en"],
            department=f"Department {i % 40}",
        )
        for i, user in enumerate(users)
    )
    for i in range(PAIRS):  # mentor 7i, mentee 7i + 1, both enrolled
        factories.enroll(users[7 * i])
        factories.enroll(users[7 * i + 1])
        services.propose_pair(data.uuid, mentor=users[7 * i].username, mentee=users[7 * i + 1].username)
    return data


def _open(page, url: str) -> dict:
    """Open the staff page; the first page of participants' time, in ms since DOMContentLoaded."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.locator("#rm-participants td[data-label]").first).to_be_visible()
    timing = page.evaluate("window.rmTiming")
    timing["after_ready"] = timing["rows"] - timing["ready"]
    return timing


def _no_sideways_scroll(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll} px wide at {width} px"


def _screenshots(page, width: int) -> None:
    """The whole page, and the screen's worth at the top of some sections."""
    page.screenshot(path=str(ARTIFACTS / f"staff-lists-{width}.png"), full_page=True)
    for name in ("program", "participants", "pairs", "charts"):
        page.locator(f"#rm-{name}-title").evaluate("(heading) => heading.scrollIntoView()")
        page.screenshot(path=str(ARTIFACTS / f"staff-lists-{width}-{name}.png"))


def test_long_lists_are_paged_on_the_server(chromium, live_server):
    from playwright.sync_api import expect

    program = _seed()
    staff = factories.course_staff("nadia")
    url = f"{live_server.url}/revmentor/courses/{factories.COURSE}/?program={program.uuid}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, errors = signed_in(chromium, live_server.url, staff, width=1280, height=1000)
    context.add_init_script(TIMING)

    timing = _open(page, url)
    print(
        f"\n1280 px: first page of {PEOPLE} participants {timing['after_ready']:.0f} ms after "
        f"DOMContentLoaded ({timing['rows']:.0f} ms after navigation)"
    )

    people = page.locator("#rm-participants tbody tr")
    people_range = page.locator("#rm-p-pager .rm-pager-range")
    expect(people_range).to_have_text(f"Showing 1{DASH}50 of 5,000")
    expect(people).to_have_count(50)
    # The API's order: by role (mentees first), then username.
    expect(people.first.locator("td").first).to_have_text("person00001")

    # The next page comes from the server; previous goes back.
    pager = page.locator("#rm-p-pager")
    expect(pager.get_by_role("button", name="Previous")).to_be_disabled()
    pager.get_by_role("button", name="Next").click()
    expect(people_range).to_have_text(f"Showing 51{DASH}100 of 5,000")
    expect(people).to_have_count(50)
    assert people.first.locator("td").first.inner_text() != "person00001"
    pager.get_by_role("button", name="Previous").click()
    expect(people_range).to_have_text(f"Showing 1{DASH}50 of 5,000")

    # Sorting by a column asks the server: the last usernames of all 5,000 come first.
    username = page.locator("#rm-participants th", has_text="Username")
    username.get_by_role("button").click()
    expect(username).to_have_attribute("aria-sort", "ascending")
    expect(people.first.locator("td").first).to_have_text("person00000")
    username.get_by_role("button").click()
    expect(username).to_have_attribute("aria-sort", "descending")
    expect(people.first.locator("td").first).to_have_text(f"person{PEOPLE - 1:05d}")

    # A filter: the withdrawn, counted by the server.
    page.select_option("#rm-p-status", "withdrawn")
    expect(people_range).to_have_text(f"Showing 1{DASH}{WITHDRAWN} of {WITHDRAWN}")
    expect(people).to_have_count(WITHDRAWN)
    page.select_option("#rm-p-status", "")
    expect(people_range).to_have_text(f"Showing 1{DASH}50 of 5,000")

    # A search for one username finds that one participant among 5,000.
    page.fill("#rm-p-search", "person04321")
    page.press("#rm-p-search", "Enter")
    expect(people_range).to_have_text(f"Showing 1{DASH}1 of 1")
    expect(people).to_have_count(1)
    expect(people.first).to_contain_text("person04321")
    expect(people.first).to_contain_text("Department 1")  # 4321 % 40
    page.fill("#rm-p-search", "")
    page.press("#rm-p-search", "Enter")
    expect(people_range).to_have_text(f"Showing 1{DASH}50 of 5,000")

    # The pair table: a page of 50 of the 60, the rest on the next page; search and sort too.
    pairs = page.locator("#rm-pairs tbody tr")
    pairs_range = page.locator("#rm-pair-pager .rm-pager-range")
    expect(pairs_range).to_have_text(f"Showing 1{DASH}50 of 60")
    expect(pairs).to_have_count(50)
    page.locator("#rm-pair-pager").get_by_role("button", name="Next").click()
    expect(pairs_range).to_have_text(f"Showing 51{DASH}60 of 60")
    expect(pairs).to_have_count(10)
    mentor = page.locator("#rm-pairs th", has_text=re.compile("Advisor|Mentor"))
    mentor.get_by_role("button").click()
    expect(pairs_range).to_have_text(f"Showing 1{DASH}50 of 60")  # a new order starts on page 1
    expect(pairs.first.locator("td").first).to_have_text("person00000")
    page.fill("#rm-pair-search", "person00071")
    page.press("#rm-pair-search", "Enter")
    expect(pairs_range).to_have_text(f"Showing 1{DASH}1 of 1")
    expect(pairs.first.locator("td").nth(1)).to_have_text("person00071")
    page.fill("#rm-pair-search", "")
    page.press("#rm-pair-search", "Enter")
    expect(pairs_range).to_have_text(f"Showing 1{DASH}50 of 60")

    _screenshots(page, 1280)
    violations = axe_audit(page, "staff-lists-1280")
    assert violations == [], violations
    context.close()

    # Phones: the same page at 390 px (the width) and 320 px (the narrowest we support).
    for width in (390, 320):
        context, page, phone_errors = signed_in(
            chromium, live_server.url, staff, width=width, height=844, is_mobile=True, has_touch=True
        )
        context.add_init_script(TIMING)
        timing = _open(page, url)
        print(f"{width} px: first page {timing['after_ready']:.0f} ms after DOMContentLoaded")
        expect(page.locator("#rm-p-pager .rm-pager-range")).to_have_text(f"Showing 1{DASH}50 of 5,000")
        expect(page.locator("#rm-pair-pager .rm-pager-range")).to_have_text(f"Showing 1{DASH}50 of 60")
        _no_sideways_scroll(page, width)
        # Rows are cards: each cell names its column, and sits within the screen.
        cell = page.locator("#rm-participants tbody tr").first.locator("td").nth(3)
        assert cell.get_attribute("data-label") == "Department"
        assert (
            page.evaluate("(cell) => getComputedStyle(cell, '::before').content", cell.element_handle())
            == '"Department"'
        )
        row = page.locator("#rm-pairs tbody tr").first.bounding_box()
        assert row["x"] >= 0, row
        assert row["x"] + row["width"] <= width, row
        # Buttons are big enough to touch.
        for button in (
            page.locator("#rm-p-pager").get_by_role("button", name="Next"),
            page.locator("#rm-pairs tbody tr").first.get_by_role("button"),
            page.locator("#rm-pairs th button").first,
        ):
            assert button.bounding_box()["height"] >= 44, button
        # Paging, with the pager's own buttons, works here too.
        page.locator("#rm-p-pager").get_by_role("button", name="Next").click()
        expect(page.locator("#rm-p-pager .rm-pager-range")).to_have_text(f"Showing 51{DASH}100 of 5,000")
        page.get_by_role("button", name="Preview matching").scroll_into_view_if_needed()
        _no_sideways_scroll(page, width)
        _screenshots(page, width)
        if width == 390:
            violations = axe_audit(page, f"staff-lists-{width}")
            assert violations == [], violations
        context.close()
        errors.extend(phone_errors)
    assert errors == []
