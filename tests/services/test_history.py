"""Pair health over past weeks, replayed from what the pairs did."""

import datetime as dt

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_health_history_replays_past_weeks(program):
    with freeze_time("2026-09-01"):
        steady, m1, _ = factories.active_pair(program)
        fading, m2, _ = factories.active_pair(program)
        proposed, *_ = factories.proposed_pair(program)
    for day in ("2026-09-05", "2026-09-15", "2026-09-25", "2026-10-05"):
        with freeze_time(day):
            services.log_session(steady.uuid, user=m1, occurred_on=day, duration_minutes=30, led_by="mentor")
    with freeze_time("2026-09-05"):
        services.log_session(
            fading.uuid, user=m2, occurred_on="2026-09-05", duration_minutes=30, led_by="mentor"
        )
    with freeze_time("2026-09-30"):
        services.close_pair(proposed.uuid, reason="Never started")

    history = services.health_history(program.uuid, weeks=5, today=dt.date(2026, 10, 6))
    assert [h["week_ending"] for h in history] == [
        dt.date(2026, 9, 8),
        dt.date(2026, 9, 15),
        dt.date(2026, 9, 22),
        dt.date(2026, 9, 29),
        dt.date(2026, 10, 6),
    ]
    summary = [(h["on_track"], h["needs_attention"], h["at_risk"]) for h in history]
    assert summary == [
        (3, 0, 0),  # all fresh; the proposed pair is within its week
        (2, 1, 0),  # proposed for 14 days: agreement pending
        (1, 1, 1),  # fading: 17 days without a session and none planned (history knows no plans)
        (1, 1, 1),  # fading: 24 days, none planned; proposed still pending
        (1, 0, 1),  # proposed closed on 30 September; fading at risk
    ]


def test_history_query_count_is_fixed(program, django_assert_num_queries):
    factories.active_pair(program)
    # program, pairs, sessions, goals, acceptances, pulses
    with django_assert_num_queries(6):
        services.health_history(program.uuid, weeks=8)
    for _ in range(10):
        factories.active_pair(program)
    with django_assert_num_queries(6):
        services.health_history(program.uuid, weeks=8)
