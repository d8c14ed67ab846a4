"""Pair health: computed from what the pair did, and kept with the pair (ADR 0016).

``evaluate`` is a pure function of ``HealthFacts`` (easy to test with frozen time) giving a status
and reason codes; ``reason_words`` words the codes for the reader; ``assess`` does both.
``facts_for_pairs`` gathers the facts for many pairs in a fixed number of queries.
``refresh_health`` stores the health of pairs, in the transaction of every write that changes it;
``refresh_daily_health`` stores what the day alone changes; reads word what is stored
(``stored_health``) and recompute first the rows not yet computed for today (``refresh_stale``).

Thresholds follow the program's cadence: a pair overdue (one cadence without a session) is on
track if a confirmed session is planned within one cadence from today, needs attention if one
is planned later, and is at risk with nothing planned or after two cadences; an agreement
pending more than a week needs attention; a latest pulse with trust or comfort at 2 or below
puts the pair at risk. Reasons never reveal raw pulse answers or who gave them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revmentor_plugin.data import (
    OPEN_PAIR_STATUSES,
    GoalStatus,
    Health,
    HealthStatus,
    PairStatus,
    PlanStatus,
    PulseDimension,
    Role,
)
from revmentor_plugin.models import (
    AgreementAcceptance,
    Goal,
    Pair,
    PlannedSession,
    Program,
    PulseCheck,
    SessionLog,
)
from revmentor_plugin.services import dates
from revmentor_plugin.services.dates import day_of
from revmentor_plugin.services.words import join_and, last_session_text

AGREEMENT_GRACE_DAYS = 7
LOW_PULSE = 2
#: A pulse check is low when one of these ratings is at most ``LOW_PULSE``.
LOW_PULSE_DIMENSIONS = (PulseDimension.TRUST, PulseDimension.COMFORT)
RECENT_DAYS = 30


def low_pulse_filter() -> Q:
    """The pulse checks that are low, as a query filter (``is_low_pulse`` in the database)."""
    query = Q()
    for dimension in LOW_PULSE_DIMENSIONS:
        query |= Q(**{f"{dimension}__lte": LOW_PULSE})
    return query


def is_low_pulse(ratings: Mapping[str, int]) -> bool:
    """Whether a pulse check with these ratings is low."""
    return any(ratings[dimension] <= LOW_PULSE for dimension in LOW_PULSE_DIMENSIONS)


@dataclass(frozen=True, slots=True)
class HealthFacts:
    """What health is computed from, for one pair."""

    status: str
    cadence_days: int
    created: dt.date
    activated: dt.date | None
    accepted_by: tuple[Role, ...]
    mentor_label: str
    mentee_label: str
    last_session: dt.date | None = None
    sessions_recent: int = 0
    goal_count: int = 0
    goal_progress: float | None = None
    low_pulse: bool = False
    #: The day of the next confirmed planned session, if any.
    next_planned: dt.date | None = None


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _next_planned_text(days: int) -> str:
    if days == 0:
        return _("Next session planned for today")
    return ngettext("Next session planned in %(n)d day", "Next session planned in %(n)d days", days) % {
        "n": days
    }


@dataclass(frozen=True, slots=True)
class Assessment:
    """A pair's health as stored (ADR 0016): the status and reason codes, worst problem first.

    Each reason is ``{"code": ..., "params": {...}}``, JSON-ready; params hold dates (ISO days),
    never day counts, so ``reason_words`` words them right for the day it is given.
    """

    status: HealthStatus
    reasons: tuple[dict[str, Any], ...]
    next_planned: dt.date | None = None


def _reason(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def evaluate(facts: HealthFacts, today: dt.date) -> Assessment | None:
    """The health of an open pair on ``today``, as codes; None for a pair that has ended."""
    problems: list[tuple[HealthStatus, dict[str, Any]]] = []
    notes: list[dict[str, Any]] = []
    waiting = [role.value for role in Role if role not in facts.accepted_by]

    if facts.status == PairStatus.PROPOSED:
        if (today - facts.created).days > AGREEMENT_GRACE_DAYS:
            problems.append(
                (HealthStatus.NEEDS_ATTENTION, _reason("agreement_pending", since=facts.created.isoformat()))
            )
        notes.append(_reason("waiting_for_agreement", waiting=waiting))
    elif facts.status == PairStatus.ACTIVE:
        if waiting:
            problems.append(
                (HealthStatus.NEEDS_ATTENTION, _reason("expectations_not_accepted", waiting=waiting))
            )
        since = facts.last_session or facts.activated or facts.created
        gap = (today - since).days
        cadence = facts.cadence_days
        planned_in = (facts.next_planned - today).days if facts.next_planned else None
        planned = facts.next_planned.isoformat() if facts.next_planned else None
        if gap > cadence and planned_in is not None and planned_in <= cadence:
            notes.append(_reason("next_planned", on=planned))
        elif gap > cadence:
            if planned_in is None:
                level = HealthStatus.AT_RISK
            else:
                level = HealthStatus.AT_RISK if gap > 2 * cadence else HealthStatus.NEEDS_ATTENTION
            overdue = _reason(
                "overdue",
                since=since.isoformat(),
                first=facts.last_session is None,
                cadence=cadence,
                planned=planned,
            )
            problems.append((level, overdue))
            if planned is not None:
                notes.append(_reason("next_planned", on=planned))
        elif facts.last_session:
            notes.append(_reason("last_session", on=facts.last_session.isoformat()))
        else:
            notes.append(_reason("first_session_due", on=(since + dt.timedelta(days=cadence)).isoformat()))
        if facts.low_pulse:
            problems.append((HealthStatus.AT_RISK, _reason("low_pulse")))
        if facts.goal_count == 0 and gap >= cadence:
            problems.append((HealthStatus.NEEDS_ATTENTION, _reason("no_goals")))
        notes.append(_reason("recent_sessions", n=facts.sessions_recent))
        if facts.goal_count:
            notes.append(_reason("goal_progress", pct=round(facts.goal_progress or 0)))
    else:
        return None

    if problems:
        worst = max((level for level, _code in problems), key=lambda level: level.rank)
        ordered = sorted(problems, key=lambda item: -item[0].rank)
        return Assessment(worst, tuple(code for _level, code in ordered), facts.next_planned)
    return Assessment(HealthStatus.ON_TRACK, tuple(notes), facts.next_planned)


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _word(reason: Mapping[str, Any], today: dt.date, labels: Mapping[str, str]) -> str:
    code, params = reason["code"], reason.get("params") or {}
    if code == "agreement_pending":
        return _("Agreement pending for %(days)s") % {"days": _days((today - _day(params["since"])).days)}
    if code == "waiting_for_agreement":
        who = join_and([labels[role] for role in params["waiting"]])
        return _("Waiting for %(who)s to accept the agreement") % {"who": who}
    if code == "expectations_not_accepted":
        waiting = params["waiting"]
        return ngettext(
            "The expectations changed and %(who)s has not accepted them yet",
            "The expectations changed and %(who)s have not accepted them yet",
            len(waiting),
        ) % {"who": join_and([labels[role] for role in waiting])}
    if code == "overdue":
        gap = _days((today - _day(params["since"])).days)
        what = (
            _("No session since the pair started %(days)s ago")
            if params["first"]
            else _("No session for %(days)s")
        ) % {"days": gap}
        text = (
            _("%(what)s (cadence: every %(days)s) and none planned")
            if params["planned"] is None
            else _("%(what)s (cadence: every %(days)s)")
        )
        return text % {"what": what, "days": _days(params["cadence"])}
    if code == "next_planned":
        return _next_planned_text((_day(params["on"]) - today).days)
    if code == "last_session":
        return last_session_text((today - _day(params["on"])).days)
    if code == "first_session_due":
        left = (_day(params["on"]) - today).days
        if left == 0:
            return _("First session due today")
        return _("First session due within %(days)s") % {"days": _days(left)}
    if code == "low_pulse":
        return _("A recent pulse check rated trust or comfort 2 or below")
    if code == "no_goals":
        return _("No goals set yet")
    if code == "recent_sessions":
        n = params["n"]
        return ngettext("%(n)d session in the last 30 days", "%(n)d sessions in the last 30 days", n) % {
            "n": n
        }
    if code == "goal_progress":
        return _("Goals %(pct)d%% done on average") % {"pct": params["pct"]}
    raise ValueError(f"unknown health reason code {code!r}")


def reason_words(
    reasons: Iterable[Mapping[str, Any]], *, today: dt.date, mentor_label: str, mentee_label: str
) -> tuple[str, ...]:
    """Stored reason codes in words, in the active language, for ``today``."""
    labels = {Role.MENTOR.value: mentor_label, Role.MENTEE.value: mentee_label}
    return tuple(_word(reason, today, labels) for reason in reasons)


def assess(facts: HealthFacts, today: dt.date) -> Health | None:
    """The health of an open pair on ``today``, in words; None for a pair that has ended."""
    found = evaluate(facts, today)
    if found is None:
        return None
    words = reason_words(
        found.reasons, today=today, mentor_label=facts.mentor_label, mentee_label=facts.mentee_label
    )
    return Health(status=found.status, reasons=words, next_planned=found.next_planned)


def cadence_status(
    *, last_session: dt.date | None, started: dt.date, cadence_days: int, today: dt.date
) -> tuple[str, bool]:
    """When the pair should meet next, by the program's cadence, in words ("Next session due in
    3 days", "Overdue by 5 days"), and whether it is overdue."""
    due = (last_session or started) + dt.timedelta(days=cadence_days)
    days = (due - today).days
    if last_session is None:
        if days > 0:
            text = ngettext("First session due in %(n)d day", "First session due in %(n)d days", days)
        elif days == 0:
            text = _("First session due today")
        else:
            text = ngettext(
                "First session overdue by %(n)d day", "First session overdue by %(n)d days", -days
            )
    elif days > 0:
        text = ngettext("Next session due in %(n)d day", "Next session due in %(n)d days", days)
    elif days == 0:
        text = _("Next session due today")
    else:
        text = ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", -days)
    return text % {"n": abs(days)}, days < 0


def accepted_roles(pairs: Iterable[Pair]) -> dict[int, tuple[Role, ...]]:
    """Roles that accepted each pair's current expectations version, in one query. Only a pair's
    own mentor and mentee accept it, so the role is the side whose participant accepted (no join
    to the participants)."""
    pairs = list(pairs)
    result: dict[int, set[Role]] = {pair.pk: set() for pair in pairs}
    if not pairs:
        return {}
    by_id = {pair.pk: pair for pair in pairs}
    rows = AgreementAcceptance.objects.filter(pair_id__in=by_id).values_list(
        "pair_id", "participant_id", "expectations_version"
    )
    for pair_id, participant_id, version in rows:
        pair = by_id[pair_id]
        if version != pair.program.expectations_version:
            continue
        if participant_id == pair.mentor_id:
            result[pair_id].add(Role.MENTOR)
        elif participant_id == pair.mentee_id:
            result[pair_id].add(Role.MENTEE)
    return {pair_id: tuple(role for role in Role if role in roles) for pair_id, roles in result.items()}


def next_planned_days(pair_ids: Iterable[int], *, today: dt.date) -> dict[int, dt.date]:
    """The day of each pair's next confirmed planned session from ``today`` on, in one query:
    what health counts and the staff page shows (the date only, never the place or the link)."""
    ids = list(pair_ids)
    if not ids:
        return {}
    start = dt.datetime.combine(today, dt.time.min, tzinfo=timezone.get_current_timezone())
    rows = (
        PlannedSession.objects.filter(pair_id__in=ids, status=PlanStatus.CONFIRMED, starts_at__gte=start)
        .order_by("pair_id", "starts_at")
        .values_list("pair_id", "starts_at")
    )
    result: dict[int, dt.date] = {}
    for pair_id, starts_at in rows:
        result.setdefault(pair_id, day_of(starts_at))
    return result


def facts_for_pairs(
    pairs: Iterable[Pair], accepted: dict[int, tuple[Role, ...]], *, today: dt.date
) -> dict[int, HealthFacts]:
    """What health is computed from, for each open pair, in four queries whatever the count."""
    open_pairs = [pair for pair in pairs if pair.is_open]
    if not open_pairs:
        return {}
    ids = [pair.pk for pair in open_pairs]
    recent_from = today - dt.timedelta(days=RECENT_DAYS)
    sessions = {
        row["pair_id"]: row
        for row in SessionLog.objects.filter(pair_id__in=ids)
        .values("pair_id")
        .annotate(last=Max("occurred_on"), recent=Count("id", filter=Q(occurred_on__gte=recent_from)))
    }
    goals = {
        row["pair_id"]: row
        for row in Goal.objects.filter(pair_id__in=ids)
        .exclude(status=GoalStatus.DROPPED)
        .values("pair_id")
        .annotate(n=Count("id"), avg=Avg("progress"))
    }
    latest_ids = (
        PulseCheck.objects.filter(pair_id__in=ids)
        .values("pair_id", "author_id")
        .annotate(last=Max("id"))
        .values("last")
    )
    low = set(
        PulseCheck.objects.filter(id__in=latest_ids)
        .filter(low_pulse_filter())
        .values_list("pair_id", flat=True)
    )
    planned = next_planned_days(ids, today=today)
    facts = {}
    for pair in open_pairs:
        session_row = sessions.get(pair.pk, {})
        goal_row = goals.get(pair.pk, {})
        facts[pair.pk] = HealthFacts(
            status=pair.status,
            cadence_days=pair.program.cadence_days,
            created=day_of(pair.created),
            activated=day_of(pair.activated_at) if pair.activated_at else None,
            accepted_by=accepted.get(pair.pk, ()),
            mentor_label=pair.program.mentor_label,
            mentee_label=pair.program.mentee_label,
            last_session=session_row.get("last"),
            sessions_recent=session_row.get("recent", 0),
            goal_count=goal_row.get("n", 0),
            goal_progress=goal_row.get("avg"),
            low_pulse=pair.pk in low,
            next_planned=planned.get(pair.pk),
        )
    return facts


def health_for_pairs(
    pairs: Iterable[Pair], accepted: dict[int, tuple[Role, ...]], *, today: dt.date | None = None
) -> dict[int, Health | None]:
    """Health of each pair (open ones; None for ended), in four queries whatever the count."""
    today = today or dates.today()
    pairs = list(pairs)
    facts = facts_for_pairs(pairs, accepted, today=today)
    return {pair.pk: assess(facts[pair.pk], today) if pair.pk in facts else None for pair in pairs}


# ---------------------------------------------------------------------------------------------
# Stored health (ADR 0016)

#: The pair columns that keep its health.
HEALTH_FIELDS = ("health_status", "health_reasons", "health_next_planned", "health_on")
#: How many pairs ``refresh_health`` computes at once (a few queries each chunk).
CHUNK = 500


def _store(pair: Pair, found: Assessment | None, today: dt.date) -> None:
    """Set the health fields of ``pair`` (not saved); an ended pair keeps none."""
    pair.health_status = found.status.value if found else ""
    pair.health_reasons = list(found.reasons) if found else []
    pair.health_next_planned = found.next_planned if found else None
    pair.health_on = today if found else None


def initial_health(program: Program, today: dt.date | None = None) -> dict[str, Any]:
    """The health fields of a pair of ``program`` about to be inserted as proposed, without a
    query: it was created today and nobody has accepted yet."""
    today = today or dates.today()
    facts = HealthFacts(
        status=PairStatus.PROPOSED,
        cadence_days=program.cadence_days,
        created=today,
        activated=None,
        accepted_by=(),
        mentor_label=program.mentor_label,
        mentee_label=program.mentee_label,
    )
    pair = Pair()
    _store(pair, evaluate(facts, today), today)
    return {name: getattr(pair, name) for name in HEALTH_FIELDS}


#: The health fields of a pair that has ended.
ENDED_HEALTH: dict[str, Any] = {name: getattr(Pair(), name) for name in HEALTH_FIELDS}


def _recompute(rows: list[Pair], today: dt.date, *, only_stale: bool) -> None:
    """Compute and save the health of ``rows`` (with their program); ``only_stale`` saves only
    the rows still open and not computed for ``today`` in the database, so a read or the daily
    task never overwrites what a write (which holds the pair's lock) stored meanwhile."""
    facts = facts_for_pairs(rows, accepted_roles(rows), today=today)
    for pair in rows:
        _store(pair, evaluate(facts[pair.pk], today) if pair.pk in facts else None, today)
    target = Pair.objects.filter(_stale(today)) if only_stale else Pair.objects.all()
    target.bulk_update(rows, HEALTH_FIELDS)


def refresh_health(pair_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Recompute and store the health of these pairs, in chunks of a few queries each. Writes
    call it in their transaction, after the change, holding the pairs' locks."""
    today = today or dates.today()
    ids = sorted(set(pair_ids))
    for start in range(0, len(ids), CHUNK):
        rows = list(
            Pair.objects.filter(pk__in=ids[start : start + CHUNK]).select_related("program").order_by("pk")
        )
        _recompute(rows, today, only_stale=False)


def _stale(today: dt.date) -> Q:
    """Open pairs whose stored health is not today's (yesterday's, or none yet). Written as
    ranges, not as NOT(health_on = today), so that a program's check reads index ranges of
    (program, health_on) instead of every open pair: it runs before each ``?health=`` page."""
    return Q(status__in=OPEN_PAIR_STATUSES) & (
        Q(health_on__isnull=True) | Q(health_on__lt=today) | Q(health_on__gt=today)
    )


def refresh_stale(pairs: Iterable[Pair], today: dt.date | None = None) -> None:
    """Before wording pairs already read (with their program): recompute and store the health
    of the open ones not yet computed for today. No query when every one is fresh."""
    today = today or dates.today()
    stale = [pair for pair in pairs if pair.is_open and pair.health_on != today]
    if stale:
        _recompute(stale, today, only_stale=True)


def refresh_stale_of_program(program_id: int, today: dt.date | None = None) -> int:
    """Before filtering, sorting or counting a program's pairs by health in SQL: recompute the
    open pairs not yet computed for today. One query when every one is fresh."""
    today = today or dates.today()
    return _refresh_where(Q(program_id=program_id), today)


def refresh_daily_health(today: dt.date | None = None) -> int:
    """What the day alone changes (overdue, a pending agreement's age, the 30-day count, the next
    plan): recompute every open pair not yet computed for today, in chunks. Returns how many."""
    return _refresh_where(Q(), today or dates.today())


def _refresh_where(where: Q, today: dt.date) -> int:
    done, last = 0, 0
    while True:
        # Ids first: the usual answer is none, and a one-column query is a fraction of the cost
        # of compiling the pair and program columns (it runs before every ``?health=`` page).
        ids = list(
            Pair.objects.filter(where, _stale(today), pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:CHUNK]
        )
        if not ids:
            return done
        rows = list(Pair.objects.filter(pk__in=ids).select_related("program").order_by("pk"))
        _recompute(rows, today, only_stale=True)
        done += len(ids)
        last = ids[-1]


def stored_health(pair: Pair) -> Health | None:
    """The stored health of a pair (with its program) in words for the day it was computed for;
    None once it has ended."""
    if not pair.health_status or pair.health_on is None:
        return None
    program = pair.program
    words = reason_words(
        pair.health_reasons,
        today=pair.health_on,
        mentor_label=program.mentor_label,
        mentee_label=program.mentee_label,
    )
    return Health(
        status=HealthStatus(pair.health_status), reasons=words, next_planned=pair.health_next_planned
    )


def counts_by_health(program_id: int, *, today: dt.date | None = None) -> dict[str, int]:
    """Open pairs of a program by stored health status, plus ``total``: one grouped query (and
    more only when some rows are stale, to recompute them first)."""
    refresh_stale_of_program(program_id, today)
    counts = {status.value: 0 for status in HealthStatus}
    total = 0
    rows = (
        Pair.objects.filter(program_id=program_id, status__in=OPEN_PAIR_STATUSES)
        .order_by()
        .values_list("health_status")
        .annotate(n=Count("id"))
    )
    for status, n in rows:
        counts[status] += n
        total += n
    counts["total"] = total
    return counts
