"""The course staff guide's first program, walked in Debian's headless Chromium; its pictures.

docs/course-staff.rst walks a first program: staff create and open it on the staff page, the
blocks sit in a unit (their Studio editor), learners join, staff preview and publish a matching,
the pair accepts, and staff track it from the instructor dashboard and the staff page. This test
walks the same steps in the sandbox, checks each one did what the guide says, and saves a cropped
screenshot of each under ``artifacts/browser/guide-*.png``. ``make docs-screenshots`` runs it and
copies the pictures to ``docs/images/``, where the guide shows them.
"""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Every picture the guide shows, in the order the walk takes them.
SHOTS = (
    "guide-create-program",
    "guide-program",
    "guide-studio-editor",
    "guide-learner-join",
    "guide-matching",
    "guide-learner-accept",
    "guide-dashboard-tab",
    "guide-pairs",
)


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


def _sign_in(browser, base: str, username: str):
    _context, page, errors = signed_in(browser, base, username)
    page.rm_errors = errors  # type: ignore[attr-defined]
    return page


def _shoot(locator, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    locator.page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=str(ARTIFACTS / f"{name}.png"), animations="disabled", caret="hide")


def _block(page, block_type: str):
    return page.locator(f'.xblock[data-block-type="{block_type}"]')


def test_first_program_as_the_guide_walks_it(chromium, live_server, settings):
    from playwright.sync_api import expect

    settings.LMS_ROOT_URL = live_server.url
    base = live_server.url
    staff_page_url = f"{base}/revmentor/courses/{factories.COURSE}/"
    unit_url = f"{base}/courses/{factories.COURSE}/unit/mentoring/"
    factories.course_staff("nadia_staff")
    factories.enrolled("amara_dev")
    factories.enrolled("peter_plant")

    # 1. Create and open a program on the staff page.
    staff = _sign_in(chromium, base, "nadia_staff")
    staff.goto(staff_page_url)
    expect(staff.get_by_role("heading", name="No program yet")).to_be_visible()
    form = staff.locator("#rm-program-form")
    form.get_by_label("Name").fill("Digital skills exchange")
    form.get_by_label("Organizational outcome").fill("Senior leaders fluent in the tools their teams use.")
    form.get_by_label("Expectations both sides accept").fill(
        "Meet every two weeks for an hour. The Advisor drives the sessions; the Learner brings a real task."
    )
    form.get_by_label("Status").select_option("enrolling")
    _shoot(staff.locator("section[aria-labelledby=rm-edit-title]"), "guide-create-program")
    form.get_by_role("button", name="Create program").click()
    expect(staff.get_by_role("heading", name="Digital skills exchange")).to_be_visible()
    (program,) = services.programs_in_course(factories.COURSE)
    assert program.status == "enrolling"
    for skill in ("Python", "Spreadsheets"):
        staff.locator("#rm-skill-name").fill(skill)
        staff.get_by_role("button", name="Add skill").click()
        expect(staff.locator("#rm-skills")).to_contain_text(skill)
    _shoot(staff.locator("section[aria-labelledby=rm-program-title]"), "guide-program")

    # 2. The blocks in a unit: Studio's editor of the pairing block (the course's staff save it).
    # (A page of its own: the sandbox serves the editor's markup without Studio's jQuery.)
    studio = staff.context.new_page()
    studio.goto(f"{unit_url}?view=studio")
    editor = _block(studio, "revmentor_pairing")
    expect(editor.get_by_label("Display name", exact=False).first).to_be_visible()
    _shoot(editor, "guide-studio-editor")
    studio.close()

    # 3. Learners join from the pairing block.
    learners = {}
    for username, role, skill in (
        ("amara_dev", "Advisor (mentor)", "Python"),
        ("peter_plant", "Learner (mentee)", "Python"),
    ):
        page = _sign_in(chromium, base, username)
        page.goto(unit_url)
        pairing = _block(page, "revmentor_pairing")
        pairing.get_by_label(role).check()
        pairing.get_by_label(skill).check()
        pairing.get_by_label("Interests (comma-separated)").fill("jazz, cycling")
        rated = (
            ("Leading a working relationship with a senior colleague", "Senior colleagues know my work")
            if username == "amara_dev"
            else (skill,)
        )
        for item in rated:
            pairing.get_by_role("group", name=item, exact=True).get_by_label("2", exact=True).check()
        if username == "amara_dev":
            _shoot(pairing, "guide-learner-join")
        pairing.get_by_role("button", name="Join the program").click()
        expect(pairing.locator("[data-rm-live]")).to_have_text("You joined the program.")
        learners[username] = page
    assert {p.username for p in services.participants_of_program(program.uuid)} == {
        "amara_dev",
        "peter_plant",
    }

    # 4. Staff preview the matching, read why, and publish.
    staff.goto(f"{staff_page_url}?program={program.uuid}")
    staff.get_by_role("button", name="Preview matching").click()
    proposals = staff.locator("#rm-proposals tbody")
    expect(proposals).to_contain_text("amara_dev")
    expect(proposals).to_contain_text("peter_plant")
    _shoot(staff.locator("section[aria-labelledby=rm-matching-title]"), "guide-matching")
    staff.get_by_role("button", name="Publish as proposed pairs").click()
    expect(staff.locator("#rm-status")).to_contain_text("Published. Pairs created: 1; skipped: 0.")

    # 5. Both see their partner and why, and accept the expectations.
    for username, page in learners.items():
        page.goto(unit_url)
        pairing = _block(page, "revmentor_pairing")
        expect(pairing.get_by_role("button", name="I accept the expectations")).to_be_visible()
        if username == "peter_plant":
            _shoot(pairing, "guide-learner-accept")
        pairing.get_by_role("button", name="I accept the expectations").click()
        expect(pairing.locator("[data-rm-live]")).to_have_text("You accepted the expectations.")
    (pair,) = services.pairs_of_program(program.uuid)
    assert services.get_pair(pair.uuid).status == "active"

    # 6. Track: the instructor dashboard's section leads to the staff page's pair table.
    staff.goto(f"{base}/courses/{factories.COURSE}/instructor/")
    section = staff.locator("section#revmentor")
    expect(section).to_contain_text("Digital skills exchange")
    _shoot(section, "guide-dashboard-tab")
    section.get_by_role("link", name="Open the reverse-mentoring staff page").click()
    staff.wait_for_load_state()
    pairs = staff.locator("#rm-pairs tbody")
    expect(pairs).to_contain_text("amara_dev")
    expect(pairs).to_contain_text("Active")
    _shoot(staff.locator("section[aria-labelledby=rm-pairs-title]"), "guide-pairs")

    for page in (staff, *learners.values()):
        assert page.rm_errors == []
        page.context.close()
    for name in SHOTS:
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 1000, name
