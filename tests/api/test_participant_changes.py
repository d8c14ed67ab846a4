"""Issue 12 over REST: staff reinstate a withdrawn participant; before a new text of the
expectations, staff read how many pairs it would ask to accept again; the program then keeps the
text it replaced."""

from __future__ import annotations

from tests.api.conftest import API


def test_reinstating_someone_active_is_a_conflict_naming_the_field(world, as_role):
    url = f"{API}programs/{world.program.uuid}/participants/free_mentor/reinstate/"
    answer = as_role("course_staff").post(url)
    assert answer.status_code == 409
    assert answer.json()["field"] == "username"


def test_withdraw_then_reinstate(world, as_role):
    staff = as_role("course_staff")
    person = f"{API}programs/{world.program.uuid}/participants/free_mentee/"
    assert staff.delete(person, {"reason": "On leave"}, format="json").json()["status"] == "withdrawn"
    back = staff.post(person + "reinstate/")
    assert (back.status_code, back.json()["status"]) == (200, "active")
    assert staff.get(person).json()["status"] == "active"


def test_the_count_before_and_the_previous_text_after_a_change(world, as_role):
    staff = as_role("course_staff")
    program = f"{API}programs/{world.program.uuid}/"
    before = staff.get(program + "expectations-change/").json()
    assert before == {"expectations_version": 1, "pairs_to_accept_again": 2}  # the two active pairs
    old = staff.get(program).json()["expectations"]
    changed = staff.patch(program, {"expectations": "Meet every week."}, format="json").json()
    assert (changed["expectations_version"], changed["previous_expectations"]) == (2, old)
    assert changed["expectations_changed_at"] is not None
    # Learners read the program, the previous text included: it is what they are asked about.
    seen = as_role("mentee").get(program).json()
    assert (seen["expectations"], seen["previous_expectations"]) == ("Meet every week.", old)
    after = staff.get(program + "expectations-change/").json()
    assert after == {"expectations_version": 2, "pairs_to_accept_again": 2}
