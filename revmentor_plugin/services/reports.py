"""Program reports: the health and outcome summary, and the pair table for CSV export.

Pure reads. The summary aggregates in SQL with a fixed number of queries whatever the size of
the program (5,000 pairs and 50,000 sessions answer in well under a second); the pair table is
a generator that reads pairs by primary-key ranges, so memory stays flat on every database
(``QuerySet.iterator`` would still buffer the whole result in mysqlclient).

Privacy (ADR 0003, "Reports differenced over time"): figures drawn from private answers (pulse
checks, self-descriptions) are never computed live. They are frozen per closed calendar month the
first time a report is read after the month ends (``FrozenFigures``) and never recomputed, so
reading the report before and after one person's answer, join or deletion shows the same figures.
A month's pulse averages are published only when at least ``REVMENTOR_REPORT_MIN_GROUP_SIZE`` (k)
people of that role answered in it; a self-description breakdown is published only when at least
k people answered and, after the first, at least k more than in the breakdown published before it,
and every group under k is dropped. No exact number of respondents or responses is published:
only a lower bound from a fixed ladder (``respondents_at_least``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, QuerySet, Sum
from django.utils import timezone

from revmentor_plugin.data import (
    PAIR_STATUSES_WITH_ACTIVITY,
    GoalStatus,
    PairStatus,
    ParticipantStatus,
    PulseDimension,
    Role,
)
from revmentor_plugin.models import (
    FrozenFigures,
    Goal,
    Pair,
    Participant,
    Program,
    PulseCheck,
    SessionLog,
)
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, learning, reversal
from revmentor_plugin.services.dates import day_of
from revmentor_plugin.services.health import counts_by_health, reason_words, refresh_stale_of_program
from revmentor_plugin.services.outcomes import outcome_series

#: The pulse check's rating columns (and the keys of its figures).
PULSE_DIMENSIONS = PulseDimension.values()

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


def min_group_size() -> int:
    return int(getattr(settings, "REVMENTOR_REPORT_MIN_GROUP_SIZE", 5))


PULSE, SELF_DESCRIPTION = "pulse", "self_description"
#: What ``respondents_at_least`` may say: k, then these. One more person never moves the bound
#: unless it crosses a rung, and a rung says nothing about who crossed it.
RESPONDENT_LADDER = (10, 20, 50, 100, 200, 500, 1000)
PUBLISHED_MONTHS = 12


def respondents_at_least(n: int, floor: int) -> int | None:
    """The highest rung of the ladder (k first) that ``n`` reaches, or None under k."""
    if n < floor:
        return None
    return max([floor, *(rung for rung in RESPONDENT_LADDER if rung <= n)])


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _month_start(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(month, dt.time.min))


def _freeze_pulse(program: Program, today: dt.date, floor: int) -> list[FrozenFigures]:
    """Freeze every closed month's pulse figures not frozen yet; return all, oldest first.

    Reads only the pulse checks written since the last frozen month (one query), groups them by
    month and the author's role in Python (the same on every database, no time-zone tables).
    """
    frozen = list(FrozenFigures.objects.filter(program=program, kind=PULSE).order_by("period"))
    current = _month(today)
    rows = PulseCheck.objects.filter(pair__program=program, created__lt=_month_start(current))
    if frozen:
        rows = rows.filter(created__gte=_month_start(_next_month(frozen[-1].period)))
    months: dict[dt.date, dict[str, dict[str, Any]]] = {}
    for row in rows.values("created", "author_id", "author__role", *PULSE_DIMENSIONS):
        month = _month(day_of(row["created"]))
        group = months.setdefault(month, {}).setdefault(
            row["author__role"], {"authors": set(), "n": 0, **dict.fromkeys(PULSE_DIMENSIONS, 0)}
        )
        group["authors"].add(row["author_id"])
        group["n"] += 1
        for name in PULSE_DIMENSIONS:
            group[name] += row[name]
    new = []
    for month, groups in sorted(months.items()):
        figures = {}
        for role in Role:
            group = groups.get(role.value, {"authors": (), "n": 0})
            bound = respondents_at_least(len(group["authors"]), floor)
            figures[role.value] = {
                "respondents_at_least": bound,
                "suppressed": bound is None,
                **{
                    name: None if bound is None else round(group[name] / group["n"], 2)
                    for name in PULSE_DIMENSIONS
                },
            }
        respondents = sum(len(group["authors"]) for group in groups.values())
        new.append(
            FrozenFigures(program=program, kind=PULSE, period=month, respondents=respondents, figures=figures)
        )
    if new:
        # Two reports read at the same moment freeze the same months: the first write wins.
        FrozenFigures.objects.bulk_create(new, ignore_conflicts=True)
        frozen = list(FrozenFigures.objects.filter(program=program, kind=PULSE).order_by("period"))
    return frozen


def pulse_figures(
    program: Program, today: dt.date, floor: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The latest published month per role, and the last months as published."""
    frozen = _freeze_pulse(program, today, floor)
    empty = {"period": None, "respondents_at_least": None, "suppressed": True}
    latest = {role.value: {**empty, **dict.fromkeys(PULSE_DIMENSIONS)} for role in Role}
    for row in frozen:
        for role in Role:
            figures = row.figures.get(role.value, {})
            if not figures.get("suppressed", True):
                latest[role.value] = {"period": f"{row.period:%Y-%m}", **figures}
    months = [
        {"period": f"{row.period:%Y-%m}", **{role.value: row.figures[role.value] for role in Role}}
        for row in frozen[-PUBLISHED_MONTHS:]
    ]
    return latest, months


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
        pulse_received: by the author's role (``mentor``: what mentors received), the latest
            closed month with at least k respondents of that role: ``{"period": "2026-10",
            "respondents_at_least", "suppressed", <dimension>: average or None}``.
        pulse_by_month: the last 12 frozen months, oldest first, each ``{"period", "mentor",
            "mentee"}`` shaped as above (suppressed months have no averages).
        self_description: the latest published breakdown: ``{"period", "respondents_at_least",
            "questions": {question: {"groups": [{"value", "participants", "paired"}],
            "suppressed_groups"}}}``; empty unless the program enables the diversity criterion
            and a breakdown has been published.
        organizational_outcome: ``{"stated": the program's outcome text, "measures": [{"measure",
            "points": [{"id", "recorded_on", "value", "note", "sessions_to_date",
            "active_pairs"}]}]}``: each measure's milestones in date order, next to the program's
            activity on each milestone's day (``organizational_outcome``).
        role_reversal: sessions led by the mentor (overall and per week), days from proposal to
            agreement, and the mentees' comfort in the learner role (``services.reversal``).
        trust_over_time: trust and comfort per direction per closed ISO week, frozen and
            suppressed per cell, and the weeks where the directions diverge.
        two_way_learning: confidence before and after per direction and item, and the cadence
            comparison, frozen per closed month (``services.learning.learning_section``).
    """

    program_uuid: UUID | str
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
    pulse_by_month: tuple[dict[str, Any], ...]
    self_description: dict[str, Any]
    organizational_outcome: dict[str, Any]
    role_reversal: dict[str, Any]
    trust_over_time: dict[str, Any]
    two_way_learning: dict[str, Any]


def program_report(program_uuid: UUID | str, *, today: dt.date | None = None) -> ProgramReport:
    """The program's summary in a fixed number of queries (about a dozen), one section at a time."""
    today = today or dates.today()
    program = load.program_row(program_uuid)
    pairs = Pair.objects.filter(program=program)
    floor = min_group_size()
    # The sections in a fixed order (the order of their queries).
    participants = _participants_by_role(program)
    by_status = _pairs_by_status(pairs)
    by_health = _pairs_by_health(program, today)
    days = reversal.sessions_by_day(program)
    per_week = _sessions_per_week(days)
    adherence = _cadence_adherence(program, pairs, by_status[PairStatus.ACTIVE], today)
    goals = goal_outcomes(program)
    pulse_received, pulse_by_month = pulse_figures(program, today, floor)
    learner_comfort, trust_over_time = reversal.pulse_sections(program, today, floor)
    role_reversal = reversal.role_reversal(program, days, learner_comfort)
    return ProgramReport(
        program_uuid=program.uuid,
        generated_on=today,
        cadence_days=program.cadence_days,
        min_group_size=floor,
        participants=participants,
        pairs_by_status=by_status,
        pairs_by_health=by_health,
        sessions_total=sum(week["sessions"] for week in per_week),
        sessions_per_week=per_week,
        cadence_adherence=adherence,
        goals=goals,
        pulse_received=pulse_received,
        pulse_by_month=tuple(pulse_by_month),
        self_description=_self_description(program, today, floor) if program.diversity_enabled else {},
        organizational_outcome=organizational_outcome(program, days),
        role_reversal=role_reversal,
        trust_over_time=trust_over_time,
        two_way_learning=learning.learning_section(program, today, floor),
    )


def _participants_by_role(program: Program) -> dict[str, int]:
    """Active participants per role (every role, zero included)."""
    participants = {role.value: 0 for role in Role}
    for row in (
        Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE)
        .values("role")
        .annotate(n=Count("id"))
    ):
        participants[row["role"]] = row["n"]
    return participants


def _pairs_by_status(pairs: QuerySet[Pair]) -> dict[str, int]:
    """Pairs per status (every status, zero included)."""
    by_status = {status: 0 for status in PairStatus.values()}
    for row in pairs.values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]
    return by_status


def _pairs_by_health(program: Program, today: dt.date) -> dict[str, int]:
    """Open pairs per stored health, plus ``total`` (one grouped query; ADR 0016)."""
    return counts_by_health(program.pk, today=today)


def _sessions_per_week(days: Iterable[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Sessions and minutes per ISO week, oldest first (weeks without sessions left out), from
    ``reversal.sessions_by_day``'s rows."""
    # Sessions per day and leader (at most two rows a day) in SQL, then summed into ISO weeks
    # here: the same on every database, and no date function evaluated per session row.
    weeks: dict[tuple[int, int], list[int]] = {}
    for row in days:
        year, week, _day = row["occurred_on"].isocalendar()
        totals = weeks.setdefault((year, week), [0, 0])
        totals[0] += row["n"]
        totals[1] += int(row["minutes"] or 0)
    return tuple(
        {"week": f"{year:04d}-W{week:02d}", "sessions": n, "minutes": minutes}
        for (year, week), (n, minutes) in sorted(weeks.items())
    )


def _cadence_adherence(
    program: Program, pairs: QuerySet[Pair], active_pairs: int, today: dt.date
) -> dict[str, Any]:
    """Active pairs whose last session is within the program's cadence, and their share.

    ``active_pairs`` comes from the status counts; a pair is within when it has a session on or
    after the cutoff (the same as its last one being), which the sessions' pair index finds.
    """
    cutoff = today - dt.timedelta(days=program.cadence_days)
    recent = SessionLog.objects.filter(pair=OuterRef("pk"), occurred_on__gte=cutoff)
    within = pairs.filter(Exists(recent), status=PairStatus.ACTIVE).count()
    return {
        "active_pairs": active_pairs,
        "within_cadence": within,
        "share": round(within / active_pairs, 3) if active_pairs else None,
    }


def goal_outcomes(program: Program) -> dict[str, Any]:
    """Goals per status, how many were achieved, and the average progress of those not dropped
    (one grouped query: the count and the summed progress of each status)."""
    goal_status = {status: 0 for status in GoalStatus.values()}
    counted = progress = 0
    for status, n, total in (
        Goal.objects.filter(pair__program=program)
        .values_list("status")
        .annotate(n=Count("id"), progress=Sum("progress"))
    ):
        goal_status[status] = n
        if status != GoalStatus.DROPPED:
            counted += n
            progress += int(total)
    return {
        "total": sum(goal_status.values()),
        "achieved": goal_status[GoalStatus.ACHIEVED],
        "by_status": goal_status,
        "average_progress": round(progress / counted, 1) if counted else None,
    }


def _self_description_counts(program: Program, until: dt.date) -> tuple[int, dict[str, Any]]:
    """How many participants who joined before ``until`` answered, and per question and answer
    how many participants (and how many of them were ever in an active or completed pair). Exact
    counts: they are stored, never published as such."""
    before = _month_start(until)
    paired_ids: set[int] = set()
    for mentor_id, mentee_id in Pair.objects.filter(
        program=program, status__in=PAIR_STATUSES_WITH_ACTIVITY, activated_at__lt=before
    ).values_list("mentor_id", "mentee_id"):
        paired_ids.update((mentor_id, mentee_id))
    counts: dict[str, dict[str, list[int]]] = {}
    respondents = 0
    # JSON equality differs between databases, so empty answers are skipped here, not in SQL.
    for pk, answers in Participant.objects.filter(program=program, created__lt=before).values_list(
        "pk", "self_description"
    ):
        respondents += bool(answers)
        for question, answer in (answers or {}).items():
            cell = counts.setdefault(question, {}).setdefault(answer, [0, 0])
            cell[0] += 1
            cell[1] += pk in paired_ids
    return respondents, counts


def _self_description(program: Program, today: dt.date, floor: int) -> dict[str, Any]:
    """The latest published self-description breakdown (see the module docstring), freezing the
    closed months not frozen yet (one pair of queries per month, on the first read after it)."""
    frozen = list(FrozenFigures.objects.filter(program=program, kind=SELF_DESCRIPTION).order_by("period"))
    month = _next_month(frozen[-1].period) if frozen else _month(day_of(program.created))
    new = []
    while month < _month(today):
        respondents, counts = _self_description_counts(program, _next_month(month))
        # Only groups of k or more are stored: a group of one would be that person's answer.
        figures = {
            question: {
                "groups": [
                    {"value": value, "participants": n, "paired": paired}
                    for value, (n, paired) in sorted(answers.items())
                    if n >= floor
                ],
                "suppressed_groups": sum(1 for n, _paired in answers.values() if n < floor),
            }
            for question, answers in sorted(counts.items())
        }
        new.append(
            FrozenFigures(
                program=program, kind=SELF_DESCRIPTION, period=month, respondents=respondents, figures=figures
            )
        )
        month = _next_month(month)
    if new:
        FrozenFigures.objects.bulk_create(new, ignore_conflicts=True)
        frozen = list(FrozenFigures.objects.filter(program=program, kind=SELF_DESCRIPTION).order_by("period"))
    published = None
    for row in frozen:
        if row.respondents >= floor and (
            published is None or row.respondents - published.respondents >= floor
        ):
            published = row
    if published is None:
        return {}
    return {
        "period": f"{published.period:%Y-%m}",
        "respondents_at_least": respondents_at_least(published.respondents, floor),
        "questions": published.figures,
    }


def organizational_outcome(program: Program, sessions: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The stated outcome and each measure's milestones (``services.outcomes.outcome_series``),
    each point with the program's activity on its day: the sessions logged up to it (from
    ``sessions``, ``reversal.sessions_by_day``'s rows) and the pairs active on it. Two queries
    whatever the number of records, sessions and pairs: the records and the pairs' start and end;
    the rest is summed here."""
    series = outcome_series(program)
    if not series:
        return {"stated": program.organizational_outcome, "measures": []}
    per_day: dict[dt.date, int] = {}
    for row in sessions:
        per_day[row["occurred_on"]] = per_day.get(row["occurred_on"], 0) + row["n"]
    session_days = sorted(per_day.items())
    starts: list[dt.date] = []
    ends: list[dt.date] = []
    for start, end in (
        Pair.objects.filter(program=program, activated_at__isnull=False)
        .order_by()
        .values_list("activated_at", "closed_at")
    ):
        if start is not None:  # the filter says so; the type of the column does not
            starts.append(day_of(start))
        if end is not None:
            ends.append(day_of(end))
    starts.sort()
    ends.sort()
    days = [day for day, _n in session_days]
    running = list(itertools.accumulate(n for _day, n in session_days))

    def activity(day: dt.date) -> dict[str, int]:
        done = bisect.bisect_right(days, day)
        # Active on ``day``: started on or before it, not ended before it.
        active = bisect.bisect_right(starts, day) - bisect.bisect_left(ends, day)
        return {"sessions_to_date": running[done - 1] if done else 0, "active_pairs": active}

    return {
        "stated": program.organizational_outcome,
        "measures": [
            {
                "measure": item["measure"],
                "points": [{**point, **activity(point["recorded_on"])} for point in item["points"]],
            }
            for item in series
        ],
    }


#: What the CSV reads of each pair, as plain values (no model instances). The usernames are read
#: apart, per chunk: joined to the chunk's keyed and limited read, MariaDB picks a slow plan.
CSV_PAIR_VALUES = (
    "pk",
    "uuid",
    "mentor_id",
    "mentee_id",
    "status",
    "source",
    "score",
    "created",
    "activated_at",
    "closed_at",
    "closed_reason",
    "health_status",
    "health_reasons",
)


def _health_cells(program: Program, status: str, reasons: list, today: dt.date) -> tuple[str, str]:
    """A pair's stored health status and its reasons in words (joined with "; "); blank once
    the pair has ended. The one place the CSV reads health."""
    if not status:
        return ("", "")
    words = reason_words(
        reasons, today=today, mentor_label=program.mentor_label, mentee_label=program.mentee_label
    )
    return (status, "; ".join(words))


def pair_table(
    program_uuid: UUID | str, *, chunk_size: int = 1000, today: dt.date | None = None
) -> Iterator[tuple]:
    """The program's pairs as rows of ``CSV_COLUMNS``, oldest first, read ``chunk_size`` pairs
    at a time by primary key, so memory does not grow with the program.

    Each chunk costs three queries (its pairs as plain values with their stored health, its
    people's usernames, its sessions grouped by pair); health not yet computed for today is
    recomputed first, once for the program (ADR 0016).
    """
    today = today or dates.today()
    program = load.program_row(program_uuid)
    refresh_stale_of_program(program.pk, today)
    pairs = Pair.objects.filter(program=program).order_by("pk")
    sessions = SessionLog.objects.filter(pair__program=program).values("pair_id")
    last_pk = 0
    while True:
        chunk = list(pairs.filter(pk__gt=last_pk).values_list(*CSV_PAIR_VALUES)[:chunk_size])
        if not chunk:
            return
        first_pk, last_pk = chunk[0][0], chunk[-1][0]
        people = {row[2] for row in chunk} | {row[3] for row in chunk}
        names = dict(Participant.objects.filter(pk__in=people).order_by().values_list("pk", "user__username"))
        activity = {
            pair_id: (n, last.isoformat())
            for pair_id, n, last in sessions.filter(pair_id__gte=first_pk, pair_id__lte=last_pk)
            .annotate(n=Count("id"), last=Max("occurred_on"))
            .values_list("pair_id", "n", "last")
        }
        # A person deleted between the two reads (retirement) leaves their name blank.
        for (
            pk, uuid, mentor, mentee, status, source, score, created, activated, closed, reason, health, why,
        ) in chunk:  # fmt: skip
            n, last = activity.get(pk, (0, ""))
            yield (
                str(uuid),
                names.get(mentor, ""),
                names.get(mentee, ""),
                status,
                source,
                "" if score is None else round(score, 4),
                *_health_cells(program, health, why, today),
                created.isoformat(),
                activated.isoformat() if activated else "",
                closed.isoformat() if closed else "",
                reason,
                n,
                last,
            )
        if len(chunk) < chunk_size:
            return


__all__ = ["CSV_COLUMNS", "ProgramReport", "pair_table", "program_report"]
