"""Loading a pair for an action by one of its members, with the state the action needs."""

from __future__ import annotations

from typing import Any

from revmentor_plugin.models import Pair, PairStatus, Participant, ParticipantStatus
from revmentor_plugin.services import _common as c
from revmentor_plugin.services.errors import Conflict, InvalidTransition


def member_action(
    pair_uuid: Any, user: Any, *, statuses: tuple[str, ...] = (PairStatus.ACTIVE,)
) -> tuple[Pair, Participant]:
    """The pair and the caller's side of it, when the pair's status allows the action."""
    pair = c.pair_row(pair_uuid)
    participant = c.participant_of(pair, user)
    if pair.status not in statuses:
        if pair.status == PairStatus.PROPOSED:
            raise InvalidTransition("This pair starts once both of you have accepted the agreement.")
        raise InvalidTransition("This pair has ended.")
    if participant.status != ParticipantStatus.ACTIVE:
        raise Conflict("You have withdrawn from this program.")
    return pair, participant
