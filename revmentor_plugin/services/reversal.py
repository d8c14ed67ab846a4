"""Role reversal and trust over time: two sections of the program report (issue 16).

Reverse mentoring asks a senior person to learn from a junior one. Marcinkus Murphy (2012,
"Reverse mentoring at work", Human Resource Management 51(4)) names difficulty with role reversal,
and trust and interpersonal comfort, among what decides whether a pair succeeds; docs/outcomes.rst
explains every figure here.

* ``role_reversal``: the share of logged sessions led by the mentor (the junior person, the
  program's "Advisor"), overall and per ISO week; the days from a pair's proposal to both members
  accepting its agreement (``Pair.created`` to ``activated_at``); and the mentees' comfort in the
  learner role (the optional pulse item ``learner_comfort``).
* ``trust_over_time``: the trust and comfort each direction reports, ISO week by ISO week, and the
  weeks where the two directions differ by ``DIVERGENCE`` points or more.

Sessions and pair dates are pair metadata that course staff already see, so they are counted
live. Pulse answers are private (ADR 0003): their weekly figures are frozen when the ISO week
ends (``FrozenFigures`` of kind ``pulse_week``, ``period`` its Monday) and never recomputed, each
cell is published only with at least k (``REVMENTOR_REPORT_MIN_GROUP_SIZE``) respondents, and only
a lower bound on the respondents is published. A suppressed cell is ``null`` with a ``reason``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from revmentor_plugin.data import LEARNER_COMFORT, PairStatus, PulseDimension, Role
from revmentor_plugin.models import FrozenFigures, Pair, Program, PulseCheck, SessionLog
from revmentor_plugin.services.dates import day_of

#: Two directions "diverge" in a week when their average trust or comfort differ by this many
#: points or more on the 1-5 scale.
DIVERGENCE = 1.0
#: The pulse items followed week by week, per direction.
TRUST_DIMENSIONS = (PulseDimension.TRUST.value, PulseDimension.COMFORT.value)
PULSE_WEEK = "pulse_week"
#: How many closed weeks the report shows.
PUBLISHED_WEEKS = 26
#: Why a figure is null.
TOO_FEW = "fewer_respondents_than_min_group_size"
NO_DATA = "no_data"


def week_label(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# ---------------------------------------------------------------------------------------------
# Role reversal


def sessions_by_day(program: Program) -> list[dict[str, Any]]:
    """The program's sessions per day and leader, with their minutes (one grouped query): what the
    report's sessions per week and :func:`sessions_led` both sum, so the sessions are read once."""
    return list(
        SessionLog.objects.filter(pair__program=program)
        .values("occurred_on", "led_by")
        .annotate(n=Count("id"), minutes=Sum("duration_minutes"))
        .order_by()
    )


def sessions_led(days: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Sessions led by the mentor (the junior person), overall and per ISO week, from
    :func:`sessions_by_day`'s rows.

    The weeks are those of the report's ``sessions_per_week``: weeks with sessions, oldest first.
    """
    weeks: dict[str, list[int]] = {}
    for row in days:
        totals = weeks.setdefault(week_label(row["occurred_on"]), [0, 0])
        totals[0] += row["n"]
        totals[1] += row["n"] if row["led_by"] == Role.MENTOR else 0
    sessions = sum(total for total, _led in weeks.values())
    led = sum(led for _total, led in weeks.values())
    return {
        "sessions": sessions,
        "led_by_mentor": led,
        "share": _share(led, sessions),
        "by_week": [
            {"week": week, "sessions": total, "led_by_mentor": n, "share": _share(n, total)}
            for week, (total, n) in sorted(weeks.items())
        ],
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _quartiles(days: list[float]) -> tuple[float | None, float | None, float | None]:
    if not days:
        return None, None, None
    if len(days) == 1:
        return days[0], days[0], days[0]
    first, median, third = statistics.quantiles(days, n=4, method="inclusive")
    return first, median, third


def time_to_agreement(program: Program) -> dict[str, Any]:
    """Days from a pair's proposal to both accepting its agreement, over the pairs that got there,
    overall and by the week the agreement was reached (oldest first); and how many proposals
    still wait for an acceptance (one query)."""
    days: list[float] = []
    weekly: dict[str, list[float]] = {}
    waiting = 0
    for status, created, activated in Pair.objects.filter(program=program).values_list(
        "status", "created", "activated_at"
    ):
        if activated is not None:
            took = (activated - created).total_seconds() / 86400
            days.append(took)
            weekly.setdefault(week_label(day_of(activated)), []).append(took)
        elif status == PairStatus.PROPOSED:
            waiting += 1
    first, median, third = _quartiles(days)
    return {
        "agreed_pairs": len(days),
        "waiting_pairs": waiting,
        "median_days": _days(median),
        "quartile_1_days": _days(first),
        "quartile_3_days": _days(third),
        "by_week": [
            {"week": week, "agreed_pairs": len(took), "median_days": _days(statistics.median(took))}
            for week, took in sorted(weekly.items())
        ],
    }


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# ---------------------------------------------------------------------------------------------
# Pulse answers, frozen per closed ISO week


def _cell(authors: set[int], total: int, answers: int, floor: int) -> dict[str, Any]:
    """A frozen cell: the average of ``answers`` ratings summing to ``total`` by ``authors``, or
    null with the reason, and a lower bound on the respondents (never the exact number)."""
    from revmentor_plugin.services.reports import respondents_at_least

    bound = respondents_at_least(len(authors), floor)
    if bound is None:
        return {"average": None, "respondents_at_least": None, "reason": TOO_FEW if authors else NO_DATA}
    return {"average": round(total / answers, 2), "respondents_at_least": bound, "reason": None}


def _freeze_weeks(program: Program, today: dt.date, floor: int) -> list[FrozenFigures]:
    """Freeze every closed ISO week's pulse figures not frozen yet; return all, oldest first.

    One query reads the pulse checks written since the last frozen week; they are grouped in
    Python by week and the author's role. A week without any pulse check gets no row.
    """
    frozen = list(FrozenFigures.objects.filter(program=program, kind=PULSE_WEEK).order_by("period"))
    rows = PulseCheck.objects.filter(pair__program=program, created__lt=_start(_monday(today)))
    if frozen:
        rows = rows.filter(created__gte=_start(frozen[-1].period + dt.timedelta(days=7)))
    weeks: dict[dt.date, dict[str, dict[str, Any]]] = {}
    fields = (*TRUST_DIMENSIONS, LEARNER_COMFORT)
    for row in rows.values("created", "author_id", "author__role", *fields).order_by():
        groups = weeks.setdefault(_monday(day_of(row["created"])), {})
        group = groups.setdefault(row["author__role"], {})
        for name in fields:
            if row[name] is None:
                continue
            cell = group.setdefault(name, {"authors": set(), "total": 0, "answers": 0})
            cell["authors"].add(row["author_id"])
            cell["total"] += row[name]
            cell["answers"] += 1
    new = []
    for monday, groups in sorted(weeks.items()):
        figures: dict[str, Any] = {}
        respondents: set[int] = set()
        for role in Role:
            names = TRUST_DIMENSIONS + ((LEARNER_COMFORT,) if role == Role.MENTEE else ())
            figures[role.value] = {}
            for name in names:
                cell = groups.get(role.value, {}).get(name, {"authors": set(), "total": 0, "answers": 0})
                respondents |= cell["authors"]
                figures[role.value][name] = _cell(cell["authors"], cell["total"], cell["answers"], floor)
        new.append(
            FrozenFigures(
                program=program, kind=PULSE_WEEK, period=monday, respondents=len(respondents), figures=figures
            )
        )
    if new:
        # Two reports read at the same moment freeze the same weeks: the first write wins.
        FrozenFigures.objects.bulk_create(new, ignore_conflicts=True)
        frozen = list(FrozenFigures.objects.filter(program=program, kind=PULSE_WEEK).order_by("period"))
    return frozen


def _divergence(mentor: dict[str, Any], mentee: dict[str, Any]) -> list[str]:
    """The dimensions whose two published averages differ by ``DIVERGENCE`` or more."""
    return [
        name
        for name in TRUST_DIMENSIONS
        if mentor[name]["average"] is not None
        and mentee[name]["average"] is not None
        and abs(mentor[name]["average"] - mentee[name]["average"]) >= DIVERGENCE - 1e-9
    ]


def pulse_sections(program: Program, today: dt.date, floor: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The mentees' comfort in the learner role (latest published week and by week) and the
    trust over time section, both from the frozen weeks."""
    frozen = _freeze_weeks(program, today, floor)[-PUBLISHED_WEEKS:]
    weeks = []
    latest: dict[str, Any] = {"week": None, "average": None, "respondents_at_least": None, "reason": NO_DATA}
    comfort_weeks = []
    for row in frozen:
        mentor, mentee = row.figures[Role.MENTOR.value], row.figures[Role.MENTEE.value]
        label = week_label(row.period)
        diverging = _divergence(mentor, mentee)
        # Unknown (None), not "no", when no dimension has both sides' averages published.
        comparable = any(
            mentor[name]["average"] is not None and mentee[name]["average"] is not None
            for name in TRUST_DIMENSIONS
        )
        weeks.append(
            {
                "week": label,
                Role.MENTOR.value: {name: mentor[name] for name in TRUST_DIMENSIONS},
                Role.MENTEE.value: {name: mentee[name] for name in TRUST_DIMENSIONS},
                "diverges": bool(diverging) if comparable else None,
                "diverging": diverging,
            }
        )
        learner = mentee.get(LEARNER_COMFORT)
        if learner is not None:
            comfort_weeks.append({"week": label, **learner})
            if learner["average"] is not None:
                latest = {"week": label, **learner}
    trust = {
        "divergence_threshold": DIVERGENCE,
        "dimensions": list(TRUST_DIMENSIONS),
        "weeks": weeks,
        "diverging_weeks": [week["week"] for week in weeks if week["diverges"]],
    }
    return {"latest": latest, "by_week": comfort_weeks}, trust


def role_reversal(
    program: Program, days: Iterable[dict[str, Any]], learner_comfort: dict[str, Any]
) -> dict[str, Any]:
    """The role reversal section: sessions led (from :func:`sessions_by_day`'s ``days``), time to
    agreement, comfort in the learner role."""
    return {
        "sessions_led_by_mentor": sessions_led(days),
        "time_to_agreement": time_to_agreement(program),
        "learner_comfort": learner_comfort,
    }


__all__ = [
    "DIVERGENCE",
    "pulse_sections",
    "role_reversal",
    "sessions_by_day",
    "sessions_led",
    "time_to_agreement",
]
