"""Goals, sessions, reflections and pulse checks inside a pair."""

import datetime as dt

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(program):
    return factories.active_pair(program)


def test_goals_need_an_active_pair(program):
    proposed, mentor, _ = factories.proposed_pair(program)
    with pytest.raises(InvalidTransition):
        services.add_goal(proposed.uuid, user=mentor, title="Learn Python")


def test_add_and_update_goals(pair):
    data, mentor, mentee = pair
    goal = services.add_goal(
        data.uuid,
        user=mentee,
        title="Build a dashboard",
        skill="data-visualisation",
        usage_key="block-v1:TestX+RM1+2026+type@vertical+block@mentoring",
        target_date="2026-12-31",
    )
    assert (goal.owner, goal.status, goal.progress, goal.skill) == ("mentee", "open", 0, "data-visualisation")
    mentors_goal = services.add_goal(data.uuid, user=mentor, title="Lead a session", owner="mentor")
    assert mentors_goal.owner == "mentor"
    updated = services.update_goal(data.uuid, goal.id, user=mentor, progress=100)
    assert (updated.progress, updated.status) == (100, "achieved")
    assert [g.title for g in services.goals_of_pair(data.uuid)] == ["Build a dashboard", "Lead a session"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "progress": 101}, "progress"),
        ({"title": "ok", "progress": "50"}, "progress"),
        ({"title": "ok", "owner": "boss"}, "owner"),
        ({"title": "ok", "skill": "cobol"}, "skill"),
        ({"title": "ok", "usage_key": "unit1"}, "usage_key"),
        # a unit of another course, and a key of this course that names no unit of it
        (
            {"title": "ok", "usage_key": "block-v1:TestX+OTHER+2026+type@vertical+block@mentoring"},
            "usage_key",
        ),
        ({"title": "ok", "usage_key": "block-v1:TestX+RM1+2026+type@vertical+block@nowhere"}, "usage_key"),
        ({"title": "ok", "target_date": "31/12/2026"}, "target_date"),
        ({"title": "ok", "status": "done"}, "status"),
        ({"title": "ok", "colour": "red"}, "colour"),
    ],
)
def test_bad_goals(pair, fields, field):
    data, mentor, _ = pair
    title = fields.pop("title")
    with pytest.raises(InvalidInput) as exc:
        services.add_goal(data.uuid, user=mentor, title=title, **fields)
    assert field in exc.value.errors
    assert services.goals_of_pair(data.uuid) == []


def test_goals_of_another_pair_are_not_found(program, pair):
    data, mentor, _ = pair
    other, other_mentor, _ = factories.active_pair(program)
    goal = services.add_goal(other.uuid, user=other_mentor, title="Theirs")
    with pytest.raises(NotFound):
        services.update_goal(data.uuid, goal.id, user=mentor, progress=10)
    with pytest.raises(NotFound):
        services.add_goal(other.uuid, user=mentor, title="Not my pair")


@freeze_time("2026-11-20")
def test_log_and_confirm_a_session(pair):
    data, mentor, mentee = pair
    goal = services.add_goal(data.uuid, user=mentee, title="Python basics", skill="python")
    session = services.log_session(
        data.uuid,
        user=mentor,
        occurred_on="2026-11-19",
        duration_minutes=45,
        led_by="mentor",
        mode="in_person",
        skills=["python"],
        goals=[goal.id],
        notes="Went through lists and loops.",
    )
    assert (session.logged_by, session.confirmed, session.skills, session.goals) == (
        "mentor",
        False,
        ("python",),
        (goal.id,),
    )
    with pytest.raises(Conflict):
        services.confirm_session(data.uuid, session.id, user=mentor)
    confirmed = services.confirm_session(data.uuid, session.id, user=mentee)
    assert confirmed.confirmed
    assert services.confirm_session(data.uuid, session.id, user=mentee).confirmed_at == confirmed.confirmed_at


@freeze_time("2026-11-20")
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"occurred_on": "2026-11-21"}, "occurred_on"),
        ({"occurred_on": "2025-01-01"}, "occurred_on"),
        ({"occurred_on": "soon"}, "occurred_on"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 1441}, "duration_minutes"),
        ({"led_by": "both"}, "led_by"),
        ({"mode": "telepathy"}, "mode"),
        ({"skills": ["cobol"]}, "skills"),
        ({"goals": [999999]}, "goals"),
        ({"goals": ["x"]}, "goals"),
        ({"notes": "x" * 10001}, "notes"),
    ],
)
def test_bad_sessions(pair, fields, field):
    data, mentor, _ = pair
    values = {"occurred_on": "2026-11-19", "duration_minutes": 30, "led_by": "mentor", **fields}
    with pytest.raises(InvalidInput) as exc:
        services.log_session(data.uuid, user=mentor, **values)
    assert field in exc.value.errors
    assert services.sessions_of_pair(data.uuid) == []


def test_listing_sessions_is_constant(pair, django_assert_num_queries):
    data, mentor, _ = pair
    for day in range(1, 6):
        services.log_session(
            data.uuid,
            user=mentor,
            occurred_on=dt.date.today() - dt.timedelta(days=day),
            duration_minutes=30,
            led_by="mentor",
            skills=["python"],
        )
    # pair; sessions (+logger joined); skills; goals
    with django_assert_num_queries(4):
        assert len(services.sessions_of_pair(data.uuid)) == 5


def test_reflections_by_visibility(pair):
    data, mentor, mentee = pair
    services.write_reflection(data.uuid, user=mentor, body="Private thought", visibility="private")
    services.write_reflection(data.uuid, user=mentor, body="For us", visibility="pair")
    services.write_reflection(
        data.uuid, user=mentor, body="For staff too", visibility="staff", prompt="What went well?"
    )
    own = services.reflections_of_pair(data.uuid, viewer_id=mentor.pk, others_visible=())
    assert len(own) == 3
    partner = services.reflections_of_pair(data.uuid, viewer_id=mentee.pk, others_visible=("pair", "staff"))
    assert sorted(r.body for r in partner) == ["For staff too", "For us"]
    staff = services.reflections_of_pair(data.uuid, viewer_id=None, others_visible=("staff",))
    assert [r.body for r in staff] == ["For staff too"]
    sneaky = services.reflections_of_pair(data.uuid, viewer_id=mentee.pk, others_visible=("private",))
    assert sneaky == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "ok", "visibility": "public"}, "visibility"),
        ({"body": "ok", "session": 123456}, "session"),
        ({"body": "ok", "session": "1"}, "session"),
    ],
)
def test_bad_reflections(pair, fields, field):
    data, mentor, _ = pair
    with pytest.raises(InvalidInput) as exc:
        services.write_reflection(data.uuid, user=mentor, **fields)
    assert field in exc.value.errors


def test_pulse(pair):
    data, mentor, mentee = pair
    ratings = factories.pulse_answers(4, 5, 3, 4, 2)
    pulse = services.record_pulse(data.uuid, user=mentee, **ratings)
    assert (pulse.author_role, pulse.trust) == ("mentee", 4)
    assert services.pulses_of_author(data.uuid, user=mentor) == []
    assert len(services.pulses_of_author(data.uuid, user=mentee)) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"trust": 0}, "trust"),
        ({"comfort": 6}, "comfort"),
        ({"role_modeling": "5"}, "role_modeling"),
        ({"mood": 3}, "mood"),
    ],
)
def test_bad_pulse(pair, change, field):
    data, _, mentee = pair
    ratings = {**factories.pulse_answers(4, 5, 3, 4, 2), **change}
    with pytest.raises(InvalidInput) as exc:
        services.record_pulse(data.uuid, user=mentee, **ratings)
    assert field in exc.value.errors


def test_missing_pulse_dimension(pair):
    data, _, mentee = pair
    with pytest.raises(InvalidInput) as exc:
        services.record_pulse(data.uuid, user=mentee, trust=3)
    assert set(exc.value.errors) == {"comfort", "career_support", "psychosocial_support", "role_modeling"}


def test_withdrawn_members_cannot_act(program, pair):
    data, mentor, _ = pair
    services.withdraw_participant(program.uuid, mentor.username)
    with pytest.raises(InvalidTransition):
        services.add_goal(data.uuid, user=mentor, title="After leaving")
