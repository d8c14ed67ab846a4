"""Reflections: free text by one participant, seen according to its visibility."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Q

from revmentor_plugin.data import PAIR_STATUSES_WITH_ACTIVITY, ReflectionData, Visibility
from revmentor_plugin.models import Pair, Reflection, SessionLog
from revmentor_plugin.services import _convert as convert
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services._locking import one_transaction
from revmentor_plugin.services._pair_access import member_action
from revmentor_plugin.services.errors import InvalidInput
from revmentor_plugin.services.pulse import record_pulse

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@one_transaction
def write_reflection(
    pair_uuid: UUID | str,
    *,
    user: User,
    body: inputs.Raw,
    visibility: inputs.Raw = Visibility.PRIVATE,
    prompt: inputs.Raw = "",
    session: inputs.Raw = None,
    pulse: Mapping[str, inputs.Raw] | None = None,
) -> ReflectionData:
    """Record a reflection by the caller, optionally about one of the pair's sessions.

    With ``pulse`` (the ratings ``record_pulse`` takes, as a JSON object sent them: values not yet
    checked), the caller's pulse check is recorded in the same transaction: both or neither.
    """
    pair, participant = member_action(pair_uuid, user, statuses=PAIR_STATUSES_WITH_ACTIVITY)
    clean = inputs.REFLECTION.clean(
        {"body": body, "visibility": visibility, "prompt": prompt, "session": session}
    )
    clean["session"] = _session(pair, clean["session"])
    reflection = Reflection.objects.create(pair=pair, author=participant, **clean)
    reflection.author = participant
    events.emit("reflection.written", pair=pair, role=participant.role, visibility=reflection.visibility)
    if pulse is not None:
        # a nested object: only its ratings, named by the pulse's own spec, become arguments
        record_pulse(pair.uuid, user=user, **inputs.PULSE.clean(pulse))
    return convert.reflection_data(reflection, pair.uuid)


def _session(pair: Pair, session_id: int | None) -> SessionLog | None:
    """The pair's session with this id (``inputs`` has checked it is an id), or None."""
    if session_id is None:
        return None
    session = SessionLog.objects.filter(pair=pair, pk=session_id).first()
    if session is None:
        raise InvalidInput({"session": "Not a session of this pair."})
    return session


def reflections_of_pair(
    pair_uuid: UUID | str, *, viewer_id: int | None, others_visible: tuple[str, ...]
) -> list[ReflectionData]:
    """The viewer's own reflections, plus others' whose visibility is in ``others_visible``
    (as ``policy.visible_reflection_visibilities`` says), newest first, in two queries."""
    pair = load.pair_row(pair_uuid)
    rows = Reflection.objects.filter(pair=pair).filter(
        Q(author__user_id=viewer_id) | Q(visibility__in=others_visible) & ~Q(visibility=Visibility.PRIVATE)
    )
    return [convert.reflection_data(r, pair.uuid) for r in rows.select_related("author__user")]


def reflection_count(pair_uuid: UUID | str, *, user: User) -> int:
    """How many reflections the user wrote in the pair (for block completion)."""
    pair = load.pair_row(pair_uuid)
    return Reflection.objects.filter(pair=pair, author__user_id=user.pk).count()
