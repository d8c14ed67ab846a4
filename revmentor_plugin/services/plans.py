"""Planned sessions: a pair plans its next meeting, then logs it from the plan.

Either partner proposes a time (entered in their own zone), a duration, a mode and an optional
place or video link; the other confirms it, suggests another time (a reschedule: the suggester
becomes the proposer and the partner confirms again) or declines; either may cancel. Times are
stored in UTC with the zone they were entered in, so each partner sees them in their own zone
(``in_zone``), right across daylight-saving changes.

Each plan keeps its iCalendar identity (``uid``, ``sequence``): the SEQUENCE goes up at each
reschedule and at the cancellation, so the invitations sent for it update one calendar event.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from revmentor_plugin.data import (
    PairStatus,
    PlannedSessionData,
    PlanStatus,
    Role,
    SessionData,
    SessionMode,
)
from revmentor_plugin.models import Pair, PlannedSession
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, events, health, inputs, invitations
from revmentor_plugin.services._locking import one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services._plan_ending import OPEN_PLAN_STATUSES
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from revmentor_plugin.services.sessions import log_session

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: How far ahead a session may be planned.
FURTHEST_DAYS = 366
#: What a session logged from a plan may say besides what the plan says.
LOGGED_FROM_PLAN = frozenset({"duration_minutes", "mode", "skills", "goals", "notes"})


def in_zone(moment: dt.datetime, zone: str) -> dt.datetime:
    """``moment`` (aware) as the wall-clock time in the IANA ``zone``."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone))


def place_in_zone(wall: dt.datetime, zone: str, *, field: str = "starts_at") -> dt.datetime:
    """The aware UTC moment of the wall-clock time ``wall`` in ``zone``.

    A time that does not exist there (skipped when clocks go forward) is refused; a time that
    happens twice (when clocks go back) is the first of the two, as calendars read it.
    """
    local = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone), fold=0)
    moment = local.astimezone(dt.UTC)
    if moment.astimezone(local.tzinfo).replace(tzinfo=None) != wall:
        raise InvalidInput({field: f"That time does not exist in {zone} (the clocks change then)."})
    return moment


def _invite(data: PlannedSessionData) -> None:
    """Email both partners the plan's invitation once the change is committed (ADR 0015)."""
    transaction.on_commit(lambda: invitations.send_plan_invitations(data))


def _in_calendars(plan: PlannedSession) -> bool:
    """Whether an invitation for the plan may be in the partners' calendars: it was confirmed, or
    it was moved (after a confirmation, perhaps). A CANCEL for an event a calendar never had is
    harmless; a session left in a calendar after it was called off is not."""
    return plan.status == PlanStatus.CONFIRMED or plan.sequence > 0


def _uid() -> str:
    """A globally unique iCalendar UID (RFC 5545 3.8.4.7): a random UUID is unique on its own."""
    return f"{uuidlib.uuid4()}@revmentor"


def plan_data(plan: PlannedSession, pair_uuid: UUID) -> PlannedSessionData:
    return PlannedSessionData(
        id=plan.pk,
        pair_uuid=pair_uuid,
        uid=plan.uid,
        sequence=plan.sequence,
        status=PlanStatus(plan.status),
        starts_at=plan.starts_at.astimezone(dt.UTC),
        timezone=plan.timezone,
        duration_minutes=plan.duration_minutes,
        mode=SessionMode(plan.mode),
        location=plan.location,
        proposed_by=Role(plan.proposed_by),
        confirmed_at=plan.confirmed_at,
        created=plan.created,
        modified=plan.modified,
    )


def _when(clean: dict[str, Any], zone: str) -> dt.datetime:
    """The start of a plan being proposed or moved: in the future, within a year."""
    moment = place_in_zone(clean["starts_at"], zone)
    now = timezone.now()
    if moment <= now:
        raise InvalidInput({"starts_at": "That time has passed."})
    if moment > now + dt.timedelta(days=FURTHEST_DAYS):
        raise InvalidInput({"starts_at": "That is more than a year ahead."})
    return moment


def _load(pair_id: int, plan_id: inputs.Raw) -> PlannedSession:
    try:
        return PlannedSession.objects.get(
            pair_id=pair_id, pk=inputs.object_id(plan_id, "planned session in this pair")
        )
    except PlannedSession.DoesNotExist:
        raise NotFound("No such planned session in this pair.") from None


@one_transaction
def propose_session(
    pair_uuid: UUID | str,
    *,
    user: User,
    starts_at: inputs.Raw,
    duration_minutes: inputs.Raw,
    mode: inputs.Raw = SessionMode.VIDEO,
    location: inputs.Raw = "",
    timezone: inputs.Raw = None,
) -> PlannedSessionData:
    """Propose a meeting of an active pair; the partner confirms, reschedules or declines it.
    ``starts_at`` is a wall-clock time in ``timezone``, by default the proposer's profile zone."""
    pair, participant = member_action(pair_uuid, user)
    data: dict[str, Any] = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "mode": mode,
        "location": location,
    }
    if timezone is not None:
        data["timezone"] = timezone
    clean = inputs.PLAN.clean(data)
    zone = clean.get("timezone") or participant.timezone
    plan = PlannedSession.objects.create(
        pair=pair,
        uid=_uid(),
        starts_at=_when(clean, zone),
        timezone=zone,
        duration_minutes=clean["duration_minutes"],
        mode=clean["mode"],
        location=clean["location"],
        proposed_by=participant.role,
    )
    events.emit("plan.proposed", pair=pair, plan_id=plan.pk, proposed_by=participant.role)
    return plan_data(plan, pair.uuid)


def _answered(plan: PlannedSession, pair_uuid: UUID, *, invite: bool) -> PlannedSessionData:
    """The plan as data, its iCalendar update emailed to both partners when ``invite``."""
    data = plan_data(plan, pair_uuid)
    if invite:
        _invite(data)
    return data


def _partner_answer(
    pair_uuid: UUID | str, plan_id: inputs.Raw, user: User, answer: PlanStatus, *, own: str
) -> tuple[Pair, PlannedSession, bool]:
    """A proposed plan that the caller, the proposer's partner, answers with ``answer``; and
    whether it already has that answer (a repeat is idempotent). ``own``: the refusal when the
    caller proposed it."""
    pair, participant = member_action(pair_uuid, user)
    plan = _load(pair.pk, plan_id)
    if plan.status == answer:
        return pair, plan, True
    if plan.status != PlanStatus.PROPOSED:
        raise InvalidTransition(f"This planned session is {PlanStatus(plan.status).value}.")
    if plan.proposed_by == participant.role:
        raise Conflict(own)
    return pair, plan, False


@one_transaction
def confirm_planned_session(pair_uuid: UUID | str, plan_id: inputs.Raw, *, user: User) -> PlannedSessionData:
    """The partner of whoever proposed the time confirms it. Idempotent."""
    own = "Your partner confirms the times you propose."
    pair, plan, repeated = _partner_answer(pair_uuid, plan_id, user, PlanStatus.CONFIRMED, own=own)
    if repeated:
        return plan_data(plan, pair.uuid)
    if plan.starts_at <= timezone.now():
        raise InvalidTransition("That time has passed; propose another.")
    plan.status = PlanStatus.CONFIRMED
    plan.confirmed_at = timezone.now()
    plan.save(update_fields=["status", "confirmed_at", "modified"])
    events.emit("plan.confirmed", pair=pair, plan_id=plan.pk)
    health.refresh_health([pair.pk])  # the next confirmed plan counts in health
    return _answered(plan, pair.uuid, invite=True)


@one_transaction
def reschedule_planned_session(
    pair_uuid: UUID | str, plan_id: inputs.Raw, *, user: User, **changes: inputs.Raw
) -> PlannedSessionData:
    """Suggest another time (and, optionally, duration, mode or place) for a plan that stands.
    The suggester becomes the proposer, so the partner confirms again; the SEQUENCE goes up."""
    pair, participant = member_action(pair_uuid, user)
    clean = inputs.RESCHEDULE.clean(changes)
    plan = _load(pair.pk, plan_id)
    if plan.status not in OPEN_PLAN_STATUSES:
        raise InvalidTransition(f"This planned session is {PlanStatus(plan.status).value}.")
    sent = _in_calendars(plan)
    zone = clean.get("timezone") or participant.timezone
    plan.starts_at = _when(clean, zone)
    plan.timezone = zone
    for name in ("duration_minutes", "mode", "location"):
        if name in clean:
            setattr(plan, name, clean[name])
    plan.status = PlanStatus.PROPOSED
    plan.proposed_by = participant.role
    plan.confirmed_at = None
    plan.sequence += 1
    plan.save()
    events.emit("plan.rescheduled", pair=pair, plan_id=plan.pk, proposed_by=participant.role)
    health.refresh_health([pair.pk])  # a confirmed plan rescheduled is proposed again
    # the calendars show the new time, tentative until the partner confirms it
    return _answered(plan, pair.uuid, invite=sent)


@one_transaction
def decline_planned_session(pair_uuid: UUID | str, plan_id: inputs.Raw, *, user: User) -> PlannedSessionData:
    """The partner of whoever proposed the time declines it. Idempotent."""
    own = "Cancel a time you proposed instead of declining it."
    pair, plan, repeated = _partner_answer(pair_uuid, plan_id, user, PlanStatus.DECLINED, own=own)
    if repeated:
        return plan_data(plan, pair.uuid)
    sent = _in_calendars(plan)
    plan.status = PlanStatus.DECLINED
    plan.save(update_fields=["status", "modified"])
    events.emit("plan.declined", pair=pair, plan_id=plan.pk)
    return _answered(plan, pair.uuid, invite=sent)


@one_transaction
def cancel_planned_session(pair_uuid: UUID | str, plan_id: inputs.Raw, *, user: User) -> PlannedSessionData:
    """Either partner calls off a plan that stands; the SEQUENCE goes up. Idempotent."""
    pair, _participant = member_action(pair_uuid, user)
    plan = _load(pair.pk, plan_id)
    if plan.status == PlanStatus.CANCELLED:
        return plan_data(plan, pair.uuid)
    if plan.status not in OPEN_PLAN_STATUSES:
        raise InvalidTransition(f"This planned session is {PlanStatus(plan.status).value}.")
    sent = _in_calendars(plan)
    plan.status = PlanStatus.CANCELLED
    plan.sequence += 1
    plan.save(update_fields=["status", "sequence", "modified"])
    events.emit("plan.cancelled", pair=pair, plan_id=plan.pk)
    health.refresh_health([pair.pk])
    return _answered(plan, pair.uuid, invite=sent)


def planned_sessions_of_pair(pair_uuid: UUID | str) -> list[PlannedSessionData]:
    """The pair's plans, soonest first, in two queries whatever their number."""
    pair = load.pair_row(pair_uuid)
    return [plan_data(plan, pair.uuid) for plan in PlannedSession.objects.filter(pair=pair)]


def get_planned_session(pair_uuid: UUID | str, plan_id: inputs.Raw) -> PlannedSessionData:
    pair = load.pair_row(pair_uuid)
    return plan_data(_load(pair.pk, plan_id), pair.uuid)


def next_planned_days(pair_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day (in the site's zone) of each pair's next confirmed session from today on, in one
    query: what health and the staff page show (the date only, never the place or the link)."""
    return health.next_planned_days(pair_ids, today=dates.today())


def confirmed_plans_between(
    start: dt.datetime, end: dt.datetime, *, course_key: Any = None
) -> list[PlannedSessionData]:
    """Confirmed plans of active pairs starting in ``[start, end)``, soonest first (of one course's
    programs when ``course_key`` is given): what the day-before reminders read."""
    rows = (
        PlannedSession.objects.filter(
            status=PlanStatus.CONFIRMED,
            starts_at__gte=start,
            starts_at__lt=end,
            pair__status=PairStatus.ACTIVE,
        )
        .select_related("pair")
        .order_by("starts_at", "pk")
    )
    if course_key is not None:
        rows = rows.filter(pair__program__course_key=course_key)
    return [plan_data(plan, plan.pair.uuid) for plan in rows]


def plans_to_log(pair_uuid: UUID | str) -> list[PlannedSessionData]:
    """Confirmed plans whose time has come and that nobody has logged yet, oldest first: what
    the session log offers to log in one step."""
    pair = load.pair_row(pair_uuid)
    rows = PlannedSession.objects.filter(
        pair=pair, status=PlanStatus.CONFIRMED, starts_at__lte=timezone.now(), session__isnull=True
    )
    return [plan_data(plan, pair.uuid) for plan in rows]


@one_transaction
def log_planned_session(
    pair_uuid: UUID | str, plan_id: inputs.Raw, *, user: User, led_by: inputs.Raw, **more: inputs.Raw
) -> SessionData:
    """Log a confirmed plan's meeting once its time has come: the day, the duration and the mode
    come from the plan (``more`` may change the duration, mode, skills, goals and notes). The
    partner confirms the logged session as any other."""
    unknown = sorted(set(more) - LOGGED_FROM_PLAN)
    if unknown:
        raise InvalidInput(dict.fromkeys(unknown, "Unknown field."))
    pair, _participant = member_action(pair_uuid, user)
    plan = _load(pair.pk, plan_id)
    if plan.status != PlanStatus.CONFIRMED:
        raise InvalidTransition("Only a confirmed planned session can be logged.")
    if plan.starts_at > timezone.now():
        raise InvalidTransition("This session has not happened yet.")
    if plan.session_id is not None:
        raise Conflict("This planned session is already logged.")
    fields = {"duration_minutes": plan.duration_minutes, "mode": plan.mode, **more}
    session = log_session(
        pair.uuid, user=user, occurred_on=dates.day_of(plan.starts_at), led_by=led_by, **fields
    )
    PlannedSession.objects.filter(pk=plan.pk).update(session_id=session.id)
    return session
