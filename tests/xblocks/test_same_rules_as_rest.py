"""A block handler and the REST API answer the same bad value the same way (issue 10, item 9).

Both edges validate through ``revmentor_plugin.services.inputs``: for every field a handler reads,
each value of a table of bad ones (too big for the database, fractional, boolean, a number where
text is due, a string where a number is due, lists, objects, out of range, huge) is a 400 naming
that field, with the *same* field errors as the REST endpoint gives for the same value, and
nothing is written. An id that names the object to change (``update_goal``'s and
``confirm_session``'s ``id``) is 404 unless it is exactly one of the pair's ids: ``1.5`` does not
update goal 1.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import build_world, client_for

HUGE = "x" * 100_001
BAD: dict[str, Any] = {
    "10**20": 10**20,
    "2**31": 2**31,
    "-1": -1,
    "1.5": 1.5,
    "1.0": 1.0,
    "True": True,
    "'1'": "1",
    "5 (a number)": 5,
    "[]": [],
    "{}": {},
    "huge text": HUGE,
}
#: Bad values that are good for some kinds of field.
GOOD_FOR = {
    "text": {"'1'"},
    "int": {"5 (a number)"},
    "list": {"[]"},
}
TODAY = timezone.localdate().isoformat()
SESSION = {"occurred_on": TODAY, "duration_minutes": 30, "led_by": "mentor"}
PULSE = factories.pulse_answers(3)


def cases(block_type, handler, route, around, rest_around, fields):
    """(block type, handler, block field, kind, block payload around it, REST route (URL name,
    method), REST field, REST body around it) for each (block field, REST field, kind)."""
    return [
        (block_type, handler, field, kind, around, route, rest, rest_around) for field, rest, kind in fields
    ]


GOAL_FIELDS = [
    ("title", "title", "text"),
    ("details", "details", "text"),
    ("owner", "owner", "choice"),
    ("target_date", "target_date", "date"),
    ("status", "status", "choice"),
    ("progress", "progress", "int"),
]
CASES = [
    *cases(
        "revmentor_pairing",
        "join",
        ("participants", "post"),
        {"role": "mentor"},
        {"role": "mentor"},
        [
            ("role", "role", "choice"),
            ("skills", "skills_offered", "list"),
            ("interests", "interests", "list"),
            ("languages", "languages", "list"),
            ("timezone", "timezone", "choice"),
            ("capacity", "capacity", "int"),
            ("learning_preferences", "learning_preferences", "text"),
            ("motivations", "motivations", "text"),
        ],
    ),
    *cases("revmentor_pairing", "decline", ("pair-decline", "post"), {}, {}, [("reason", "reason", "text")]),
    *cases(
        "revmentor_goals",
        "add_goal",
        ("goals", "post"),
        {"title": "A goal"},
        {"title": "A goal"},
        [*GOAL_FIELDS, ("skill", "skill", "text")],
    ),
    *cases("revmentor_goals", "update_goal", ("goal", "patch"), {}, {}, GOAL_FIELDS),
    *cases(
        "revmentor_session_log",
        "log_session",
        ("sessions", "post"),
        SESSION,
        SESSION,
        [
            ("occurred_on", "occurred_on", "date"),
            ("duration_minutes", "duration_minutes", "int"),
            ("led_by", "led_by", "choice"),
            ("mode", "mode", "choice"),
            ("skills", "skills", "list"),
            ("goals", "goals", "list"),
            ("notes", "notes", "text"),
        ],
    ),
    *cases(
        "revmentor_reflection",
        "submit",
        ("reflections", "post"),
        {"body": "Fine"},
        {"body": "Fine"},
        [("body", "body", "text"), ("visibility", "visibility", "choice")],
    ),
    *cases(
        "revmentor_reflection",
        "submit",
        ("pulse", "post"),
        {"body": "Fine"},
        PULSE,
        [(f"pulse.{name}", name, "int") for name in PULSE],
    ),
]


def bad_values(kind: str, field: str) -> dict[str, Any]:
    values = {name: value for name, value in BAD.items() if name not in GOOD_FOR.get(kind, ())}
    if kind == "list":  # and lists of each bad item
        values.update({f"[{name}]": [value] for name, value in BAD.items() if name != "[]"})
        if field == "interests":  # free tags: any short text is a tag
            values.pop("['1']")
        if field == "goals":
            values.pop("[5 (a number)]")  # maybe a goal of this pair (it is a 400 either way)
    if field in ("title", "body"):
        values[""] = "   "  # required text
    return values


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("revmentor").get_models()}


_world, world = factories.built_once_fixtures(build_world)


def setup(handler: str, world):
    if handler == "decline":
        pair = services.propose_pair(world.program.uuid, mentor="free_mentor", mentee="free_mentee")
        return world, world.free_mentee, {"pair_uuid": str(pair.uuid)}
    if handler == "join":
        return world, world.users["bystander"], {"program_uuid": str(world.program.uuid)}
    kwargs = {"pair_uuid": str(world.pair.uuid)}
    if handler == "update_goal":
        kwargs["goal_id"] = str(world.goal.id)
    return world, world.users["mentee"], kwargs


@pytest.mark.parametrize(
    ("block_type", "handler", "field", "kind", "around", "route", "rest_field", "rest_around"),
    CASES,
    ids=[f"{case[1]}.{case[2]}" for case in CASES],
)
def test_a_bad_value_is_the_same_400_on_both_edges(
    harness, world, block_type, handler, field, kind, around, route, rest_field, rest_around
):
    world, user, kwargs = setup(handler, world)
    url = reverse(f"revmentor:v1:{route[0]}", kwargs=kwargs)
    client = client_for(user)
    goal_before = services.get_goal(world.pair.uuid, world.goal.id)
    for name, value in bad_values(kind, field).items():
        if field.startswith("pulse."):
            payload = {**around, "pulse": {**PULSE, rest_field: value}}
        else:
            payload = {**around, field: value}
        if handler == "update_goal":
            payload["id"] = world.goal.id
        before = counts()
        status, answer = harness.call(block_type, handler, payload, user)
        assert status == 400, (name, status, answer)
        block_fields = answer["error"]["fields"]
        assert list(block_fields) == [rest_field], (name, block_fields)
        response = getattr(client, route[1])(url, data={**rest_around, rest_field: value}, format="json")
        assert response.status_code == 400, (name, response.content[:300])
        assert response.json() == block_fields, name
        assert counts() == before, name
        assert services.get_goal(world.pair.uuid, world.goal.id) == goal_before, name


def test_every_field_a_handler_reads_is_in_the_table():
    read = {(case[1], case[2].split(".")[0]) for case in CASES}
    assert read >= {
        ("join", "role"),
        ("join", "skills"),
        ("decline", "reason"),
        ("add_goal", "skill"),
        ("update_goal", "progress"),
        ("log_session", "goals"),
        ("submit", "pulse"),
    }


@pytest.mark.parametrize("how", ["float", "float+0.4", "text", "list", "bool", "huge", "negative"])
def test_an_id_that_is_not_exactly_an_id_names_no_goal(harness, program, how):
    """``update_goal`` with ``id: 1.5`` updated goal 1 (``int(1.5)``); now only the id itself does."""
    pair, _mentor, mentee = factories.active_pair(program)
    goal = services.add_goal(pair.uuid, user=mentee, title="Keep me")
    wrong = {
        "float": float(goal.id),
        "float+0.4": goal.id + 0.4,
        "text": str(goal.id),
        "list": [goal.id],
        "bool": True,
        "huge": 10**20,
        "negative": -goal.id,
    }[how]
    status, _answer = harness.call("revmentor_goals", "update_goal", {"id": wrong, "progress": 90}, mentee)
    assert status == 404
    assert services.get_goal(pair.uuid, goal.id) == goal
    status, answer = harness.call("revmentor_goals", "update_goal", {"id": goal.id, "progress": 90}, mentee)
    assert status == 200
    assert answer["goal"]["progress"] == 90


@pytest.mark.parametrize("wrong", ["text", "float"])
def test_a_session_id_that_is_not_exactly_an_id_confirms_nothing(harness, program, wrong):
    pair, mentor, mentee = factories.active_pair(program)
    session = services.log_session(
        pair.uuid, user=mentor, occurred_on=timezone.localdate(), duration_minutes=30, led_by="mentor"
    )
    value = str(session.id) if wrong == "text" else float(session.id)
    status, _answer = harness.call("revmentor_session_log", "confirm_session", {"id": value}, mentee)
    assert status == 404
    assert services.sessions_of_pair(pair.uuid)[0].confirmed is False
