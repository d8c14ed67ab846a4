"""Course staff edit the program's leadership and visibility items on the staff page (issue 16):
a list editor in the program settings, saved through the REST program PATCH, its errors next
to it; a learner's pairing block then asks the new items. axe-core finds no violation."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEADING = "Leading a working relationship with a senior colleague"
KNOWN = "Senior colleagues know my work"
PRESENTING = "Presenting my work to the leadership team"


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


def _labels(page) -> list[str]:
    return page.locator("#rm-f-items input").evaluate_all("(inputs) => inputs.map((i) => i.value)")


def test_staff_add_and_remove_an_item_and_the_join_form_asks_it(chromium, live_server):
    from playwright.sync_api import expect

    program = factories.program()
    first_key = services.get_program(program.uuid).leadership_items[0]["key"]
    staff = factories.course_staff("nadia")
    context, page, errors = signed_in(chromium, live_server.url, staff, width=1200)
    url = f"{live_server.url}/revmentor/courses/{factories.COURSE}/?program={program.uuid}"
    page.goto(url)
    editor = page.get_by_role("group", name="Leadership and visibility items")
    expect(editor).to_be_visible()
    assert _labels(page) == [LEADING, KNOWN]
    save = page.get_by_role("button", name="Save settings")

    # An empty new row: the server's error shows next to the list, on that row; nothing changes.
    editor.get_by_role("button", name="Add an item").click()
    expect(editor.get_by_label("Item 3", exact=True)).to_be_focused()
    save.click()
    error = page.locator("#rm-f-leadership-error")
    expect(error).to_contain_text("Item 3:")
    expect(editor.get_by_label("Item 3", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(editor.get_by_label("Item 3", exact=True)).to_be_focused()
    expect(page.locator("#rm-program-errors")).to_be_empty()
    assert [item["label"] for item in services.get_program(program.uuid).leadership_items] == [LEADING, KNOWN]
    audits = {"editor-error": axe_audit(page, "staff-leadership-items-error")}

    # Fill it in, remove the second item, save: the page reloads with the new list.
    editor.get_by_label("Item 3", exact=True).fill(PRESENTING)
    editor.get_by_role("button", name="Remove item 2").click()
    expect(editor.get_by_label("Item 2", exact=True)).to_have_value(PRESENTING)
    expect(editor.get_by_label("Item 2", exact=True)).to_be_focused()
    expect(editor.get_by_role("button", name="Remove item 3")).to_have_count(0)
    with page.expect_navigation():
        save.click()
    page.reload()
    expect(page.get_by_role("group", name="Leadership and visibility items")).to_be_visible()
    assert _labels(page) == [LEADING, PRESENTING]
    items = services.get_program(program.uuid).leadership_items
    # The kept item keeps its key (its ratings stay with it); the new one's comes from its label.
    assert [item["key"] for item in items] == [first_key, "presenting-my-work-to-the-leadership-team"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#rm-program-form").screenshot(path=str(ARTIFACTS / "staff-leadership-items.png"))
    audits["editor"] = axe_audit(page, "staff-leadership-items")
    page.set_viewport_size({"width": 390, "height": 844})
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 390, f"the page is {scroll} px wide at 390 px"
    page.locator("#rm-f-leadership").screenshot(path=str(ARTIFACTS / "staff-leadership-items-390.png"))
    audits["editor-390"] = axe_audit(page, "staff-leadership-items-390")
    assert errors == []
    context.close()

    # A learner's pairing block asks the program's items as they are now.
    context, page, errors = signed_in(chromium, live_server.url, factories.enrolled("jo_joiner"))
    page.goto(f"{live_server.url}/courses/{factories.COURSE}/unit/mentoring/")
    pairing = page.locator('.xblock[data-block-type="revmentor_pairing"]')
    expect(pairing.get_by_role("group", name=PRESENTING, exact=True)).to_be_visible()
    expect(pairing.get_by_role("group", name=LEADING, exact=True)).to_be_visible()
    assert pairing.get_by_role("group", name=KNOWN, exact=True).count() == 0
    assert errors == []
    context.close()
    assert audits == {name: [] for name in audits}, f"axe violations: {audits}"
