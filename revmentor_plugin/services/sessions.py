"""Session logs: one side logs a meeting, the other confirms it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from revmentor_plugin.data import Role, SessionData
from revmentor_plugin.models import Goal, PairStatus, SessionLog, SessionMode
from revmentor_plugin.services import _common as c
from revmentor_plugin.services import events
from revmentor_plugin.services._locking import one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services.errors import Conflict, InvalidInput, NotFound
from revmentor_plugin.services.programs import skills_by_slug

OLDEST_DAYS = 366


def _goals(pair: Any, value: Any) -> list[Goal]:
    if value in (None, []):
        return []
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise InvalidInput({"goals": "Must be a list of goal ids."})
    found = {goal.pk: goal for goal in Goal.objects.filter(pair=pair, pk__in=value)}
    missing = [str(v) for v in value if v not in found]
    if missing:
        raise InvalidInput({"goals": f"Not goals of this pair: {', '.join(missing)}."})
    return list(found.values())


@one_transaction
def log_session(
    pair_uuid: Any,
    *,
    user: Any,
    occurred_on: Any,
    duration_minutes: Any,
    led_by: Any,
    mode: Any = SessionMode.VIDEO,
    skills: Any = (),
    goals: Any = (),
    notes: Any = "",
) -> SessionData:
    """Log a meeting of an active pair. It counts as confirmed once the partner confirms it."""
    pair, participant = member_action(pair_uuid, user)
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    checks = {
        "occurred_on": lambda: c.clean_date("occurred_on", occurred_on, allow_none=False),
        "duration_minutes": lambda: c.clean_int("duration_minutes", duration_minutes, low=1, high=1440),
        "led_by": lambda: c.clean_choice("led_by", led_by, [r.value for r in Role]),
        "mode": lambda: c.clean_choice("mode", mode, SessionMode.values),
        "skills": lambda: skills_by_slug(pair.program, list(skills or []), field="skills"),
        "goals": lambda: _goals(pair, list(goals) if isinstance(goals, tuple) else goals),
        "notes": lambda: c.clean_text("notes", notes),
    }
    for name, check in checks.items():
        try:
            clean[name] = check()
        except InvalidInput as exc:
            errors.update({key: msgs[0] for key, msgs in exc.errors.items()})
    if "occurred_on" in clean:
        today = timezone.localdate()
        if clean["occurred_on"] > today:
            errors["occurred_on"] = "A session cannot be logged before it happens."
        elif clean["occurred_on"] < today - dt.timedelta(days=OLDEST_DAYS):
            errors["occurred_on"] = "That is more than a year ago."
    if errors:
        raise InvalidInput(errors)
    skills_rows, goal_rows = clean.pop("skills"), clean.pop("goals")
    session = SessionLog.objects.create(pair=pair, logged_by=participant, **clean)
    session.skills.set(skills_rows)
    session.goals.set(goal_rows)
    events.emit("session.logged", pair=pair, led_by=session.led_by, duration_minutes=session.duration_minutes)
    return c.session_data(_load(pair, session.pk), pair.uuid)


def _load(pair: Any, session_id: Any) -> SessionLog:
    try:
        return (
            SessionLog.objects.select_related("logged_by__user")
            .prefetch_related("skills", "goals")
            .get(pair=pair, pk=int(session_id))
        )
    except (SessionLog.DoesNotExist, TypeError, ValueError):
        raise NotFound("No such session in this pair.") from None


@one_transaction
def confirm_session(pair_uuid: Any, session_id: Any, *, user: Any) -> SessionData:
    """The partner of whoever logged the session confirms it happened. Idempotent."""
    pair, participant = member_action(pair_uuid, user, statuses=(PairStatus.ACTIVE, PairStatus.COMPLETED))
    session = _load(pair, session_id)
    if session.logged_by_id == participant.pk:
        raise Conflict("Your partner confirms the sessions you log.")
    if session.confirmed_at is None:
        SessionLog.objects.filter(pk=session.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        session = _load(pair, session.pk)
    return c.session_data(session, pair.uuid)


def sessions_of_pair(pair_uuid: Any) -> list[SessionData]:
    """The pair's sessions, newest first, in four queries whatever their number."""
    pair = c.pair_row(pair_uuid)
    rows = (
        SessionLog.objects.filter(pair=pair)
        .select_related("logged_by__user")
        .prefetch_related("skills", "goals")
    )
    return [c.session_data(session, pair.uuid) for session in rows]
