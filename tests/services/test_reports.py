"""``services.program_report`` and ``services.pair_table`` read a program in a few grouped queries
(issue 14): the values, and the queries each part costs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from revmentor_plugin import services
from tests import factories

TODAY = timezone.localdate()


@pytest.fixture
def program(db):
    return factories.program(cadence_days=14)


def _log(pair, user, days_ago):
    services.log_session(
        pair.uuid,
        user=user,
        occurred_on=TODAY - dt.timedelta(days=days_ago),
        duration_minutes=30,
        led_by="mentor",
    )


def test_dropped_goals_count_by_status_but_not_in_the_average_progress(program):
    pair, _mentor, mentee = factories.active_pair(program)
    services.add_goal(pair.uuid, user=mentee, title="Done", progress=100)
    services.add_goal(pair.uuid, user=mentee, title="Started", progress=25)
    dropped = services.add_goal(pair.uuid, user=mentee, title="Dropped", progress=90)
    services.update_goal(pair.uuid, dropped.id, user=mentee, status="dropped")

    goals = services.program_report(program.uuid).goals

    assert goals["total"] == 3
    assert goals["by_status"]["dropped"] == 1
    assert goals["average_progress"] == 62.5  # (100 + 25) / 2


def test_a_session_on_the_cutoff_day_is_within_the_cadence(program):
    on_cutoff, mentor_a, _ = factories.active_pair(program)
    late, mentor_b, _ = factories.active_pair(program)
    _log(on_cutoff, mentor_a, 14)
    _log(late, mentor_b, 15)
    _log(late, mentor_b, 40)

    adherence = services.program_report(program.uuid).cadence_adherence

    assert adherence == {"active_pairs": 2, "within_cadence": 1, "share": 0.5}
