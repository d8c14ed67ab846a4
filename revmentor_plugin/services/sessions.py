"""Session logs: one side logs a meeting, the other confirms it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from uuid import UUID

from django.utils import timezone

from revmentor_plugin.data import PAIR_STATUSES_WITH_ACTIVITY, SessionData, SessionMode
from revmentor_plugin.models import Goal, Pair, SessionLog
from revmentor_plugin.services import _convert as convert
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, events, inputs
from revmentor_plugin.services._locking import one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services.errors import Conflict, InvalidInput, NotFound
from revmentor_plugin.services.health import refresh_health
from revmentor_plugin.services.programs import skills_by_slug

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OLDEST_DAYS = 366


def _goals(pair: Pair, wanted: list[int]) -> list[Goal]:
    """The pair's goals with these ids (``inputs`` has checked they are ids)."""
    found = {goal.pk: goal for goal in Goal.objects.filter(pair=pair, pk__in=wanted)} if wanted else {}
    missing = [str(v) for v in wanted if v not in found]
    if missing:
        raise InvalidInput({"goals": f"Not goals of this pair: {', '.join(missing)}."})
    return list(found.values())


@one_transaction
def log_session(
    pair_uuid: UUID | str,
    *,
    user: User,
    occurred_on: inputs.Raw,
    duration_minutes: inputs.Raw,
    led_by: inputs.Raw,
    mode: inputs.Raw = SessionMode.VIDEO,
    skills: inputs.Raw = (),
    goals: inputs.Raw = (),
    notes: inputs.Raw = "",
) -> SessionData:
    """Log a meeting of an active pair. It counts as confirmed once the partner confirms it."""
    pair, participant = member_action(pair_uuid, user)
    clean = inputs.SESSION.clean(
        {
            "occurred_on": occurred_on,
            "duration_minutes": duration_minutes,
            "led_by": led_by,
            "mode": mode,
            "skills": skills,
            "goals": goals,
            "notes": notes,
        }
    )
    today = dates.today()
    if clean["occurred_on"] > today:
        raise InvalidInput({"occurred_on": "A session cannot be logged before it happens."})
    if clean["occurred_on"] < today - dt.timedelta(days=OLDEST_DAYS):
        raise InvalidInput({"occurred_on": "That is more than a year ago."})
    errors = inputs.FieldErrors()
    errors.clean(clean, "skills", skills_by_slug, pair.program, clean["skills"], field="skills")
    errors.clean(clean, "goals", _goals, pair, clean["goals"])
    errors.raise_if_any()
    skills_rows, goal_rows = clean.pop("skills"), clean.pop("goals")
    session = SessionLog.objects.create(pair=pair, logged_by=participant, **clean)
    session.skills.set(skills_rows)
    session.goals.set(goal_rows)
    events.emit(
        "session.logged",
        pair=pair,
        session_id=session.pk,
        led_by=session.led_by,
        duration_minutes=session.duration_minutes,
    )
    refresh_health([pair.pk])
    return convert.session_data(_load(pair, session.pk), pair.uuid)


def _load(pair: Pair, session_id: inputs.Raw) -> SessionLog:
    try:
        return (
            SessionLog.objects.select_related("logged_by__user")
            .prefetch_related("skills", "goals")
            .get(pair=pair, pk=inputs.object_id(session_id, "session in this pair"))
        )
    except SessionLog.DoesNotExist:
        raise NotFound("No such session in this pair.") from None


@one_transaction
def confirm_session(pair_uuid: UUID | str, session_id: inputs.Raw, *, user: User) -> SessionData:
    """The partner of whoever logged the session confirms it happened. Idempotent."""
    pair, participant = member_action(pair_uuid, user, statuses=PAIR_STATUSES_WITH_ACTIVITY)
    session = _load(pair, session_id)
    if session.logged_by_id == participant.pk:
        raise Conflict("Your partner confirms the sessions you log.")
    if session.confirmed_at is None:
        confirmed = SessionLog.objects.filter(pk=session.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        if confirmed:  # once, however many times it is confirmed
            events.emit("session.confirmed", pair=pair, session_id=session.pk, confirmed_by=participant.role)
        session = _load(pair, session.pk)
    return convert.session_data(session, pair.uuid)


def sessions_of_pair(pair_uuid: UUID | str) -> list[SessionData]:
    """The pair's sessions, newest first, in four queries whatever their number."""
    pair = load.pair_row(pair_uuid)
    rows = (
        SessionLog.objects.filter(pair=pair)
        .select_related("logged_by__user")
        .prefetch_related("skills", "goals")
    )
    return [convert.session_data(session, pair.uuid) for session in rows]
