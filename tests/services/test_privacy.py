"""Unenrollment and account retirement."""

import pytest

from revmentor_plugin import services
from revmentor_plugin.models import Goal, Participant, PulseCheck, Reflection, SessionLog
from tests import factories

pytestmark = pytest.mark.django_db


def _busy_pair(program):
    pair, mentor, mentee = factories.active_pair(program)
    services.update_participant(
        program.uuid, mentee.username, motivations="Stay relevant", department="Board"
    )
    goal = services.add_goal(pair.uuid, user=mentee, title="Read a notebook", details="By Friday")
    services.add_goal(pair.uuid, user=mentor, title="Mentor's own goal")
    services.log_session(
        pair.uuid, user=mentee, occurred_on="2026-01-05", duration_minutes=30, led_by="mentor", notes="Mine"
    )
    services.log_session(
        pair.uuid, user=mentor, occurred_on="2026-01-06", duration_minutes=30, led_by="mentor", notes="Theirs"
    )
    services.write_reflection(pair.uuid, user=mentee, body="I learned a lot", visibility="pair")
    services.write_reflection(pair.uuid, user=mentor, body="Mentor's view", visibility="pair")
    services.record_pulse(
        pair.uuid, user=mentee, trust=5, comfort=5, career_support=5, psychosocial_support=5, role_modeling=5
    )
    return pair, mentor, mentee, goal


@pytest.fixture(autouse=True)
def _frozen(settings):
    from freezegun import freeze_time

    with freeze_time("2026-01-10"):
        yield


def test_retirement_removes_profile_and_free_text_and_is_idempotent(program):
    pair, _mentor, mentee, goal = _busy_pair(program)
    report_user = factories.enrolled("reports_to_mentee")
    factories.join(program, report_user, "mentor", manager=mentee.username)

    for _ in range(2):
        services.retire_user(mentee)
        participant = Participant.objects.get(user=mentee)
        assert participant.status == "withdrawn"
        assert (participant.motivations, participant.department, participant.interests) == ("", "", [])
        assert not Reflection.objects.filter(author=participant).exists()
        assert not PulseCheck.objects.filter(author=participant).exists()
        assert SessionLog.objects.get(notes="Theirs")
        assert not SessionLog.objects.filter(notes="Mine").exists()
        assert Goal.objects.get(pk=goal.id).title == "[removed]"
        assert Goal.objects.filter(title="Mentor's own goal").exists()
        assert Reflection.objects.filter(body="Mentor's view").exists()
        assert Participant.objects.get(user=report_user).manager is None
        closed = services.get_pair(pair.uuid)
        assert (closed.status, closed.closed_reason) == ("closed", "A participant's account was retired.")
    assert SessionLog.objects.filter(pair__uuid=pair.uuid).count() == 2


def test_retiring_a_stranger_does_nothing(program):
    pair, *_ = _busy_pair(program)
    services.retire_user(factories.make_user())
    assert services.get_pair(pair.uuid).status == "active"


def test_withdraw_from_course(program):
    pair, _mentor, mentee, _goal = _busy_pair(program)
    other_course = factories.program(course=factories.OTHER_COURSE, name="Elsewhere")
    factories.join(other_course, factories.enroll(mentee, factories.OTHER_COURSE), "mentee")
    assert services.withdraw_from_course(mentee, program.course_key) == 1
    assert services.get_pair(pair.uuid).closed_reason == "A participant unenrolled from the course."
    assert services.get_participant(other_course.uuid, mentee.username).status == "active"
    assert services.withdraw_from_course(mentee, program.course_key) == 0
