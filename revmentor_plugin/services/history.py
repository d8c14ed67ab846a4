"""Pair health over time, recomputed for past weeks from what the pairs did.

Health is never stored, so its history is replayed: for each week's end, the pairs open on that
day are assessed with the facts as they stood then (sessions, goals and pulse checks up to that
day) by the same ``health.assess`` the rest of the product uses. A change in the expectations
after the fact is not replayed: pairs active on a day count as having accepted.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from typing import Any, TypedDict
from uuid import UUID

from revmentor_plugin.data import HealthStatus, PairStatus, Role
from revmentor_plugin.models import AgreementAcceptance, Goal, Pair, Program, PulseCheck, SessionLog
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates
from revmentor_plugin.services.dates import day_of
from revmentor_plugin.services.health import (
    LOW_PULSE_DIMENSIONS,
    RECENT_DAYS,
    HealthFacts,
    assess,
    is_low_pulse,
)


class _PairDays(TypedDict):
    """A pair's dates, each read once (local dates, as health counts days)."""

    id: int
    created: dt.date
    activated: dt.date | None
    closed: dt.date | None


def health_history(
    program_uuid: UUID | str, *, weeks: int = 12, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Counts of open pairs by health at the end of each of the last ``weeks`` weeks, oldest first.

    Five queries whatever the size of the program.
    """
    program = load.program_row(program_uuid)
    today = today or dates.today()
    weeks = max(1, min(int(weeks), 104))
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
    for days in (*sessions.values(), *goals.values()):
        days.sort()

    history = []
    for back in range(weeks - 1, -1, -1):
        day = today - dt.timedelta(days=7 * back)
        counts = {status.value: 0 for status in HealthStatus}
        for pair in pairs:
            facts = _facts_on(day, pair, program, sessions, goals, accepted, pulses)
            if facts is None:
                continue
            health = assess(facts, day)
            if health is not None:
                counts[health.status] += 1
        history.append({"week_ending": day, **counts})
    return history


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
