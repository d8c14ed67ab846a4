"""``services.program_report`` and ``services.pair_table`` read a program in a few grouped queries
(issue 14): the values, and the queries each part costs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import API, client_for

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


def test_a_pair_table_row_holds_the_pair_its_sessions_and_its_health(program):
    pair, mentor, mentee = factories.active_pair(program)
    _log(pair, mentor, 3)
    _log(pair, mentor, 1)
    proposed, *_ = factories.proposed_pair(program)
    ended, *_ = factories.active_pair(program)
    services.close_pair(ended.uuid, reason="Moved teams")

    rows = {row[0]: row for row in services.pair_table(program.uuid)}

    for data in (services.get_pair(pair.uuid), services.get_pair(proposed.uuid)):
        assert rows[str(data.uuid)][6:8] == (data.health.status.value, "; ".join(data.health.reasons))
    closed = services.get_pair(ended.uuid)
    assert rows[str(pair.uuid)] == (
        str(pair.uuid),
        mentor.username,
        mentee.username,
        "active",
        "staff",
        "",
        "on_track",
        rows[str(pair.uuid)][7],
        pair.created.isoformat(),
        services.get_pair(pair.uuid).activated_at.isoformat(),
        "",
        "",
        2,
        (TODAY - dt.timedelta(days=1)).isoformat(),
    )
    assert rows[str(ended.uuid)][6:] == (
        "",
        "",
        closed.created.isoformat(),
        closed.activated_at.isoformat(),
        closed.closed_at.isoformat(),
        "Moved teams",
        0,
        "",
    )


def test_a_chunk_of_ended_pairs_costs_three_queries(program, django_assert_num_queries):
    for _ in range(4):
        ended, *_ = factories.active_pair(program)
        services.close_pair(ended.uuid, reason="Done")

    # The program, the read for stale health (none: every pair has ended), then per chunk of two:
    # its pairs with their stored health, their people's usernames and its sessions; then one more
    # read finds nothing.
    with django_assert_num_queries(1 + 1 + 3 + 3 + 1):
        rows = list(services.pair_table(program.uuid, chunk_size=2))
    assert len(rows) == 4


@pytest.mark.parametrize("open_pairs", [1, 3])
def test_a_chunk_of_open_pairs_costs_the_same_queries_whatever_its_size(
    program, django_assert_num_queries, open_pairs
):
    for _ in range(open_pairs):
        factories.busy_pair(program)

    # The program, the read for stale health (none: each write stored today's), the chunk with
    # its stored health, its usernames and its sessions (a short chunk is the last).
    with django_assert_num_queries(1 + 1 + 3):
        rows = list(services.pair_table(program.uuid))
    assert len(rows) == open_pairs


def test_the_csv_response_sends_its_lines_in_blocks(program):
    for _ in range(2):
        factories.proposed_pair(program)
    staff = client_for(factories.course_staff())

    response = staff.get(f"{API}programs/{program.uuid}/report/?format=csv")

    (block,) = list(response.streaming_content)  # the header and both rows, in one write
    assert block.decode().count("\r\n") == 3
