"""Pair health over past weeks: daily snapshots, missing days replayed once, today live."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from revmentor_plugin import services, tasks
from revmentor_plugin.data import HealthStatus
from revmentor_plugin.models import HealthSnapshot, Program
from tests import factories

pytestmark = pytest.mark.django_db

COUNTS = ("on_track", "needs_attention", "at_risk", "total")


def _stored(program):
    return {
        row["day"]: tuple(row[key] for key in COUNTS)
        for row in HealthSnapshot.objects.filter(program__uuid=program.uuid).values("day", *COUNTS)
    }


def _live_queries(program, today):
    """What today's live point costs once the pairs' stored health is today's (ADR 0016)."""
    services.health_counts(program.uuid, today=today)
    with CaptureQueriesContext(connection) as queries:
        services.health_counts(program.uuid, today=today)
    return len(queries)


def test_the_snapshot_counts_are_the_health_statuses():
    assert (*HealthStatus.values(), "total") == COUNTS


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
    summary = [tuple(h[key] for key in COUNTS) for h in history]
    assert summary == [
        (3, 0, 0, 3),  # all fresh; the proposed pair is within its week
        (2, 1, 0, 3),  # proposed for 14 days: agreement pending
        (1, 1, 1, 3),  # fading: 17 days without a session and none planned (history knows no plans)
        (1, 1, 1, 3),  # fading: 24 days, none planned; proposed still pending
        (1, 0, 1, 2),  # proposed closed on 30 September; fading at risk
    ]
    # The past weeks' ends were replayed and stored; today's point (live) was not.
    assert _stored(program) == dict(zip([h["week_ending"] for h in history[:-1]], summary[:-1], strict=True))


def test_the_daily_task_stores_today_once_and_updates_it(program):
    idle = factories.program(name="No pairs yet")
    with freeze_time("2026-10-01"):
        factories.active_pair(program)
        factories.proposed_pair(program)
        tasks.send_reminders.delay()
        assert _stored(program) == {dt.date(2026, 10, 1): (2, 0, 0, 2)}
        factories.proposed_pair(program)
        tasks.send_reminders.delay()  # again the same day: the day's row is updated
        assert _stored(program) == {dt.date(2026, 10, 1): (3, 0, 0, 3)}
    with freeze_time("2026-10-20"):
        call_command("send_revmentor_reminders", stdout=None)  # cron's way does the same
    assert _stored(program) == {
        dt.date(2026, 10, 1): (3, 0, 0, 3),  # a past day stays as it stood
        dt.date(2026, 10, 20): (0, 2, 1, 3),  # 19 days without a session; agreements pending
    }
    assert not HealthSnapshot.objects.filter(program__uuid=idle.uuid).exists()


def test_snapshot_health_for_one_course(program):
    course = factories.COURSE.replace(run="other")
    other = factories.program(course=course, name="Elsewhere")
    factories.active_pair(program)
    factories.active_pair(other, factories.enrolled(course=course), factories.enrolled(course=course))
    assert services.snapshot_health(course_key=str(factories.COURSE)) == 1
    assert list(_stored(program).values()) == [(1, 0, 0, 1)]
    assert _stored(other) == {}


def test_history_reads_the_stored_days(program, django_assert_num_queries):
    factories.active_pair(program)
    today = dt.date(2026, 11, 24)
    days = [today - dt.timedelta(days=7 * back) for back in range(7, 0, -1)]
    # Figures no replay would give: the history shows what was stored, as it stood on the day.
    row = Program.objects.get(uuid=program.uuid)
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(program=row, day=day, on_track=n, at_risk=1, total=n + 1) for n, day in enumerate(days)
    )
    # the program and the stored days, then today's live counts
    with django_assert_num_queries(2 + _live_queries(program, today)):
        history = services.health_history(program.uuid, weeks=8, today=today)
    assert [(h["week_ending"], h["on_track"], h["at_risk"], h["total"]) for h in history[:-1]] == [
        (day, n, 1, n + 1) for n, day in enumerate(days)
    ]
    for _ in range(10):
        factories.active_pair(program)
    with django_assert_num_queries(2 + _live_queries(program, today)):
        history = services.health_history(program.uuid, weeks=8, today=today)
    assert history[-1] == {"week_ending": today, **services.health_counts(program.uuid, today=today)}


def test_missing_days_are_replayed_once_then_read(program, django_assert_num_queries):
    with freeze_time("2026-10-01"):
        factories.active_pair(program)
    today = dt.date(2026, 11, 24)
    HealthSnapshot.objects.create(
        program=Program.objects.get(uuid=program.uuid), day=today - dt.timedelta(days=7), on_track=9, total=9
    )
    live = _live_queries(program, today)
    # program, stored days; the replay's pairs, sessions, goals, acceptances, pulses; the insert
    with django_assert_num_queries(2 + 5 + 1 + live):
        first = services.health_history(program.uuid, weeks=8, today=today)
    assert len(_stored(program)) == 7
    with django_assert_num_queries(2 + live):  # no replay the second time
        again = services.health_history(program.uuid, weeks=8, today=today)
    assert again == first
    assert first[-2]["on_track"] == 9  # the stored day, not replayed over
    assert [h["at_risk"] for h in first[:-2]] == [0, 0, 1, 1, 1, 1]  # cadence 14 from 1 October


def test_todays_point_is_live_and_not_stored(program):
    today = dt.date(2026, 11, 24)
    row = Program.objects.get(uuid=program.uuid)
    HealthSnapshot.objects.create(program=row, day=today, on_track=5, total=5)
    factories.proposed_pair(program)
    history = services.health_history(program.uuid, weeks=2, today=today)
    assert history[-1] == {"week_ending": today, **services.health_counts(program.uuid, today=today)}
    assert _stored(program)[today] == (5, 0, 0, 5)  # the read left the day's row alone


def test_days_that_have_not_ended_are_not_stored(program):
    with freeze_time("2026-11-01"):
        factories.active_pair(program)
    with freeze_time("2026-11-10"):
        history = services.health_history(program.uuid, weeks=4, today=dt.date(2026, 11, 24))
    assert sorted(_stored(program)) == [dt.date(2026, 11, 3)]  # 10 and 17 November have not ended
    assert [h["total"] for h in history] == [1, 1, 1, 1]


def test_a_program_without_pairs(program):
    history = services.health_history(program.uuid, weeks=3, today=dt.date(2026, 11, 24))
    assert [tuple(h[key] for key in COUNTS) for h in history] == [(0, 0, 0, 0)] * 3
    assert services.snapshot_health() == 0


def test_one_row_per_program_and_day(program):
    factories.active_pair(program)
    for _ in range(2):
        assert services.snapshot_health(today=dt.date(2026, 11, 24)) == 1
    assert HealthSnapshot.objects.count() == 1
    row = HealthSnapshot.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        HealthSnapshot.objects.create(program_id=row.program_id, day=row.day)
