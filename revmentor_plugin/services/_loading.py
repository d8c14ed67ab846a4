"""Loading rows by external id (uuids, usernames), with the related rows the conversions read.

Private to ``services``: nothing outside the package imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from revmentor_plugin import policy
from revmentor_plugin.models import Pair, Participant, Program
from revmentor_plugin.services.errors import NotFound

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def parse_uuid(value: UUID | str, what: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise NotFound(f"No such {what}.") from None


def program_row(program_uuid: UUID | str, *, for_update: bool = False) -> Program:
    queryset = Program.objects.all()
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(uuid=parse_uuid(program_uuid, "program"))
    except Program.DoesNotExist:
        raise NotFound("No such program.") from None


#: What a pair's conversion reads, and a participant's (select_related, prefetch_related).
PAIR_PEOPLE = ("mentor__user", "mentee__user")
PAIR_RELATED = ("program", *PAIR_PEOPLE)
PARTICIPANT_RELATED = ("program", "user", "manager")
#: The columns reading pairs as data needs (their conversion, stored health and acceptances): a
#: page of pairs loads none of the people's profiles, the program's texts or the password hashes.
PAIR_PEOPLE_FIELDS = (
    *("id", "uuid", "program_id", "mentor_id", "mentee_id", "status", "source", "score"),
    *("explanation", "created", "activated_at", "closed_at", "closed_reason"),
    *("health_status", "health_reasons", "health_next_planned", "health_on"),
    *(f"{side}__{name}" for side in ("mentor", "mentee") for name in ("id", "user_id", "role")),
    *("mentor__user__username", "mentee__user__username"),
)
PAIR_READ_FIELDS = (
    *PAIR_PEOPLE_FIELDS,
    *(f"program__{name}" for name in ("id", "uuid", "course_key", "cadence_days", "expectations_version")),
    *("program__mentor_label", "program__mentee_label"),
)
PARTICIPANT_PREFETCH = ("skills_offered", "skills_sought")


def pair_row(pair_uuid: UUID | str) -> Pair:
    try:
        return Pair.objects.select_related(*PAIR_RELATED).get(uuid=parse_uuid(pair_uuid, "pair"))
    except Pair.DoesNotExist:
        raise NotFound("No such pair.") from None


def participant_of(pair: Pair, user: User | None) -> Participant:
    """The caller's side of the pair (``policy.pair_member``), or NotFound for anyone else."""
    participant = policy.pair_member(pair, user)
    if participant is None:
        raise NotFound("You are not part of this pair.")
    return participant
