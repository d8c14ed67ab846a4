"""Course staff edit participants and change the expectations, in Debian's headless Chromium (issue 12).

At a phone's width (390 px) and a laptop's (1280 px): staff edit a participant's profile (never
their private answers), withdraw and reinstate them; matching says "No mentor has any capacity"
and the fix is one click away (every active mentor's capacity, editable in place, then matching
runs again); a new text of the expectations asks for confirmation first, with the number of pairs
that will need to accept again (cancel sends nothing); then a learner of an open pair sees in
the pairing block that the text changed, and what changed. axe-core finds no violation at all;
screenshots land under ``artifacts/browser/``.
"""

from __future__ import annotations

import json

import pytest
from django.template.defaultfilters import date as date_filter

from revmentor_plugin import services
from tests import factories
from tests.browser.conftest import ARTIFACTS, axe_audit, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = "Meet every two weeks. The advisor drives the sessions."
NEW = "Meet every week. The advisor drives the sessions."


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    from sandbox_lms import courseware

    courseware.STORE.db_dict.clear()


def _seed():
    program = factories.program(name="Digital exchange", expectations=OLD)
    factories.active_pair(program, mentor=factories.enrolled("amara"), mentee=factories.enrolled("margaret"))
    factories.join(program, factories.enrolled("lucia"), "mentor", capacity=0, skills_offered=["python"])
    factories.join(program, factories.enrolled("james"), "mentee", skills_sought=["python"])
    olu = factories.enrolled("olu")
    factories.join(program, olu, "mentee", department="Sales")
    services.update_participant(program.uuid, "olu", reminders_opt_out=True)  # olu's own switch
    return program


def _login(browser, base: str, username: str, width: int):
    """Signed in; dialogs are dismissed and reported with the JavaScript errors."""
    context, page, problems = signed_in(browser, base, username, width=width)
    page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    return context, page, problems


def _no_violations(page, label: str) -> None:
    """axe-core's whole list, not only the serious ones: the brief is "no violations"."""
    axe_audit(page, label)
    summary = json.loads((ARTIFACTS / f"axe-{label}.json").read_text())
    assert summary["violations"] == [], summary["violations"]


@pytest.mark.parametrize("width", [390, 1280])
def test_staff_edit_participants_and_change_the_expectations(chromium, live_server, width):
    from playwright.sync_api import expect

    program = _seed()
    factories.course_staff("nadia")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, problems = _login(chromium, live_server.url, "nadia", width)
    page.goto(f"{live_server.url}/revmentor/courses/{factories.COURSE}/")
    status = page.locator("#rm-status")
    people = page.locator("#rm-participants tbody")
    expect(people).to_contain_text("olu")

    # Edit a participant: what staff may change, never the private answers.
    page.get_by_role("button", name="Edit olu").click()
    panel = page.locator("#rm-person")
    expect(panel).to_be_visible()
    expect(panel.get_by_label("Department")).to_have_value("Sales")
    expect(panel.get_by_label("Capacity (mentees at once)")).to_be_hidden()  # a mentee
    assert panel.locator("[name=self_description], [name=reminders_opt_out]").count() == 0
    panel.get_by_label("Department").fill("Finance")
    panel.get_by_label("Interests (comma-separated)").fill("chess, jazz")
    panel.get_by_role("button", name="Save participant").click()
    expect(status).to_have_text("Saved.")
    olu = services.get_participant(program.uuid, "olu")
    assert (olu.department, olu.interests, olu.reminders_opt_out) == ("Finance", ("chess", "jazz"), True)
    expect(people).to_contain_text("Finance")

    # Withdraw, then reinstate.
    panel.get_by_label("Reason (optional)").fill("On leave until May")
    panel.get_by_role("button", name="Withdraw from the program").click()
    expect(status).to_have_text("olu withdrew from the program; their open pairs are closed.")
    assert services.get_participant(program.uuid, "olu").status == "withdrawn"
    expect(panel).to_contain_text("Withdrawn")
    expect(people.locator("tr", has_text="olu")).to_contain_text("Withdrawn")
    panel.screenshot(path=str(ARTIFACTS / f"staff-participant-withdrawn-{width}.png"))
    panel.get_by_role("button", name="Reinstate in the program").click()
    expect(status).to_have_text("olu is back in the program.")
    assert services.get_participant(program.uuid, "olu").status == "active"
    expect(panel.get_by_role("button", name="Withdraw from the program")).to_be_visible()

    # Matching: no mentor has a free seat; the fix is one click away.
    page.get_by_role("button", name="Preview matching").click()
    unmatched = page.locator("#rm-unmatched")
    expect(unmatched).to_contain_text("james (mentee): No mentor has any capacity")
    expect(page.locator("#rm-proposals tbody tr")).to_have_count(0)
    page.get_by_role("button", name="Edit mentors' capacity").click()
    capacity = page.locator("#rm-capacity")
    expect(capacity).to_be_visible()
    expect(capacity.get_by_label("Capacity of amara")).to_have_value("1")
    expect(capacity.get_by_label("Capacity of lucia")).to_have_value("0")
    expect(capacity.get_by_label("Capacity of amara")).to_be_focused()
    capacity.get_by_label("Capacity of lucia").fill("2")
    capacity.screenshot(path=str(ARTIFACTS / f"staff-mentor-capacity-{width}.png"))
    capacity.get_by_role("button", name="Save and preview matching again").click()
    proposals = page.locator("#rm-proposals tbody")
    expect(proposals.locator("tr")).to_have_count(2)
    expect(proposals).to_contain_text("james")
    expect(proposals).to_contain_text("olu")
    expect(page.locator("#rm-capacity-fix")).to_be_hidden()
    assert services.get_participant(program.uuid, "lucia").capacity == 2
    page.screenshot(path=str(ARTIFACTS / f"staff-capacity-fix-{width}.png"), full_page=True)
    page.get_by_role("button", name="Publish as proposed pairs").click()
    expect(status).to_contain_text("Published. Pairs created: 2; skipped: 0.")

    # The expectations: confirm first, with the number of pairs from the server.
    settings_form = page.locator("#rm-program-form")
    settings_form.get_by_label("Expectations both sides accept").fill(NEW)
    settings_form.get_by_role("button", name="Save settings").click()
    confirm = page.locator("#rm-expectations-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Pairs that will need to accept again: 3.")
    expect(confirm).to_be_focused()
    confirm.screenshot(path=str(ARTIFACTS / f"staff-expectations-confirm-{width}.png"))
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(status).to_have_text("Nothing was saved.")
    unchanged = services.get_program(program.uuid)
    assert (unchanged.expectations, unchanged.expectations_version) == (OLD, 1)

    settings_form.get_by_role("button", name="Save settings").click()
    expect(confirm).to_be_visible()
    page.get_by_role("button", name="Edit amara").click()  # the edit panel open too, for the audit
    expect(panel).to_be_visible()
    expect(panel.get_by_label("Capacity (mentees at once)")).to_have_value("1")
    page.screenshot(path=str(ARTIFACTS / f"staff-participants-{width}.png"), full_page=True)
    _no_violations(page, f"staff-participants-{width}")
    with page.expect_navigation():
        confirm.get_by_role("button", name="Save and ask them again").click()
    changed = services.get_program(program.uuid)
    assert (changed.expectations, changed.expectations_version) == (NEW, 2)
    assert changed.previous_expectations == OLD
    assert problems == []
    context.close()

    # A learner of an open pair sees that the text changed, and what changed.
    context, page, problems = _login(chromium, live_server.url, "margaret", width)
    page.goto(f"{live_server.url}/courses/{factories.COURSE}/unit/mentoring/")
    block = page.locator('.xblock[data-block-type="revmentor_pairing"]')
    change = block.locator(".rm-expectations-change")
    when = date_filter(changed.expectations_changed_at, "DATE_FORMAT")  # in the page's language
    expect(change).to_contain_text(f"The expectations changed on {when}")
    expect(change.locator("del")).to_have_text("Removed: two weeks.")
    expect(change.locator("ins")).to_have_text("Added: week.")
    expect(block.locator(".rm-expectations-text")).to_have_text(NEW)
    change.locator("summary").click()
    expect(change.locator(".rm-expectations-previous")).to_have_text(OLD)
    block.screenshot(path=str(ARTIFACTS / f"learner-expectations-changed-{width}.png"))
    _no_violations(page, f"learner-expectations-changed-{width}")
    # Once accepted, the note has done its job.
    block.get_by_role("button", name="I accept the expectations").click()
    expect(block.locator("[data-rm-live]")).to_have_text("You accepted the expectations.")
    page.reload()
    expect(block.locator(".rm-ok")).to_contain_text("You have accepted these expectations.")
    expect(block.locator(".rm-expectations-change")).to_have_count(0)
    assert problems == []
    context.close()
