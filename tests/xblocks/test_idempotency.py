"""``Idempotency-Key`` on the blocks' creating handlers (ADR 0010).

The blocks' JavaScript sends one key per user action; a retried or doubled action repeats it and
gets the first answer back, writing nothing. Every handler of the four blocks is either declared
with ``creating_handler`` or listed below as one that creates nothing, so a new creating handler
cannot ship without idempotency.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import webob
from django.apps import apps
from django.utils import timezone
from freezegun import freeze_time
from sandbox_lms import courseware

from revmentor_plugin import services
from revmentor_plugin.xblocks.goals import GoalsBlock
from revmentor_plugin.xblocks.pairing import PairingBlock
from revmentor_plugin.xblocks.reflection import ReflectionBlock
from revmentor_plugin.xblocks.session_log import SessionLogBlock
from tests import factories
from tests.xblocks.test_masquerade import handler_url, view_as

KEY = "5b0e1e3a-6c41-4d0e-9d8e-2f4b8e3c7a11"
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
PULSE = factories.pulse_answers(4, 4, 3, 4, 5)

#: Handlers that create nothing: updates of one's own rows, choices kept in user state, Studio.
NOT_CREATING = {
    "update_goal",  # changes a goal to the values sent: repeating it changes nothing more
    "confirm_session",  # idempotent in the service
    "confirm_plan",  # idempotent in the service
    "decline_plan",  # idempotent in the service
    "cancel_plan",  # idempotent in the service
    "reschedule_plan",  # moves the plan to the time sent: repeating it changes nothing more
    "select_pair",  # a user-state choice
    "plan_invitation",  # a GET download of a plan's .ics: reads only
    "set_reminders",  # sets the switch to the value sent: repeating it changes nothing more
    "submit_studio_edits",  # Studio settings
    "fallback_handler",  # unknown names: a 404
}


def records():
    """The idempotency records (looked up by name, so this module imports on any version)."""
    return apps.get_model("revmentor", "IdempotencyRecord").objects


def handler_names(block_class) -> set[str]:
    return {
        name
        for name in dir(block_class)
        if getattr(getattr(block_class, name, None), "_is_xblock_handler", False)
    }


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("revmentor").get_models()
        if model._meta.label != "revmentor.IdempotencyRecord"
    }


def _active(program):
    return factories.active_pair(program)[2]


def _proposed(program):
    return factories.proposed_pair(program)[2]


#: The plan ``_plan_to_log`` made, for the payload of ``log_plan``.
_PLAN: dict[str, int] = {}


def _plan_to_log(program):
    """A mentee whose pair confirmed a plan two days ago (made before then, when it was ahead)."""
    now = timezone.now()
    with freeze_time(now - dt.timedelta(days=3)):
        pair, mentor, mentee = factories.active_pair(program)
        when = timezone.localtime(now - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        plan = services.propose_session(
            pair.uuid, user=mentee, starts_at=when, duration_minutes=30, timezone="UTC"
        )
        services.confirm_planned_session(pair.uuid, plan.id, user=mentor)
    _PLAN["id"] = plan.id
    return mentee


def _newcomer(program):
    return factories.enrolled()


def _completed_rated(program):
    """A mentee who rated Python on joining and whose pair has completed: asked to rate again."""
    mentee = factories.enrolled()
    factories.join(program, mentee, "mentee", skills_sought=["python"], ratings={"python": 2})
    pair, _mentor, _ = factories.active_pair(program, mentee=mentee)
    services.close_pair(pair.uuid, reason="Done", completed=True)
    return mentee


@dataclass(frozen=True)
class Case:
    block_type: str
    handler: str
    payload: dict[str, Any]
    caller: Callable[[Any], Any]  # program -> the user who acts


CASES = [
    Case(
        "revmentor_pairing",
        "join",
        {"role": "mentee", "skills": ["python"], "languages": ["en"], "ratings": {"python": 2}},
        _newcomer,
    ),
    Case("revmentor_pairing", "accept", {}, _proposed),
    Case("revmentor_pairing", "decline", {"reason": "Not the right time"}, _proposed),
    Case("revmentor_pairing", "rate_confidence", {"ratings": {"python": 4}}, _completed_rated),
    Case("revmentor_goals", "add_goal", {"title": "Read a pull request"}, _active),
    Case(
        "revmentor_session_log",
        "log_session",
        {"occurred_on": None, "duration_minutes": 30, "led_by": "mentor", "notes": "We met"},
        _active,
    ),
    Case(
        "revmentor_session_log",
        "propose_plan",
        {"starts_at": None, "duration_minutes": 30, "location": "Room 4"},
        _active,
    ),
    Case("revmentor_session_log", "log_plan", {"id": None, "led_by": "mentor"}, _plan_to_log),
    Case(
        "revmentor_reflection", "submit", {"body": "I learned", "visibility": "pair", "pulse": PULSE}, _active
    ),
]
BLOCKS = (PairingBlock, GoalsBlock, SessionLogBlock, ReflectionBlock)


def payload_of(case: Case) -> dict[str, Any]:
    if "starts_at" in case.payload:
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        return {**case.payload, "starts_at": f"{tomorrow}T10:00"}
    if "id" in case.payload:
        return {**case.payload, "id": _PLAN["id"]}
    if "occurred_on" in case.payload:
        return {**case.payload, "occurred_on": timezone.localdate().isoformat()}
    return case.payload


def test_every_handler_is_creating_and_idempotent_or_known_not_to_create():
    idempotent = set()
    for block_class in BLOCKS:
        for name in handler_names(block_class):
            if getattr(getattr(block_class, name), "idempotent", False):
                idempotent.add(name)
            else:
                assert name in NOT_CREATING, (
                    f"{block_class.__name__}.{name}: declare it with creating_handler"
                )
    assert idempotent == {case.handler for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[case.handler for case in CASES])
def test_four_identical_actions_with_one_key_act_once(harness, program, case):
    user = case.caller(program)
    headers = {HEADER: KEY}
    first = harness.respond(case.block_type, case.handler, payload_of(case), user, headers=headers)
    assert first.status_code == 200, first.body
    assert REPLAYED not in first.headers
    written = row_counts()
    repeats = [
        harness.respond(case.block_type, case.handler, payload_of(case), user, headers=headers)
        for _ in range(3)
    ]
    assert row_counts() == written
    for repeat in repeats:
        assert (repeat.status_code, repeat.body) == (first.status_code, first.body)
        assert repeat.headers[REPLAYED] == "true"


def test_four_add_goal_clicks_make_one_goal(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    answers = [
        harness.call("revmentor_goals", "add_goal", {"title": "One goal"}, mentee, headers={HEADER: KEY})
        for _ in range(4)
    ]
    assert {status for status, _ in answers} == {200}
    assert len({json.dumps(body) for _, body in answers}) == 1
    assert [goal.title for goal in services.goals_of_pair(pair.uuid)] == ["One goal"]


def test_four_reflections_with_a_pulse_make_one_of_each(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    payload = {"body": "Once", "visibility": "private", "pulse": PULSE}
    for _ in range(4):
        status, _body = harness.call("revmentor_reflection", "submit", payload, mentee, headers={HEADER: KEY})
        assert status == 200
    assert services.reflection_count(pair.uuid, user=mentee) == 1
    assert len(services.pulses_of_author(pair.uuid, user=mentee)) == 1


def test_without_the_header_nothing_changes(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    for _ in range(2):
        assert harness.call("revmentor_goals", "add_goal", {"title": "Twice"}, mentee)[0] == 200
    assert len(services.goals_of_pair(pair.uuid)) == 2
    assert not records().exists()


def test_the_same_key_with_another_body_is_refused(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    headers = {HEADER: KEY}
    assert harness.call("revmentor_goals", "add_goal", {"title": "First"}, mentee, headers=headers)[0] == 200
    status, body = harness.call("revmentor_goals", "add_goal", {"title": "Other"}, mentee, headers=headers)
    assert status == 422
    assert HEADER in body["error"]["fields"]
    assert "different content" in body["error"]["message"]
    assert len(services.goals_of_pair(pair.uuid)) == 1


@pytest.mark.parametrize("key", ["", "x" * 256, "clé", "a\tb"])
def test_malformed_keys_are_400_naming_the_header(harness, program, key):
    pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call(
        "revmentor_goals", "add_goal", {"title": "Ship"}, mentee, headers={HEADER: key}
    )
    assert status == 400
    assert list(body["error"]["fields"]) == [HEADER]
    assert services.goals_of_pair(pair.uuid) == []


def test_a_repeat_while_the_first_still_runs_is_409(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    headers = {HEADER: KEY}
    assert harness.call("revmentor_goals", "add_goal", {"title": "Ship"}, mentee, headers=headers)[0] == 200
    records().update(status=None, response_body="")  # the first has not finished
    status, body = harness.call("revmentor_goals", "add_goal", {"title": "Ship"}, mentee, headers=headers)
    assert status == 409
    assert HEADER in body["error"]["fields"]
    assert len(services.goals_of_pair(pair.uuid)) == 1


def test_a_failed_action_is_not_kept_so_a_corrected_retry_works(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    headers = {HEADER: KEY}
    status, body = harness.call("revmentor_goals", "add_goal", {"title": ""}, mentee, headers=headers)
    assert status == 400
    assert "title" in body["error"]["fields"]
    assert not records().exists()
    assert harness.call("revmentor_goals", "add_goal", {"title": "Fixed"}, mentee, headers=headers)[0] == 200
    assert [goal.title for goal in services.goals_of_pair(pair.uuid)] == ["Fixed"]


def test_a_key_belongs_to_one_user_block_and_handler(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    headers = {HEADER: KEY}
    for user in (mentor, mentee):
        assert harness.call("revmentor_goals", "add_goal", {"title": "Same"}, user, headers=headers)[0] == 200
    # Another goals block in the course (another usage id).
    block = harness.runtime(mentee).load_block(courseware.BlockDef("revmentor_goals", "goals_two"))
    request = webob.Request.blank(
        "/", method="POST", body=json.dumps({"title": "Same"}).encode(), headers=headers
    )
    other_block = block.runtime.handle(block, "add_goal", request)
    assert other_block.status_code == 200
    assert REPLAYED not in other_block.headers
    # Another handler.
    status, _ = harness.call(
        "revmentor_reflection", "submit", {"body": "Same", "visibility": "private"}, mentee, headers=headers
    )
    assert status == 200
    assert len(services.goals_of_pair(pair.uuid)) == 3
    assert services.reflection_count(pair.uuid, user=mentee) == 1


def test_anonymous_callers_are_refused_as_before(harness, program):
    status, _body = harness.call("revmentor_pairing", "join", {"role": "mentor"}, None, headers={HEADER: KEY})
    assert status == 403
    assert not records().exists()


def test_staff_viewing_as_a_learner_cannot_replay_the_learners_answer(client, program):
    """A replay would show the learner's answer to whoever repeats the key: never under masquerade."""
    pair, mentor, _mentee = factories.active_pair(program)
    client.force_login(mentor)
    url = handler_url("revmentor_reflection", "submit")
    payload = json.dumps({"body": "Private doubts", "visibility": "private"})
    mine = client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert mine.status_code == 200
    again = client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert again.content == mine.content
    assert again[REPLAYED] == "true"  # the header crosses the host's handler endpoint both ways

    client.logout()
    view_as(client, factories.course_staff(), mentor)
    refused = client.post(url, payload, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert refused.status_code == 403
    assert REPLAYED not in refused
    assert services.reflection_count(pair.uuid, user=mentor) == 1
