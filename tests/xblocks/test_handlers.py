"""JSON handlers: good input changes data through the services; junk input answers 4xx JSON and
writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from revmentor_plugin import services
from tests import factories
from tests.xblocks.conftest import TYPES

JUNK_BODIES = [[], "text", 42, None, [{"title": "x"}]]


def today() -> str:
    return timezone.localdate().isoformat()


# ---------------------------------------------------------------------------------------------
# pairing


def test_join_as_mentor_with_a_profile(harness, program):
    user = factories.enrolled()
    status, body = harness.call(
        "revmentor_pairing",
        "join",
        {
            "role": "mentor",
            "skills": ["python"],
            "interests": ["jazz"],
            "languages": ["en", "fr"],
            "timezone": "Europe/Paris",
            "capacity": 2,
            "learning_preferences": "Short demos",
            "motivations": "Practise leading",
        },
        user,
    )
    assert status == 200
    assert body == {"role": "mentor", "status": "active"}
    joined = services.participant_for_user(program.uuid, user)
    assert joined.skills_offered == ("python",)
    assert joined.capacity == 2
    assert joined.timezone == "Europe/Paris"


def test_join_as_mentee_maps_skills_to_sought_and_ignores_capacity(harness, program):
    user = factories.enrolled()
    status, _body = harness.call(
        "revmentor_pairing", "join", {"role": "mentee", "skills": ["python"], "capacity": 3}, user
    )
    assert status == 200
    joined = services.participant_for_user(program.uuid, user)
    assert joined.skills_sought == ("python",)
    assert joined.capacity == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "boss"}, "role"),
        ({}, "role"),
        ({"role": "mentor", "skills": ["no-such-skill"]}, "skills_offered"),
        ({"role": "mentor", "skills": "python"}, "skills_offered"),
        ({"role": "mentor", "timezone": "Mars/Olympus"}, "timezone"),
        ({"role": "mentor", "languages": "en"}, "languages"),
        ({"role": "mentor", "capacity": "lots"}, "capacity"),
        ({"role": "mentor", "capacity": 99}, "capacity"),
        ({"role": "mentor", "interests": {"a": 1}}, "interests"),
        ({"role": "mentor", "motivations": ["x"]}, "motivations"),
    ],
)
def test_join_refuses_junk_and_writes_nothing(harness, program, payload, field):
    user = factories.enrolled()
    status, body = harness.call("revmentor_pairing", "join", payload, user)
    assert status == 400
    assert field in body["error"]["fields"]
    assert services.participant_for_user(program.uuid, user) is None


@pytest.mark.parametrize("junk", JUNK_BODIES)
def test_handlers_refuse_bodies_that_are_not_objects(harness, program, junk):
    user = factories.enrolled()
    status, body = harness.call("revmentor_pairing", "join", junk, user)
    assert status == 400
    assert "JSON object" in body["error"]["message"]
    assert services.participant_for_user(program.uuid, user) is None


def test_invalid_json_and_get_are_refused(harness, program):
    user = factories.enrolled()
    status, _body = harness.call("revmentor_pairing", "join", None, user, raw=b"{not json")
    assert status == 400
    status, _ = harness.call("revmentor_pairing", "join", None, user, raw=b"\xff\xfe")
    assert status == 400


def test_join_twice_is_a_conflict(harness, program):
    user = factories.enrolled()
    factories.join(program, user, "mentor")
    status, _body = harness.call("revmentor_pairing", "join", {"role": "mentor"}, user)
    assert status == 409


@pytest.mark.parametrize("who", ["anonymous", "staff", "not_enrolled"])
def test_join_refused_for_those_who_cannot_join(harness, program, who):
    user = {"anonymous": None, "staff": factories.course_staff(), "not_enrolled": factories.make_user()}[who]
    status, body = harness.call("revmentor_pairing", "join", {"role": "mentor"}, user)
    assert status in (403, 409)
    assert "error" in body
    assert services.participants_of_program(program.uuid) == []


def test_join_without_any_program_is_404(harness, db):
    status, _body = harness.call("revmentor_pairing", "join", {"role": "mentor"}, factories.enrolled())
    assert status == 404


def test_accept_by_both_activates_the_pair(harness, program):
    _pair, mentor, mentee = factories.proposed_pair(program)
    status, body = harness.call("revmentor_pairing", "accept", {}, mentor)
    assert status == 200
    assert body["status"] == "proposed"
    assert body["accepted_by"] == ["mentor"]
    status, body = harness.call("revmentor_pairing", "accept", {}, mentee)
    assert status == 200
    assert body["status"] == "active"


def test_decline_ends_the_proposed_pair(harness, program):
    pair, _mentor, mentee = factories.proposed_pair(program)
    status, body = harness.call("revmentor_pairing", "decline", {"reason": "Not now"}, mentee)
    assert status == 200
    assert body["status"] == "declined"
    assert services.get_pair(pair.uuid).closed_reason == "Not now"


def test_decline_junk_reason_is_400_and_pair_stays(harness, program):
    pair, _mentor, mentee = factories.proposed_pair(program)
    status, _body = harness.call("revmentor_pairing", "decline", {"reason": ["x"]}, mentee)
    assert status == 400
    assert services.get_pair(pair.uuid).status == "proposed"


def test_accept_without_a_pair_is_refused(harness, program):
    user = factories.enrolled()
    factories.join(program, user, "mentee")
    status, body = harness.call("revmentor_pairing", "accept", {}, user)
    assert status == 409
    assert body["error"]["message"].startswith("You have joined as")


# ---------------------------------------------------------------------------------------------
# goals


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


# ---------------------------------------------------------------------------------------------
# sessions


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


# ---------------------------------------------------------------------------------------------
# reflections


def test_submit_a_reflection_with_a_pulse(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    pulse = {"trust": 5, "comfort": 4, "career_support": 3, "psychosocial_support": 4, "role_modeling": 2}
    status, body = harness.call(
        "revmentor_reflection",
        "submit",
        {"body": "I learned a lot", "visibility": "pair", "pulse": pulse},
        mentee,
        mentee_prompt="What did you learn?",
    )
    assert status == 200
    assert body["visibility"] == "pair"
    assert body["pulse"] is True
    [reflection] = services.reflections_of_pair(pair.uuid, viewer_id=mentee.pk, others_visible=())
    assert reflection.prompt == "What did you learn?"
    [recorded] = services.pulses_of_author(pair.uuid, user=mentee)
    assert recorded.trust == 5


def test_submit_without_pulse(harness, program):
    pair, mentor, _mentee = factories.active_pair(program)
    status, body = harness.call("revmentor_reflection", "submit", {"body": "Fine"}, mentor)
    assert status == 200
    assert body["visibility"] == "private"
    assert body["pulse"] is False
    assert services.pulses_of_author(pair.uuid, user=mentor) == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"body": ""},
        {"body": 12},
        {"body": "ok", "visibility": "everyone"},
        {"body": "ok", "pulse": [5, 5, 5, 5, 5]},
        {"body": "ok", "pulse": "great"},
        {"body": "ok", "pulse": {"trust": 5}},
        {
            "body": "ok",
            "pulse": {
                "trust": 6,
                "comfort": 4,
                "career_support": 3,
                "psychosocial_support": 4,
                "role_modeling": 2,
            },
        },
        {
            "body": "ok",
            "pulse": {
                "trust": "5",
                "comfort": 4,
                "career_support": 3,
                "psychosocial_support": 4,
                "role_modeling": 2,
            },
        },
        {"body": "ok", "pulse": {"user": 1, "trust": 5}},
        {
            "body": "ok",
            "pulse": {
                "mood": 3,
                "trust": 5,
                "comfort": 4,
                "career_support": 3,
                "psychosocial_support": 4,
                "role_modeling": 2,
            },
        },
    ],
)
def test_submit_refuses_junk_and_writes_nothing(harness, program, payload):
    """A bad pulse also rolls the reflection back: both or neither."""
    pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call("revmentor_reflection", "submit", payload, mentee)
    assert status == 400, body
    assert services.reflection_count(pair.uuid, user=mentee) == 0
    assert services.pulses_of_author(pair.uuid, user=mentee) == []


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


# ---------------------------------------------------------------------------------------------
# a mentor with several pairs


def test_a_mentor_with_two_pairs_chooses_which_one_the_blocks_show(harness, program):
    mentor = factories.enrolled()
    factories.join(program, mentor, "mentor", capacity=2)
    first, _, first_mentee = factories.active_pair(program, mentor=mentor)
    second, _, second_mentee = factories.proposed_pair(program, mentor=mentor)
    html = harness.render("revmentor_goals", mentor)
    assert 'data-state="pair_pending"' in html  # the newest pair (still proposed) by default
    status, _body = harness.call("revmentor_pairing", "select_pair", {"pair": str(first.uuid)}, mentor)
    assert status == 200  # chosen in the pairing block, it holds in the goals block too
    html = harness.render("revmentor_goals", mentor)
    assert 'data-state="active"' in html
    assert first_mentee.username in html
    assert 'data-rm-form="select_pair"' in html
    assert second_mentee.username in html
    status, _body = harness.call("revmentor_goals", "add_goal", {"title": "For the first pair"}, mentor)
    assert status == 200
    assert [g.title for g in services.goals_of_pair(first.uuid)] == ["For the first pair"]
    assert services.goals_of_pair(second.uuid) == []


@pytest.mark.parametrize("pair", ["00000000-0000-4000-8000-000000000000", "junk", None, ["x"]])
def test_selecting_a_pair_that_is_not_yours_is_404(harness, program, pair):
    other, _, _ = factories.active_pair(program)
    _mine, mentor, _mentee = factories.active_pair(program)
    wanted = str(other.uuid) if pair is None else pair
    status, _body = harness.call("revmentor_goals", "select_pair", {"pair": wanted}, mentor)
    assert status == 404


@pytest.mark.parametrize("block_type", TYPES)
def test_an_unknown_handler_is_a_json_404(harness, program, block_type):
    status, body = harness.call(block_type, "no_such_handler", {}, factories.enrolled())
    assert status == 404
    assert body["error"]["message"] == "This block has no such action."


@pytest.mark.parametrize("block_type", TYPES)
def test_the_studio_editor_needs_no_i18n_service(block_type):
    """``i18n`` is only wanted: a runtime without it (here the SDK's ToyRuntime) still gets the
    editor, labelled from Django's catalog."""
    from xblock.core import XBlock
    from xblock.fields import ScopeIds
    from xblock.test.toy_runtime import ToyRuntime

    runtime = ToyRuntime()
    runtime._services["i18n"] = None  # a runtime that does not offer the service
    block = XBlock.load_class(block_type)(runtime, scope_ids=ScopeIds("s", block_type, "d", "u"))
    assert runtime.service(block, "i18n") is None
    assert 'name="display_name"' in block.render("studio_view").content
