"""The tracking events of services/events.py: once per change, ids and roles only."""

import pytest
from django.utils import timezone

from revmentor_plugin import services
from tests import factories

pytestmark = pytest.mark.django_db


def names_and_data(events, name):
    return [event["data"] for event in events if event["name"] == "edx.revmentor." + name]


def test_confirming_a_session_and_achieving_a_goal_are_told_once(program, django_capture_on_commit_callbacks):
    from sandbox_lms.tracking import EVENTS

    pair, mentor, mentee = factories.active_pair(program)
    EVENTS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = services.log_session(
            pair.uuid, user=mentee, occurred_on=timezone.localdate(), duration_minutes=30, led_by="mentor"
        )
        for _ in range(2):  # a double click confirms once
            services.confirm_session(pair.uuid, session.id, user=mentor)
        goal = services.add_goal(pair.uuid, user=mentee, title="Ship a notebook")
        services.update_goal(pair.uuid, goal.id, user=mentee, progress=50)
        services.update_goal(pair.uuid, goal.id, user=mentee, progress=100)
        services.update_goal(pair.uuid, goal.id, user=mentee, progress=100)
        done = services.add_goal(pair.uuid, user=mentor, title="Already done", progress=100)
    ids = {"pair_id": str(pair.uuid), "program_id": str(program.uuid), "course_id": str(program.course_key)}
    assert names_and_data(EVENTS, "session.logged") == [
        {"session_id": session.id, "led_by": "mentor", "duration_minutes": 30, **ids}
    ]
    assert names_and_data(EVENTS, "session.confirmed") == [
        {"session_id": session.id, "confirmed_by": "mentor", **ids}
    ]
    assert names_and_data(EVENTS, "goal.achieved") == [
        {"goal_id": goal.id, "owner": "mentee", **ids},
        {"goal_id": done.id, "owner": "mentor", **ids},
    ]
