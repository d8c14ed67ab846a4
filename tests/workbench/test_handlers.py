"""The blocks' handlers answer 2xx or 4xx through the workbench's handler URL, never a 5xx.

``/handler/<usage_id>/<handler>/?student=<id>`` is the workbench's ``handler`` view: it builds a
``WorkbenchRuntime`` for the student and calls ``runtime.handle``; an exception there is a 500.
Every handler is called by a learner in the situation where its work is possible (so junk input
reaches the handler's own checks and the services, not just the "who are you" check), with junk
bodies (not JSON, JSON that is not an object, every field of the wrong type), with GET, under a
handler name that does not exist, and as an anonymous workbench student. A valid request per
handler answers 200 and changes the database, so the 4xx answers are refusals, not a broken
runtime.

Block settings (Studio's Save, ``submit_studio_edits``): a workbench block belongs to no course,
so there is no course staff to ask about, and only operators (global staff) author it
(``policy.authors_blocks``). The workbench names its student in the URL (``?student=``), so
anything looser would let anyone rename a block; the SDK's default student is anonymous here.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from revmentor_plugin import services
from revmentor_plugin.data import Role
from tests.workbench.support import World, handler_url

pytestmark = pytest.mark.usefixtures("workbench_state")

#: Handler -> block type: every handler of the four blocks' learner and Studio work.
HANDLERS = {
    "join": "revmentor_pairing",
    "accept": "revmentor_pairing",
    "decline": "revmentor_pairing",
    "select_pair": "revmentor_pairing",
    "submit_studio_edits": "revmentor_pairing",
    "add_goal": "revmentor_goals",
    "update_goal": "revmentor_goals",
    "log_session": "revmentor_session_log",
    "confirm_session": "revmentor_session_log",
    "submit": "revmentor_reflection",
}

#: Every field any handler reads, each of a type no handler expects.
WRONG_TYPES = {
    "role": ["mentor"],
    "skills": {"python": True},
    "interests": 42,
    "languages": "en",
    "timezone": ["UTC"],
    "capacity": "many",
    "learning_preferences": {"x": 1},
    "motivations": 3.5,
    "reason": {"why": "no"},
    "pair": ["a-pair"],
    "values": ["display_name"],
    "defaults": "display_name",
    "title": ["a title"],
    "details": 7,
    "owner": {"role": "mentor"},
    "skill": 9,
    "target_date": 20260101,
    "status": ["open"],
    "progress": "half",
    "id": "one",
    "occurred_on": [2026, 1, 1],
    "duration_minutes": "an hour",
    "led_by": 1,
    "mode": {"video": True},
    "goals": "all",
    "notes": ["n"],
    "body": {"text": "hi"},
    "visibility": 3,
    "pulse": [5, 5, 5, 5, 5],
}

#: What ``WRONG_TYPES`` answers where it is not a 400: ``accept`` reads no field, and an id of the
#: wrong type names no pair, goal or session of the caller's.
WRONG_TYPES_STATUS = {"accept": 200, "select_pair": 404, "update_goal": 404, "confirm_session": 404}

JUNK_BODIES = {
    "not-json": b"{this is not json",
    "empty-body": b"",
    "json-array": b'[{"role": "mentor"}]',
    "json-string": b'"join"',
    "json-null": b"null",
    "json-number": b"17",
    "wrong-types": json.dumps(WRONG_TYPES).encode(),
}


def caller(world: World, handler: str):
    """Who calls the handler: someone for whom its work is possible."""
    if handler == "submit_studio_edits":
        return world.operator
    if handler == "join":
        return world.joiner
    if handler in ("accept", "decline", "select_pair"):
        return world.proposed_mentee
    return world.active_mentee


def valid_payload(world: World, handler: str) -> dict:
    """A request the handler accepts, building what it needs first."""
    today = timezone.localdate()
    pair = world.active
    if handler == "update_goal":
        goal = services.add_goal(
            pair.uuid, user=world.active_mentee, title="Learn pivot tables", owner="mentee"
        )
        return {"id": goal.id, "progress": 40, "status": "in_progress"}
    if handler == "confirm_session":
        session = services.log_session(
            pair.uuid,
            user=world.active_mentor,
            occurred_on=today - dt.timedelta(days=1),
            duration_minutes=30,
            led_by="mentor",
        )
        return {"id": session.id}
    return {
        "join": {
            "role": "mentee",
            "skills": ["python"],
            "languages": ["en"],
            "timezone": "UTC",
            "ratings": {"python": 2},
        },
        "accept": {},
        "decline": {"reason": "Our schedules do not overlap."},
        "select_pair": {"pair": str(world.proposed.uuid)},
        "submit_studio_edits": {"values": {"display_name": "Pairing, renamed"}, "defaults": []},
        "add_goal": {"title": "Run a stand-up with Slack", "owner": "mentee"},
        "log_session": {"occurred_on": today.isoformat(), "duration_minutes": 45, "led_by": "mentor"},
        "submit": {"body": "I built my first chart.", "visibility": "pair"},
    }[handler]


@pytest.fixture
def client(client):
    """Django's test client, answering a view's exception as the 500 a browser would get."""
    client.raise_request_exception = False
    return client


def post(client, url: str, body: bytes):
    return client.generic("POST", url, body, content_type="application/json")


def assert_json_error(response, status: int | tuple[int, ...]) -> dict:
    statuses = (status,) if isinstance(status, int) else status
    assert response.status_code in statuses, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


@pytest.fixture
def usage_id(program_scenarios, world):
    """Block type -> usage id of the block in a scenario naming ``world.program`` (made on demand)."""
    from tests.workbench.support import block_usage_id

    return lambda block_type: block_usage_id(program_scenarios(block_type, world.program))


@pytest.mark.parametrize("handler", HANDLERS)
def test_a_valid_request_answers_200_and_is_saved(client, world, usage_id, handler):
    payload = valid_payload(world, handler)
    user = caller(world, handler)
    usage = usage_id(HANDLERS[handler])
    response = post(client, handler_url(usage, handler, user.username), json.dumps(payload).encode())
    assert response.status_code == 200, response.content[:500]
    body = json.loads(response.content)
    if handler == "join":
        assert services.participant_for_user(world.program.uuid, user).role is Role.MENTEE
    elif handler == "accept":
        assert Role.MENTEE in services.get_pair(world.proposed.uuid).accepted_by
    elif handler == "decline":
        assert services.get_pair(world.proposed.uuid).status == "declined"
    elif handler == "select_pair":
        assert body == {"pair": str(world.proposed.uuid)}
    elif handler == "submit_studio_edits":
        assert body["result"] == "success"
        assert block_setting(usage, "display_name") == "Pairing, renamed"
    elif handler == "add_goal":
        assert [g.title for g in services.goals_of_pair(world.active.uuid)] == ["Run a stand-up with Slack"]
    elif handler == "update_goal":
        assert services.get_goal(world.active.uuid, payload["id"]).progress == 40
    elif handler == "log_session":
        assert [s.duration_minutes for s in services.sessions_of_pair(world.active.uuid)] == [45]
    elif handler == "confirm_session":
        assert body["session"]["confirmed"] is True
    elif handler == "submit":
        assert services.reflection_count(world.active.uuid, user=user) == 1


@pytest.mark.parametrize("junk", JUNK_BODIES)
@pytest.mark.parametrize("handler", HANDLERS)
def test_junk_bodies_answer_4xx(client, world, usage_id, handler, junk):
    url = handler_url(usage_id(HANDLERS[handler]), handler, caller(world, handler).username)
    response = post(client, url, JUNK_BODIES[junk])
    expected = WRONG_TYPES_STATUS.get(handler, 400) if junk == "wrong-types" else 400
    if expected == 200:
        assert response.status_code == 200, response.content[:500]
    else:
        assert_json_error(response, expected)


@pytest.mark.parametrize("handler", HANDLERS)
def test_get_answers_405(client, world, usage_id, handler):
    url = handler_url(usage_id(HANDLERS[handler]), handler, caller(world, handler).username)
    response = client.get(url)
    assert_json_error(response, 405)
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("block_type", sorted(set(HANDLERS.values())))
def test_an_unknown_handler_answers_4xx(client, world, usage_id, block_type):
    url = handler_url(usage_id(block_type), "no_such_handler", world.active_mentee.username)
    body = assert_json_error(post(client, url, b"{}"), 404)
    # The block's fallback_handler: Runtime.handle would otherwise raise NoSuchHandlerError, which
    # the workbench's handler view does not catch (a 500; the LMS answers it with a 404).
    assert body["error"]["message"] == "This block has no such action."


#: Anonymous workbench students: the SDK's default ``student_1`` (no ``?student=``), an id that
#: names no Django user, and the ``unauth_handler`` URL (student ``"none"``).
ANONYMOUS = {
    "default-student": {"student": None},
    "unknown-student": {"student": "nobody_here"},
    "unauth-handler": {"student": None, "unauth": True},
}


@pytest.mark.parametrize("anonymous", ANONYMOUS)
@pytest.mark.parametrize("handler", HANDLERS)
def test_an_anonymous_student_answers_403(client, world, usage_id, handler, anonymous):
    payload = valid_payload(world, handler)
    url = handler_url(usage_id(HANDLERS[handler]), handler, **ANONYMOUS[anonymous])
    body = assert_json_error(post(client, url, json.dumps(payload).encode()), 403)
    assert body["error"]["message"] == "Sign in to take part."


def block_setting(usage: str, name: str):
    """A settings field of the workbench block, as the workbench stored it."""
    from workbench.runtime import WorkbenchRuntime

    return getattr(WorkbenchRuntime().get_block(usage), name)


@pytest.mark.parametrize("who", ["joiner", "active_mentee", "active_mentor"])
def test_only_operators_change_a_blocks_settings(client, world, usage_id, who):
    """Issue 10, item 13: any learner's Save was accepted; here no learner is course staff."""
    usage = usage_id("revmentor_reflection")
    url = handler_url(usage, "submit_studio_edits", getattr(world, who).username)
    body = {"values": {"display_name": "Renamed", "mentee_prompt": "Tell us a secret."}, "defaults": []}
    answer = assert_json_error(post(client, url, json.dumps(body).encode()), 403)
    assert answer["error"]["message"] == "Only the course's staff change this block's settings."
    assert block_setting(usage, "display_name") == "Reflection"
    assert block_setting(usage, "mentee_prompt") != "Tell us a secret."
