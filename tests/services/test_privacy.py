"""Unenrollment and account retirement."""

import pytest

from revmentor_plugin import services
from revmentor_plugin.models import Goal, Participant, PulseCheck, Reflection, SessionLog
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(settings):
    from freezegun import freeze_time

    with freeze_time("2026-01-10"):
        yield


@pytest.fixture
def busy(program):
    """A pair in which each has written a goal, a session log and a reflection shared with the
    pair, the mentee also a pulse check, and the mentee has said more about themselves."""
    busy = factories.busy_pair(
        program,
        by_mentee={
            "goal": {"title": "Read a notebook", "details": "By Friday"},
            "session": {"occurred_on": "2026-01-05", "notes": "Mine"},
            "reflection": {"body": "I learned a lot", "visibility": "pair"},
            "pulse": factories.pulse_answers(5),
        },
        by_mentor={
            "goal": "Mentor's own goal",
            "session": {"occurred_on": "2026-01-06", "notes": "Theirs"},
            "reflection": {"body": "Mentor's view", "visibility": "pair"},
        },
    )
    services.update_participant(
        program.uuid, busy.mentee.username, motivations="Stay relevant", department="Board"
    )
    return busy


def test_retirement_removes_profile_and_free_text_and_is_idempotent(program, busy):
    pair, mentee, goal = busy.pair, busy.mentee, busy.by_mentee.goal
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


def test_retiring_a_stranger_does_nothing(busy):
    pair = busy.pair
    services.retire_user(factories.make_user())
    assert services.get_pair(pair.uuid).status == "active"


def test_withdraw_from_course(program, busy):
    pair, mentee = busy.pair, busy.mentee
    other_course = factories.program(course=factories.OTHER_COURSE, name="Elsewhere")
    factories.join(other_course, factories.enroll(mentee, factories.OTHER_COURSE), "mentee")
    assert services.withdraw_from_course(mentee, program.course_key) == 1
    assert services.get_pair(pair.uuid).closed_reason == "A participant unenrolled from the course."
    assert services.get_participant(other_course.uuid, mentee.username).status == "active"
    assert services.withdraw_from_course(mentee, program.course_key) == 0
