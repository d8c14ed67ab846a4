"""Pair health: computed from what the pair did, never stored.

``assess`` is a pure function of ``HealthFacts`` (easy to test with frozen time);
``health_for_pairs`` gathers the facts for many pairs in a fixed number of queries.

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

from django.db.models import Avg, Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revmentor_plugin.data import Health, HealthStatus, PairStatus, PlanStatus, PulseDimension, Role
from revmentor_plugin.models import AgreementAcceptance, Goal, Pair, PlannedSession, PulseCheck, SessionLog
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


def assess(facts: HealthFacts, today: dt.date) -> Health | None:
    """The health of an open pair on ``today``; None for a pair that has ended."""
    problems: list[tuple[HealthStatus, str]] = []
    notes: list[str] = []
    labels = {Role.MENTOR: facts.mentor_label, Role.MENTEE: facts.mentee_label}
    waiting = [labels[role] for role in Role if role not in facts.accepted_by]

    if facts.status == PairStatus.PROPOSED:
        pending = (today - facts.created).days
        if pending > AGREEMENT_GRACE_DAYS:
            problems.append(
                (HealthStatus.NEEDS_ATTENTION, _("Agreement pending for %(days)s") % {"days": _days(pending)})
            )
        notes.append(_("Waiting for %(who)s to accept the agreement") % {"who": join_and(waiting)})
    elif facts.status == PairStatus.ACTIVE:
        if waiting:
            problems.append(
                (
                    HealthStatus.NEEDS_ATTENTION,
                    ngettext(
                        "The expectations changed and %(who)s has not accepted them yet",
                        "The expectations changed and %(who)s have not accepted them yet",
                        len(waiting),
                    )
                    % {"who": join_and(waiting)},
                )
            )
        since = facts.last_session or facts.activated or facts.created
        gap = (today - since).days
        cadence = facts.cadence_days
        planned_in = (facts.next_planned - today).days if facts.next_planned else None
        if gap > cadence and planned_in is not None and planned_in <= cadence:
            notes.append(_next_planned_text(planned_in))
        elif gap > cadence:
            what = (
                _("No session for %(days)s")
                if facts.last_session
                else _("No session since the pair started %(days)s ago")
            ) % {"days": _days(gap)}
            if planned_in is None:
                level = HealthStatus.AT_RISK
                text = _("%(what)s (cadence: every %(days)s) and none planned")
            else:
                level = HealthStatus.AT_RISK if gap > 2 * cadence else HealthStatus.NEEDS_ATTENTION
                text = _("%(what)s (cadence: every %(days)s)")
            problems.append((level, text % {"what": what, "days": _days(cadence)}))
            if planned_in is not None:
                notes.append(_next_planned_text(planned_in))
        elif facts.last_session:
            notes.append(last_session_text(gap))
        elif gap == cadence:
            notes.append(_("First session due today"))
        else:
            notes.append(_("First session due within %(days)s") % {"days": _days(cadence - gap)})
        if facts.low_pulse:
            problems.append(
                (HealthStatus.AT_RISK, _("A recent pulse check rated trust or comfort 2 or below"))
            )
        if facts.goal_count == 0 and gap >= cadence:
            problems.append((HealthStatus.NEEDS_ATTENTION, _("No goals set yet")))
        notes.append(
            ngettext(
                "%(n)d session in the last 30 days",
                "%(n)d sessions in the last 30 days",
                facts.sessions_recent,
            )
            % {"n": facts.sessions_recent}
        )
        if facts.goal_count:
            notes.append(_("Goals %(pct)d%% done on average") % {"pct": round(facts.goal_progress or 0)})
    else:
        return None

    if problems:
        worst = max((level for level, _text in problems), key=lambda level: level.rank)
        ordered = sorted(problems, key=lambda item: -item[0].rank)
        return Health(
            status=worst, reasons=tuple(text for _level, text in ordered), next_planned=facts.next_planned
        )
    return Health(status=HealthStatus.ON_TRACK, reasons=tuple(notes), next_planned=facts.next_planned)


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
    """Roles that accepted each pair's current expectations version, in one query."""
    pairs = list(pairs)
    result: dict[int, set[Role]] = {pair.pk: set() for pair in pairs}
    if not pairs:
        return {}
    versions = {pair.pk: pair.program.expectations_version for pair in pairs}
    rows = AgreementAcceptance.objects.filter(pair_id__in=versions).values_list(
        "pair_id", "participant__role", "expectations_version"
    )
    for pair_id, role, version in rows:
        if version == versions[pair_id]:
            result[pair_id].add(Role(role))
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
        .exclude(status="dropped")
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
