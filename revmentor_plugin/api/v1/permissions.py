"""Loading a resource for a caller, through ``revmentor_plugin.policy`` and nothing else.

Each helper loads through the services (a missing thing is a 404), then asks the policy: a
thing the caller may not *see* is also a 404 (ADR 0003: existence never leaks); a thing they
may see but not *change* this way is a 403.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound, PermissionDenied

from revmentor_plugin import policy, services
from revmentor_plugin.data import PairData, ParticipantData, ProgramData
from revmentor_plugin.policy import Action, Scope

NOT_FOUND = "Not found."


def program_for(
    user: Any, program_uuid: str, action: Action = Action.VIEW_PROGRAM, *, skills: bool = False
) -> ProgramData:
    """The program, if ``user`` may see it (else 404) and do ``action`` (else 403); its skill
    catalog only when asked (``skills``: one query more)."""
    program = services.get_program(program_uuid, with_skills=skills)
    # Whoever manages the course sees its programs: staff cost one role check, not two.
    if action is Action.MANAGE_PROGRAM and policy.allows(user, action, program):
        return program
    if not policy.allows(user, Action.VIEW_PROGRAM, program):
        raise NotFound(NOT_FOUND)
    if action is Action.MANAGE_PROGRAM or (
        action is not Action.VIEW_PROGRAM and not policy.allows(user, action, program)
    ):
        raise PermissionDenied(_DENIED.get(action, "You may not do this."))
    return program


def program_and_scope(user: Any, program_uuid: str) -> tuple[ProgramData, Scope]:
    """The program (without its catalog), if ``user`` may see it (else 404), and how much of
    its participants they may list (``services.listing_scope``)."""
    program = services.get_program(program_uuid, with_skills=False)
    return program, services.listing_scope(user, program)


def participant_for(
    user: Any, program_uuid: str, username: str, action: Action = Action.VIEW_PARTICIPANT
) -> ParticipantData:
    """A participant's profile, for the participant themselves and the course's managers."""
    participant = services.get_participant(program_uuid, username)
    if not policy.allows(user, Action.VIEW_PARTICIPANT, participant):
        raise NotFound(NOT_FOUND)
    if action is not Action.VIEW_PARTICIPANT and not policy.allows(user, action, participant):
        raise PermissionDenied(_DENIED.get(action, "You may not do this."))
    return participant


def pair_for(user: Any, pair_uuid: str, action: Action = Action.VIEW_PAIR) -> PairData:
    """The pair, if ``user`` may see it (else 404) and do ``action`` (else 403)."""
    pair = services.get_pair(pair_uuid)
    if not policy.allows(user, Action.VIEW_PAIR, pair):
        raise NotFound(NOT_FOUND)
    if action is not Action.VIEW_PAIR and not policy.allows(user, action, pair):
        raise PermissionDenied(_DENIED.get(action, "You may not do this."))
    return pair


def object_id(value: str) -> int:
    """A goal or session id from the URL; anything but a plausible id is a 404 (not a 500 from
    an integer the database cannot hold)."""
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise NotFound(NOT_FOUND)
    return int(value)


_DENIED = {
    Action.MANAGE_PROGRAM: "Only the course's staff manage this program.",
    Action.JOIN_PROGRAM: "This program is not open for joining, or you are not enrolled in its course.",
    Action.CHANGE_PARTICIPANT: "Only the participant and the course's staff change this profile.",
    Action.ACT_IN_PAIR: "Only the pair's active participants do this.",
    Action.CLOSE_PAIR: "Only the pair's participants and the course's staff close it.",
}
