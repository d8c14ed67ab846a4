"""The session-log block's JSON handlers (log_session, confirm_session): good input changes data
through the services; junk input answers 4xx JSON and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from revmentor_plugin import services
from tests import factories


def today() -> str:
    return timezone.localdate().isoformat()


def test_log_and_confirm_a_session(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    goal = services.add_goal(pair.uuid, user=mentee, title="Dashboards")
    status, body = harness.call(
        "revmentor_session_log",
        "log_session",
        {
            "occurred_on": today(),
            "duration_minutes": 45,
            "led_by": "mentor",
            "mode": "in_person",
            "skills": ["python"],
            "goals": [goal.id],
            "notes": "Good one",
        },
        mentor,
    )
    assert status == 200
    assert body["session"]["confirmed"] is False
    session_id = body["session"]["id"]
    status, body = harness.call("revmentor_session_log", "confirm_session", {"id": session_id}, mentor)
    assert status == 409  # the partner confirms
    status, body = harness.call("revmentor_session_log", "confirm_session", {"id": session_id}, mentee)
    assert status == 200
    assert body["session"]["confirmed"] is True


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"occurred_on": "yesterday", "duration_minutes": 30, "led_by": "mentor"},
        {"occurred_on": "2999-01-01", "duration_minutes": 30, "led_by": "mentor"},
        {"occurred_on": None, "duration_minutes": 30, "led_by": "mentor"},
        {"duration_minutes": "30", "led_by": "mentor"},
        {"duration_minutes": 0, "led_by": "mentor"},
        {"duration_minutes": 30, "led_by": "both"},
        {"duration_minutes": 30, "led_by": "mentor", "mode": "telepathy"},
        {"duration_minutes": 30, "led_by": "mentor", "skills": "python"},
        {"duration_minutes": 30, "led_by": "mentor", "skills": 5},
        {"duration_minutes": 30, "led_by": "mentor", "skills": [{"slug": "python"}]},
        {"duration_minutes": 30, "led_by": "mentor", "goals": {"id": 1}},
        {"duration_minutes": 30, "led_by": "mentor", "goals": ["1"]},
        {"duration_minutes": 30, "led_by": "mentor", "goals": [123456]},
        {"duration_minutes": 30, "led_by": "mentor", "notes": 7},
    ],
)
def test_log_session_refuses_junk_and_writes_nothing(harness, program, payload):
    pair, mentor, _mentee = factories.active_pair(program)
    payload = {"occurred_on": today(), **payload} if "occurred_on" not in payload else payload
    status, body = harness.call("revmentor_session_log", "log_session", payload, mentor)
    assert status == 400, body
    assert services.sessions_of_pair(pair.uuid) == []


@pytest.mark.parametrize("session_id", ["x", None, [1], {"a": 1}, 424242])
def test_confirm_unknown_session_is_404(harness, program, session_id):
    _pair, _mentor, mentee = factories.active_pair(program)
    status, _ = harness.call("revmentor_session_log", "confirm_session", {"id": session_id}, mentee)
    assert status == 404


def test_no_handler_raises_for_an_old_session_date(harness, program):
    _pair, mentor, _mentee = factories.active_pair(program)
    old = (timezone.localdate() - dt.timedelta(days=400)).isoformat()
    status, body = harness.call(
        "revmentor_session_log",
        "log_session",
        {"occurred_on": old, "duration_minutes": 30, "led_by": "mentor"},
        mentor,
    )
    assert status == 400
    assert "occurred_on" in body["error"]["fields"]
