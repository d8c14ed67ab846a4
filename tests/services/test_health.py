"""Pair health: the pure assessment, and the facts gathered from a real pair."""

import datetime as dt

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.data import Role
from revmentor_plugin.services.health import HealthFacts, assess
from tests import factories

TODAY = dt.date(2026, 11, 25)
BOTH = (Role.MENTOR, Role.MENTEE)


def facts(**changes):
    base = {
        "status": "active",
        "cadence_days": 14,
        "created": TODAY - dt.timedelta(days=40),
        "activated": TODAY - dt.timedelta(days=40),
        "accepted_by": BOTH,
        "mentor_label": "Advisor",
        "mentee_label": "Learner",
        "last_session": TODAY - dt.timedelta(days=3),
        "sessions_recent": 2,
        "goal_count": 2,
        "goal_progress": 37.5,
    }
    return HealthFacts(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "status", "first_reason"),
    [
        ({}, "on_track", "Last session 3 days ago"),
        ({"last_session": TODAY - dt.timedelta(days=14)}, "on_track", "Last session 14 days ago"),
        (
            {"last_session": TODAY - dt.timedelta(days=15)},
            "at_risk",
            "No session for 15 days (cadence: every 14 days) and none planned",
        ),
        (
            {"last_session": TODAY - dt.timedelta(days=29)},
            "at_risk",
            "No session for 29 days (cadence: every 14 days) and none planned",
        ),
        (
            {"last_session": None, "activated": TODAY - dt.timedelta(days=20)},
            "at_risk",
            "No session since the pair started 20 days ago (cadence: every 14 days) and none planned",
        ),
        # A confirmed session planned within one cadence keeps an overdue pair on track ...
        (
            {"last_session": TODAY - dt.timedelta(days=40), "next_planned": TODAY + dt.timedelta(days=3)},
            "on_track",
            "Next session planned in 3 days",
        ),
        (
            {"last_session": TODAY - dt.timedelta(days=15), "next_planned": TODAY},
            "on_track",
            "Next session planned for today",
        ),
        # ... one planned later only softens it, by the usual thresholds.
        (
            {"last_session": TODAY - dt.timedelta(days=20), "next_planned": TODAY + dt.timedelta(days=15)},
            "needs_attention",
            "No session for 20 days (cadence: every 14 days)",
        ),
        (
            {"last_session": TODAY - dt.timedelta(days=29), "next_planned": TODAY + dt.timedelta(days=15)},
            "at_risk",
            "No session for 29 days (cadence: every 14 days)",
        ),
        (
            {"last_session": None, "activated": TODAY - dt.timedelta(days=2), "goal_count": 0},
            "on_track",
            "First session due within 12 days",
        ),
        ({"low_pulse": True}, "at_risk", "A recent pulse check rated trust or comfort 2 or below"),
        (
            {"goal_count": 0, "last_session": TODAY - dt.timedelta(days=20)},
            "at_risk",
            "No session for 20 days (cadence: every 14 days) and none planned",
        ),
        (
            {"accepted_by": (Role.MENTOR,)},
            "needs_attention",
            "The expectations changed and Learner has not accepted them yet",
        ),
        (
            {"status": "proposed", "created": TODAY - dt.timedelta(days=3), "accepted_by": ()},
            "on_track",
            "Waiting for Advisor and Learner to accept the agreement",
        ),
        (
            {"status": "proposed", "created": TODAY - dt.timedelta(days=8), "accepted_by": (Role.MENTEE,)},
            "needs_attention",
            "Agreement pending for 8 days",
        ),
    ],
)
def test_assess(changes, status, first_reason):
    health = assess(facts(**changes), TODAY)
    assert health.status == status
    assert health.reasons[0] == first_reason


@pytest.mark.parametrize(
    ("days", "reason"),
    [(0, "Last session today"), (1, "Last session yesterday"), (2, "Last session 2 days ago")],
)
def test_last_session_reads_as_a_day(days, reason):
    health = assess(facts(last_session=TODAY - dt.timedelta(days=days)), TODAY)
    assert health.reasons[0] == reason


@pytest.mark.parametrize(
    ("accepted_by", "reason"),
    [
        ((Role.MENTOR,), "The expectations changed and Learner has not accepted them yet"),
        ((), "The expectations changed and Advisor and Learner have not accepted them yet"),
    ],
)
def test_the_verb_agrees_with_who_has_not_accepted(accepted_by, reason):
    assert assess(facts(accepted_by=accepted_by), TODAY).reasons[0] == reason


@pytest.mark.parametrize(
    ("sessions", "note"),
    [
        (0, "0 sessions in the last 30 days"),
        (1, "1 session in the last 30 days"),
        (2, "2 sessions in the last 30 days"),
    ],
)
def test_recent_sessions_are_counted_in_words(sessions, note):
    assert note in assess(facts(sessions_recent=sessions), TODAY).reasons


def test_a_first_session_due_on_the_day_reads_today():
    health = assess(facts(last_session=None, activated=TODAY - dt.timedelta(days=14)), TODAY)
    assert health.reasons[0] == "First session due today"


@pytest.mark.parametrize(
    ("items", "text"),
    [((), ""), (("Advisor",), "Advisor"), (("A", "B"), "A and B"), (("A", "B", "C"), "A, B and C")],
)
def test_lists_in_a_sentence_are_joined_with_and(items, text):
    assert services.join_and(items) == text


def test_worst_problem_comes_first():
    later = TODAY + dt.timedelta(days=20)  # planned, but beyond the cadence: needs attention
    health = assess(
        facts(last_session=TODAY - dt.timedelta(days=20), low_pulse=True, goal_count=0, next_planned=later),
        TODAY,
    )
    assert health.status == "at_risk"
    assert (
        health.reasons
        == (
            "A recent pulse check rated trust or comfort 2 or below",
            "No session for 20 days (cadence: every 14 days)",
            "No goals set yet",
            "0 sessions in the last 30 days",
            "Goals 0% done on average",
        )[:3]
    )


def test_on_track_reasons_say_why():
    assert assess(facts(), TODAY).reasons == (
        "Last session 3 days ago",
        "2 sessions in the last 30 days",
        "Goals 38% done on average",
    )


@pytest.mark.parametrize("status", ["completed", "closed", "declined"])
def test_ended_pairs_have_no_health(status):
    assert assess(facts(status=status), TODAY) is None


@pytest.mark.django_db
def test_health_of_a_real_pair_follows_time(program):
    with freeze_time("2026-10-01"):
        pair, mentor, mentee = factories.active_pair(program)
        services.add_goal(pair.uuid, user=mentee, title="Learn pandas", progress=50)
        services.log_session(
            pair.uuid, user=mentor, occurred_on="2026-10-01", duration_minutes=30, led_by="mentor"
        )
    with freeze_time("2026-10-10"):
        assert services.get_pair(pair.uuid).health.status == "on_track"
    with freeze_time("2026-10-20"):
        health = services.get_pair(pair.uuid).health
        assert (health.status, health.reasons[0]) == (
            "at_risk",
            "No session for 19 days (cadence: every 14 days) and none planned",
        )
    with freeze_time("2026-11-01"):
        assert services.get_pair(pair.uuid).health.status == "at_risk"
        services.log_session(
            pair.uuid, user=mentee, occurred_on="2026-10-31", duration_minutes=30, led_by="mentee"
        )
        assert services.get_pair(pair.uuid).health.status == "on_track"
        low = factories.pulse_answers(2, 4, 3, 3, 3)
        services.record_pulse(pair.uuid, user=mentee, **low)
        assert services.get_pair(pair.uuid).health.status == "at_risk"
        services.record_pulse(pair.uuid, user=mentee, **{**low, "trust": 4})
        assert services.get_pair(pair.uuid).health.status == "on_track"
