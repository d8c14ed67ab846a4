"""The host's own signals reach revmentor's receivers, connected by path by the plugin loader."""

import json
import logging

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


def test_no_tracking_event_or_log_line_carries_words_answers_or_usernames(
    caplog, django_capture_on_commit_callbacks
):
    """Analytics events go to the host's tracker (and on to learning record stores), log lines to
    the operators' log store: ids, roles and counts only, through a whole program's life."""
    from sandbox_lms.tracking import EVENTS

    words = ("motive_w", "ans_w", "goal_w", "notes_w", "body_w", "decline_w", "close_w", "withdraw_w")
    names = ("ev_mentor_x", "ev_mentee_y", "ev_other_z")
    EVENTS.clear()
    caplog.set_level(logging.DEBUG, logger="revmentor_plugin")
    with django_capture_on_commit_callbacks(execute=True):
        program = factories.program()
        services.update_program(program.uuid, diversity_enabled=True, matching_weights={"diversity": 1.0})
        mentor, mentee, other = (factories.enrolled(name) for name in names)
        factories.join(
            program, mentor, "mentor", capacity=2, motivations="motive_w", self_description={"q": "ans_w"}
        )
        factories.join(program, mentee, "mentee", self_description={"q": "ans_w"})
        factories.join(program, other, "mentee")
        run = services.start_matching_run(program.uuid, pinned=[["ev_mentor_x", "ev_mentee_y"]])
        assert len(services.publish_matching_run(program.uuid, run.id).publish_report["created"]) == 2
        (pair,) = services.pairs_of_program(program.uuid, user_id=mentee.pk)
        (proposed,) = services.pairs_of_program(program.uuid, user_id=other.pk)
        for user in (mentor, mentee):
            services.accept_agreement(pair.uuid, user=user)
        factories.write(
            pair,
            mentee,
            goal="goal_w",
            session={"occurred_on": "2026-01-05", "notes": "notes_w"},
            reflection={"body": "body_w", "visibility": "private"},
            pulse=factories.pulse_answers(1, 2, 3, 4, 5),
        )
        services.decline_pair(proposed.uuid, user=other, reason="decline_w")
        services.close_pair(pair.uuid, reason="close_w")
        services.withdraw_participant(program.uuid, "ev_mentor_x", reason="withdraw_w")
        USER_RETIRE_LMS_MISC.send(sender=None, user=mentee)
    names_seen = {event["name"] for event in EVENTS}
    assert {
        "edx.revmentor.pulse.recorded",
        "edx.revmentor.reflection.written",
        "edx.revmentor.pair.declined",
    } <= (names_seen)
    payloads = json.dumps([event["data"] for event in EVENTS])
    for private in (
        *words,
        *names,
        "trust",
        "comfort",
        "career_support",
        "psychosocial_support",
        "role_modeling",
    ):
        assert private not in payloads, private
        assert private not in caplog.text, private
    assert f"user {mentee.pk}" in caplog.text  # the retirement is logged, by id
