"""Pair health over time: a point per week's end, read from daily snapshots (ADR 0017).

The daily task stores each program's counts of open pairs by health for the day
(``snapshot_health``, from ``health_counts``). ``health_history`` reads the week-end days'
snapshots in one query; today's point is always live. A past day without a snapshot (before the
upgrade, or a day the task did not run) is replayed once and stored: the pairs open on that day
are assessed with the facts as they stood then (sessions, goals and pulse checks up to that day)
by the same ``health.assess`` the rest of the product uses. A replay knows no planned sessions,
and a change in the expectations after the fact is not replayed: pairs active on a day count as
having accepted. A stored day is never changed again: the history is health as it stood on that
day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from typing import Any, TypedDict
from uuid import UUID

from django.db import connection
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin.data import OPEN_PAIR_STATUSES, HealthStatus, PairStatus, Role
from revmentor_plugin.models import (
    AgreementAcceptance,
    Goal,
    HealthSnapshot,
    Pair,
    Program,
    PulseCheck,
    SessionLog,
)
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, inputs
from revmentor_plugin.services.dates import day_of
from revmentor_plugin.services.health import (
    LOW_PULSE_DIMENSIONS,
    RECENT_DAYS,
    HealthFacts,
    assess,
    is_low_pulse,
)
from revmentor_plugin.services.pairs import health_counts

#: What a point of the history counts: open pairs by health status, and all open pairs.
COUNTS = (*HealthStatus.values(), "total")


def snapshot_health(*, today: dt.date | None = None, course_key: CourseKey | str | None = None) -> int:
    """Store today's health counts of every program with open pairs (or one course's); how many.

    A second run on the same day updates the day's rows (one upsert), never adds others.
    """
    today = today or dates.today()
    programs = Program.objects.filter(
        pk__in=Pair.objects.filter(status__in=OPEN_PAIR_STATUSES).values("program_id")
    )
    if course_key is not None:
        programs = programs.filter(course_key=inputs.parse_course_key(course_key))
    rows = [
        HealthSnapshot(program=program, day=today, **health_counts(program.uuid, today=today))
        for program in programs
    ]
    if rows:
        # MySQL's upsert (ON DUPLICATE KEY UPDATE) takes no conflict target; the others need one.
        target = ("program", "day") if connection.features.supports_update_conflicts_with_target else None
        HealthSnapshot.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=target, update_fields=COUNTS
        )
    return len(rows)


def health_history(
    program_uuid: UUID | str, *, weeks: int = 12, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Counts of open pairs by health at the end of each of the last ``weeks`` weeks, oldest first.

    Two queries and ``health_counts``'s (today's point) when every past week's end is stored; the
    first read that misses days replays them (five queries) and stores the days that have ended.
    """
    program = load.program_row(program_uuid)
    real_today = dates.today()
    today = today or real_today
    weeks = max(1, min(int(weeks), 104))
    past = [today - dt.timedelta(days=7 * back) for back in range(weeks - 1, 0, -1)]
    stored = HealthSnapshot.objects.filter(program=program, day__in=past).values("day", *COUNTS)
    points: dict[dt.date, dict[str, Any]] = {row["day"]: row for row in stored}
    missing = [day for day in past if day not in points]
    if missing:
        replayed = _replay(program, missing)
        points.update(replayed)
        # Only days that have ended are kept (today's may still change). Two first reads at the
        # same moment replay the same days: the first write wins.
        ended = [day for day in missing if day < real_today]
        HealthSnapshot.objects.bulk_create(
            [HealthSnapshot(program=program, day=day, **replayed[day]) for day in ended],
            ignore_conflicts=True,
        )
    points[today] = health_counts(program.uuid, today=today)
    return [{"week_ending": day, **{key: points[day][key] for key in COUNTS}} for day in (*past, today)]


class _PairDays(TypedDict):
    """A pair's dates, each read once (local dates, as health counts days)."""

    id: int
    created: dt.date
    activated: dt.date | None
    closed: dt.date | None


def _replay(program: Program, days: list[dt.date]) -> dict[dt.date, dict[str, int]]:
    """The counts of open pairs by health on each of ``days``, replayed from what the pairs did.

    Five queries whatever the size of the program and the number of days.
    """
    # Dates once per pair, not once per pair and week: the time-zone conversion is the hot spot here.
    pairs: list[_PairDays] = [
        {
            "id": row["id"],
            "created": day_of(row["created"]),
            "activated": day_of(row["activated_at"]) if row["activated_at"] else None,
            "closed": day_of(row["closed_at"]) if row["closed_at"] else None,
        }
        for row in Pair.objects.filter(program=program).values("id", "created", "activated_at", "closed_at")
    ]
    ids = [pair["id"] for pair in pairs]
    sessions: dict[int, list[dt.date]] = defaultdict(list)
    for pair_id, day in SessionLog.objects.filter(pair_id__in=ids).values_list("pair_id", "occurred_on"):
        sessions[pair_id].append(day)
    goals: dict[int, list[dt.date]] = defaultdict(list)
    for pair_id, created in Goal.objects.filter(pair_id__in=ids).values_list("pair_id", "created"):
        goals[pair_id].append(day_of(created))
    accepted: dict[int, list[tuple[dt.date, Role]]] = defaultdict(list)
    for pair_id, role, at in AgreementAcceptance.objects.filter(pair_id__in=ids).values_list(
        "pair_id", "participant__role", "accepted_at"
    ):
        accepted[pair_id].append((day_of(at), Role(role)))
    pulses: dict[int, list[tuple[dt.date, int, bool]]] = defaultdict(list)
    for pair_id, author, created, *ratings in (
        PulseCheck.objects.filter(pair_id__in=ids)
        .order_by("id")
        .values_list("pair_id", "author_id", "created", *LOW_PULSE_DIMENSIONS)
    ):
        low = is_low_pulse(dict(zip(LOW_PULSE_DIMENSIONS, ratings, strict=True)))
        pulses[pair_id].append((day_of(created), author, low))
    for dated in (*sessions.values(), *goals.values()):
        dated.sort()

    replayed = {}
    for day in days:
        counts = dict.fromkeys(COUNTS, 0)
        for pair in pairs:
            facts = _facts_on(day, pair, program, sessions, goals, accepted, pulses)
            if facts is None:
                continue
            health = assess(facts, day)
            counts["total"] += 1
            if health is not None:
                counts[health.status] += 1
        replayed[day] = counts
    return replayed


def _accepted_on(day: dt.date, acceptances: list[tuple[dt.date, Role]]) -> tuple[Role, ...]:
    roles = {role for on, role in acceptances if on <= day}
    return tuple(role for role in Role if role in roles)


def _facts_on(
    day: dt.date,
    pair: _PairDays,
    program: Program,
    sessions: dict[int, list[dt.date]],
    goals: dict[int, list[dt.date]],
    accepted: dict[int, list[tuple[dt.date, Role]]],
    pulses: dict[int, list[tuple[dt.date, int, bool]]],
) -> HealthFacts | None:
    created, activated = pair["created"], pair["activated"]
    if created > day or (pair["closed"] and pair["closed"] <= day):
        return None
    active = activated is not None and activated <= day
    pair_sessions = sessions.get(pair["id"], [])
    upto = bisect.bisect_right(pair_sessions, day)
    recent_from = day - dt.timedelta(days=RECENT_DAYS)
    latest: dict[int, bool] = {}
    for created_on, author, low in pulses.get(pair["id"], []):
        if created_on <= day:
            latest[author] = low
    return HealthFacts(
        status=PairStatus.ACTIVE if active else PairStatus.PROPOSED,
        cadence_days=program.cadence_days,
        created=created,
        activated=activated if active else None,
        accepted_by=tuple(Role) if active else _accepted_on(day, accepted.get(pair["id"], [])),
        mentor_label=program.mentor_label,
        mentee_label=program.mentee_label,
        last_session=pair_sessions[upto - 1] if upto else None,
        sessions_recent=upto - bisect.bisect_left(pair_sessions, recent_from),
        goal_count=bisect.bisect_right(goals.get(pair["id"], []), day),
        goal_progress=None,
        low_pulse=any(latest.values()),
    )
