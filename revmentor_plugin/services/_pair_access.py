"""Loading a pair for an action by one of its members, with the state the action needs.

Who is a member and who still takes part is ``policy``'s to say (``pair_member``,
``takes_part``); this module adds the pair states each action needs.

The pair is locked as every action inside a pair locks it (``services._locking``): both
participants in id order, then the pair; the child row the action writes comes after. So a
goal, a session, a reflection or a pulse never lands in a pair that a concurrent withdrawal or
close has just ended, and never deadlocks with one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from revmentor_plugin import policy
from revmentor_plugin.data import PairStatus
from revmentor_plugin.models import Pair, Participant
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services._locking import lock_pair
from revmentor_plugin.services.errors import Conflict, InvalidTransition

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def member_action(
    pair_uuid: UUID | str, user: User, *, statuses: tuple[str, ...] = (PairStatus.ACTIVE,)
) -> tuple[Pair, Participant]:
    """The pair, locked, and the caller's side of it, when the pair's status allows the action."""
    pair = lock_pair(pair_uuid)
    participant = load.participant_of(pair, user)
    if pair.status not in statuses:
        if pair.status == PairStatus.PROPOSED:
            raise InvalidTransition("This pair starts once both of you have accepted the agreement.")
        raise InvalidTransition("This pair has ended.")
    if not policy.takes_part(participant.status):
        raise Conflict("You have withdrawn from this program.")
    return pair, participant
