"""The goals block's JSON handlers (add_goal, update_goal): good input changes data through the
services; junk input answers 4xx JSON and writes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from revmentor_plugin import services
from tests import factories


def today() -> str:
    return timezone.localdate().isoformat()


def test_add_and_update_a_goal(harness, program):
    _pair, mentor, mentee = factories.active_pair(program)
    status, body = harness.call(
        "revmentor_goals",
        "add_goal",
        {"title": "Build a dashboard", "skill": "python", "target_date": today()},
        mentee,
    )
    assert status == 200
    assert body["goal"]["owner"] == "mentee"
    assert body["goal"]["skill"] == "python"
    goal_id = body["goal"]["id"]
    status, body = harness.call("revmentor_goals", "update_goal", {"id": goal_id, "progress": 60}, mentor)
    assert status == 200
    assert body["goal"]["progress"] == 60
    status, body = harness.call("revmentor_goals", "update_goal", {"id": goal_id, "progress": 100}, mentee)
    assert body["goal"]["status"] == "achieved"


def test_a_goal_can_be_added_for_the_partners_role(harness, program):
    _pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call(
        "revmentor_goals", "add_goal", {"title": "Present to the board", "owner": "mentor"}, mentee
    )
    assert status == 200
    assert body["goal"]["owner"] == "mentor"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": ""},
        {"title": 5},
        {"title": ["a"]},
        {"title": "x" * 201},
        {"title": "ok", "owner": "boss"},
        {"title": "ok", "skill": "unknown"},
        {"title": "ok", "skill": ["python"]},
        {"title": "ok", "target_date": "tomorrow"},
        {"title": "ok", "target_date": 20260101},
        {"title": "ok", "progress": 101},
        {"title": "ok", "progress": "half"},
        {"title": "ok", "status": "done"},
        {"title": "ok", "details": {"x": 1}},
    ],
)
def test_add_goal_refuses_junk_and_writes_nothing(harness, program, payload):
    pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call("revmentor_goals", "add_goal", payload, mentee)
    assert 400 <= status < 500
    assert "error" in body
    assert services.goals_of_pair(pair.uuid) == []


@pytest.mark.parametrize(
    "payload",
    [
        {"progress": 50},
        {"id": "abc", "progress": 50},
        {"id": [1], "progress": 50},
        {"id": {}, "progress": 5},
        {"id": 999999},
    ],
)
def test_update_goal_with_a_bad_id_is_404(harness, program, payload):
    _pair, _mentor, mentee = factories.active_pair(program)
    status, _body = harness.call("revmentor_goals", "update_goal", payload, mentee)
    assert status == 404


def test_update_goal_with_bad_values_changes_nothing(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    goal = services.add_goal(pair.uuid, user=mentee, title="Keep me")
    for payload in ({"progress": -1}, {"title": None}, {"status": 3}, {"progress": True}):
        status, _ = harness.call("revmentor_goals", "update_goal", {"id": goal.id, **payload}, mentee)
        assert status == 400
    assert services.get_goal(pair.uuid, goal.id) == goal


def test_goals_of_another_pair_are_out_of_reach(harness, program):
    _pair, _mentor, mentee = factories.active_pair(program)
    other_pair, _other_mentor, other_mentee = factories.active_pair(program)
    theirs = services.add_goal(other_pair.uuid, user=other_mentee, title="Theirs")
    status, _ = harness.call("revmentor_goals", "update_goal", {"id": theirs.id, "progress": 90}, mentee)
    assert status == 404
    assert services.get_goal(other_pair.uuid, theirs.id).progress == 0


@pytest.mark.parametrize("state", ["pending", "closed", "bystander", "staff", "anonymous"])
def test_goal_handlers_refused_outside_an_active_pair(harness, program, state):
    pair, _mentor, mentee = factories.proposed_pair(program)
    user = mentee
    if state == "closed":
        services.close_pair(pair.uuid, reason="Done")
    elif state == "bystander":
        user = factories.enrolled()
    elif state == "staff":
        user = factories.course_staff()
    elif state == "anonymous":
        user = None
    status, _body = harness.call("revmentor_goals", "add_goal", {"title": "Sneaky"}, user)
    assert status in (403, 409)
    assert services.goals_of_pair(pair.uuid) == []
