"""Reflections: free text by one participant, seen according to its visibility."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from revmentor_plugin.data import ReflectionData
from revmentor_plugin.models import PairStatus, Reflection, SessionLog, Visibility
from revmentor_plugin.services import _common as c
from revmentor_plugin.services import events
from revmentor_plugin.services._locking import one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services.errors import InvalidInput


@one_transaction
def write_reflection(
    pair_uuid: Any,
    *,
    user: Any,
    body: Any,
    visibility: Any = Visibility.PRIVATE,
    prompt: Any = "",
    session: Any = None,
) -> ReflectionData:
    """Record a reflection by the caller, optionally about one of the pair's sessions."""
    pair, participant = member_action(pair_uuid, user, statuses=(PairStatus.ACTIVE, PairStatus.COMPLETED))
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    checks = {
        "body": lambda: c.clean_text("body", body, required=True),
        "visibility": lambda: c.clean_choice("visibility", visibility, Visibility.values),
        "prompt": lambda: c.clean_text("prompt", prompt, max_length=1000),
        "session": lambda: _session(pair, session),
    }
    for name, check in checks.items():
        try:
            clean[name] = check()
        except InvalidInput as exc:
            errors.update({key: msgs[0] for key, msgs in exc.errors.items()})
    if errors:
        raise InvalidInput(errors)
    reflection = Reflection.objects.create(pair=pair, author=participant, **clean)
    reflection.author = participant
    events.emit("reflection.written", pair=pair, role=participant.role, visibility=reflection.visibility)
    return c.reflection_data(reflection, pair.uuid)


def _session(pair: Any, value: Any) -> SessionLog | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput({"session": "Must be a session id."})
    session = SessionLog.objects.filter(pair=pair, pk=value).first()
    if session is None:
        raise InvalidInput({"session": "Not a session of this pair."})
    return session


def reflections_of_pair(
    pair_uuid: Any, *, viewer_id: int | None, others_visible: tuple[str, ...]
) -> list[ReflectionData]:
    """The viewer's own reflections, plus others' whose visibility is in ``others_visible``
    (as ``policy.visible_reflection_visibilities`` says), newest first, in two queries."""
    pair = c.pair_row(pair_uuid)
    rows = Reflection.objects.filter(pair=pair).filter(
        Q(author__user_id=viewer_id) | Q(visibility__in=others_visible) & ~Q(visibility=Visibility.PRIVATE)
    )
    return [c.reflection_data(r, pair.uuid) for r in rows.select_related("author__user")]


def reflection_count(pair_uuid: Any, *, user: Any) -> int:
    """How many reflections the user wrote in the pair (for block completion)."""
    pair = c.pair_row(pair_uuid)
    return Reflection.objects.filter(pair=pair, author__user_id=user.pk).count()
