"""Program reports: the health and outcome summary, and the pair table for CSV export.

Pure reads. The summary aggregates in SQL with a fixed number of queries whatever the size of
the program (5,000 pairs and 50,000 sessions answer in well under a second); the pair table is
a generator that reads pairs by primary-key ranges, so memory stays flat on every database
(``QuerySet.iterator`` would still buffer the whole result in mysqlclient).

Privacy (ADR 0003): pulse averages are shown only when at least
``REVMENTOR_REPORT_MIN_GROUP_SIZE`` people answered, so an average never reveals one person's
raw answers; breakdowns by the optional self-description drop every group smaller than that.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Max, Sum
from django.utils import timezone

from revmentor_plugin.data import HealthStatus, Role
from revmentor_plugin.models import (
    OPEN_PAIR_STATUSES,
    Goal,
    GoalStatus,
    Pair,
    PairStatus,
    Participant,
    ParticipantStatus,
    PulseCheck,
    SessionLog,
)
from revmentor_plugin.services import _common as c
from revmentor_plugin.services.health import accepted_roles, health_for_pairs

PULSE_DIMENSIONS = ("trust", "comfort", "career_support", "psychosocial_support", "role_modeling")
CSV_COLUMNS = (
    "uuid",
    "mentor",
    "mentee",
    "status",
    "source",
    "score",
    "health",
    "reasons",
    "created",
    "activated",
    "closed",
    "closed_reason",
    "sessions",
    "last_session",
)


HEALTH_COLUMNS = ("id", "program_id", "status", "created", "activated_at")
# What the CSV reads of a pair and its people: fewer columns, fewer values to convert per row.
CSV_PAIR_COLUMNS = (
    *HEALTH_COLUMNS,
    "uuid",
    "source",
    "score",
    "closed_at",
    "closed_reason",
    "mentor__id",
    "mentor__user__username",
    "mentee__id",
    "mentee__user__username",
)


def min_group_size() -> int:
    return int(getattr(settings, "REVMENTOR_REPORT_MIN_GROUP_SIZE", 5))


@dataclass(frozen=True, slots=True)
class ProgramReport:
    """A program's health and outcome summary. No PII: counts and averages only.

    Attributes:
        pairs_by_status: every pair status with its count.
        pairs_by_health: open pairs by computed health, plus ``total``.
        sessions_per_week: ``{"week": "2026-W07", "sessions": n, "minutes": m}``, oldest first.
        cadence_adherence: active pairs whose last session is within the cadence, as
            ``{"active_pairs", "within_cadence", "share"}`` (share None when there are none).
        goals: ``{"total", "achieved", "by_status", "average_progress"}`` (dropped goals excluded
            from the average).
        pulse_received: by the author's role (``mentor``: what mentors received), each
            ``{"responses", "respondents", "suppressed", <dimension>: average or None}``.
        self_description: per question, the groups of at least the minimum size, each
            ``{"value", "participants", "paired"}``, and how many groups were suppressed;
            empty unless the program enables the diversity criterion.
    """

    program_uuid: Any
    generated_on: dt.date
    cadence_days: int
    min_group_size: int
    participants: dict[str, int]
    pairs_by_status: dict[str, int]
    pairs_by_health: dict[str, int]
    sessions_total: int
    sessions_per_week: tuple[dict[str, Any], ...]
    cadence_adherence: dict[str, Any]
    goals: dict[str, Any]
    pulse_received: dict[str, dict[str, Any]]
    self_description: dict[str, Any]


def program_report(program_uuid: Any, *, today: dt.date | None = None) -> ProgramReport:
    """The program's summary in a fixed number of queries (about a dozen)."""
    today = today or timezone.localdate()
    program = c.program_row(program_uuid)
    pairs = Pair.objects.filter(program=program)
    sessions = SessionLog.objects.filter(pair__program=program)
    floor = min_group_size()

    participants = {role.value: 0 for role in Role}
    for row in (
        Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE)
        .values("role")
        .annotate(n=Count("id"))
    ):
        participants[row["role"]] = row["n"]

    by_status = {status: 0 for status in PairStatus.values}
    for row in pairs.values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]

    # Health needs each open pair's facts; health_for_pairs gathers them with grouped queries.
    # Only the columns health reads, and the one program attached by hand: joining the program
    # would build (and parse the course key of) one copy per pair.
    open_rows = list(pairs.filter(status__in=OPEN_PAIR_STATUSES).only(*HEALTH_COLUMNS))
    for pair in open_rows:
        pair.program = program
    health = health_for_pairs(open_rows, accepted_roles(open_rows), today=today)
    by_health = {status.value: 0 for status in HealthStatus}
    for value in health.values():
        if value is not None:
            by_health[value.status] += 1
    by_health["total"] = len(open_rows)

    # Sessions per day (at most one row a day) in SQL, then summed into ISO weeks here: the
    # same on every database, and no date function evaluated per session row.
    weeks: dict[tuple[int, int], list[int]] = {}
    for row in sessions.values("occurred_on").annotate(n=Count("id"), minutes=Sum("duration_minutes")):
        year, week, _day = row["occurred_on"].isocalendar()
        totals = weeks.setdefault((year, week), [0, 0])
        totals[0] += row["n"]
        totals[1] += int(row["minutes"] or 0)
    per_week = tuple(
        {"week": f"{year:04d}-W{week:02d}", "sessions": n, "minutes": minutes}
        for (year, week), (n, minutes) in sorted(weeks.items())
    )
    sessions_total = sum(week["sessions"] for week in per_week)

    cutoff = today - dt.timedelta(days=program.cadence_days)
    active = pairs.filter(status=PairStatus.ACTIVE)
    active_count = active.count()
    within = active.annotate(last=Max("sessions__occurred_on")).filter(last__gte=cutoff).count()
    adherence = {
        "active_pairs": active_count,
        "within_cadence": within,
        "share": round(within / active_count, 3) if active_count else None,
    }

    goal_rows = Goal.objects.filter(pair__program=program)
    goal_status = {status: 0 for status in GoalStatus.values}
    for row in goal_rows.values("status").annotate(n=Count("id")):
        goal_status[row["status"]] = row["n"]
    average = goal_rows.exclude(status=GoalStatus.DROPPED).aggregate(avg=Avg("progress"))["avg"]
    goals = {
        "total": sum(goal_status.values()),
        "achieved": goal_status[GoalStatus.ACHIEVED],
        "by_status": goal_status,
        "average_progress": round(average, 1) if average is not None else None,
    }

    pulse_received: dict[str, dict[str, Any]] = {}
    rows = {
        row["author__role"]: row
        for row in PulseCheck.objects.filter(pair__program=program)
        .values("author__role")
        .annotate(
            responses=Count("id"),
            respondents=Count("author", distinct=True),
            **{name: Avg(name) for name in PULSE_DIMENSIONS},
        )
    }
    for role in Role:
        row = rows.get(role.value, {})
        respondents = row.get("respondents", 0)
        suppressed = respondents < floor
        pulse_received[role.value] = {
            "responses": row.get("responses", 0),
            "respondents": respondents,
            "suppressed": suppressed,
            **{
                name: None if suppressed or row.get(name) is None else round(row[name], 2)
                for name in PULSE_DIMENSIONS
            },
        }

    return ProgramReport(
        program_uuid=program.uuid,
        generated_on=today,
        cadence_days=program.cadence_days,
        min_group_size=floor,
        participants=participants,
        pairs_by_status=by_status,
        pairs_by_health=by_health,
        sessions_total=sessions_total,
        sessions_per_week=per_week,
        cadence_adherence=adherence,
        goals=goals,
        pulse_received=pulse_received,
        self_description=_self_description_groups(program, floor) if program.diversity_enabled else {},
    )


def _self_description_groups(program: Any, floor: int) -> dict[str, Any]:
    """Participants (and how many were ever in an active or completed pair) per answer, with
    every group under ``floor`` people suppressed. Two queries."""
    paired_ids = set()
    for mentor_id, mentee_id in Pair.objects.filter(
        program=program, status__in=(PairStatus.ACTIVE, PairStatus.COMPLETED)
    ).values_list("mentor_id", "mentee_id"):
        paired_ids.update((mentor_id, mentee_id))
    counts: dict[str, Counter] = {}
    paired: dict[str, Counter] = {}
    # JSON equality differs between databases, so empty answers are skipped here, not in SQL.
    for pk, answers in Participant.objects.filter(program=program).values_list("pk", "self_description"):
        for question, answer in (answers or {}).items():
            counts.setdefault(question, Counter())[answer] += 1
            if pk in paired_ids:
                paired.setdefault(question, Counter())[answer] += 1
    result: dict[str, Any] = {}
    for question in sorted(counts):
        groups = [
            {"value": value, "participants": n, "paired": paired.get(question, Counter())[value]}
            for value, n in sorted(counts[question].items())
            if n >= floor
        ]
        result[question] = {
            "groups": groups,
            "suppressed_groups": sum(1 for n in counts[question].values() if n < floor),
        }
    return result


def pair_table(program_uuid: Any, *, chunk_size: int = 500, today: dt.date | None = None) -> Iterator[tuple]:
    """The program's pairs as rows of ``CSV_COLUMNS``, oldest first, read ``chunk_size`` pairs
    at a time by primary key (six queries per chunk), so memory does not grow with the program."""
    today = today or timezone.localdate()
    program = c.program_row(program_uuid)
    last_pk = 0
    while True:
        chunk = list(
            Pair.objects.filter(program=program, pk__gt=last_pk)
            .select_related("mentor__user", "mentee__user")
            .only(*CSV_PAIR_COLUMNS)
            .order_by("pk")[:chunk_size]
        )
        if not chunk:
            return
        for pair in chunk:
            pair.program = program  # one program for all, rather than one joined copy per row
        last_pk = chunk[-1].pk
        health = health_for_pairs(chunk, accepted_roles(chunk), today=today)
        activity = {
            row["pair_id"]: row
            for row in SessionLog.objects.filter(pair_id__in=[pair.pk for pair in chunk])
            .values("pair_id")
            .annotate(n=Count("id"), last=Max("occurred_on"))
        }
        for pair in chunk:
            state = health.get(pair.pk)
            sessions = activity.get(pair.pk, {})
            yield (
                str(pair.uuid),
                pair.mentor.user.username,
                pair.mentee.user.username,
                pair.status,
                pair.source,
                "" if pair.score is None else round(pair.score, 4),
                state.status.value if state else "",
                "; ".join(state.reasons) if state else "",
                pair.created.isoformat(),
                pair.activated_at.isoformat() if pair.activated_at else "",
                pair.closed_at.isoformat() if pair.closed_at else "",
                pair.closed_reason,
                sessions.get("n", 0),
                sessions["last"].isoformat() if sessions.get("last") else "",
            )
        if len(chunk) < chunk_size:
            return


__all__ = ["CSV_COLUMNS", "ProgramReport", "pair_table", "program_report"]
