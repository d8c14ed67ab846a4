"""The host's own signals reach revmentor's receivers, connected by path by the plugin loader."""

import pytest
from common.djangoapps.student.models import CourseEnrollment
from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC

from revmentor_plugin import services
from revmentor_plugin.models import Participant, Reflection
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.host_contract]


def test_retirement_signal_twice_in_a_row(program):
    pair, mentor, mentee = factories.active_pair(program)
    services.update_participant(program.uuid, mentee.username, motivations="Private motive")
    services.write_reflection(pair.uuid, user=mentee, body="Secret", visibility="private")
    for _ in range(2):
        USER_RETIRE_LMS_MISC.send(sender=None, user=mentee)
        participant = Participant.objects.get(user=mentee)
        assert participant.motivations == ""
        assert not Reflection.objects.filter(author=participant).exists()
        assert services.get_pair(pair.uuid).status == "closed"
    assert services.get_participant(program.uuid, mentor.username).status == "active"


def test_unenrollment_event_withdraws_and_closes_pairs(program):
    pair, mentor, mentee = factories.active_pair(program)
    CourseEnrollment.unenroll(mentee, factories.COURSE)
    closed = services.get_pair(pair.uuid)
    assert (closed.status, closed.closed_reason) == ("closed", "A participant unenrolled from the course.")
    assert services.get_participant(program.uuid, mentee.username).status == "withdrawn"
    assert services.get_participant(program.uuid, mentor.username).status == "active"


def test_unenrollment_from_another_course_changes_nothing(program):
    pair, _mentor, mentee = factories.active_pair(program)
    CourseEnrollment.enroll(mentee, factories.OTHER_COURSE)
    CourseEnrollment.unenroll(mentee, factories.OTHER_COURSE)
    assert services.get_pair(pair.uuid).status == "active"


@pytest.mark.django_db(transaction=True)
def test_tracking_events_reach_the_hosts_tracker_after_commit():
    from sandbox_lms.tracking import EVENTS

    EVENTS.clear()
    program = factories.program()
    pair, *_ = factories.active_pair(program)
    names = [event["name"] for event in EVENTS]
    assert names.count("edx.revmentor.participant.joined") == 2
    assert "edx.revmentor.pair.proposed" in names
    assert "edx.revmentor.pair.activated" in names
    activated = next(e for e in EVENTS if e["name"] == "edx.revmentor.pair.activated")
    assert activated["data"] == {
        "pair_id": str(pair.uuid),
        "program_id": str(program.uuid),
        "course_id": str(program.course_key),
    }
