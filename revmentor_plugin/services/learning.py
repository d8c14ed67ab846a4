"""Two-way learning, measured: participants' confidence ratings on joining and at the end.

A mentee rates their confidence in each skill they seek, a mentor in each of the program's
leadership and visibility items (``Program.leadership_items``), 1 to 5, when they join
(``start``) and once more when a pair of theirs has completed (``end``; a pair active when the
program closes completes with it). Marcinkus Murphy 2012: reverse mentoring is two-way
learning, the senior side gaining skills and the junior side leadership and visibility.

The raw ratings are the participant's own: they see their before and after; everyone else sees
only the report's group figures (``services.reports``, ADR 0003).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from revmentor_plugin.data import (
    ConfidenceData,
    PairStatus,
    ParticipantStatus,
    RatedItemData,
    RatingKind,
    RatingPhase,
    Role,
)
from revmentor_plugin.models import ConfidenceRating, Pair, Participant, Program, Skill
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services._locking import lock_participants, one_transaction
from revmentor_plugin.services.errors import Conflict, InvalidInput, NotFound

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RATINGS = "ratings"


def kind_of(role: Role | str) -> RatingKind:
    """What a role rates: mentees their skills, mentors the leadership items."""
    return RatingKind.SKILL if Role(role) is Role.MENTEE else RatingKind.LEADERSHIP


def items_to_rate(program: Program, role: Role | str, skills_sought: Iterable[Skill]) -> dict[str, str]:
    """The items a participant rates, label by key, in order."""
    if kind_of(role) is RatingKind.SKILL:
        return {skill.slug: skill.name for skill in sorted(skills_sought, key=lambda s: s.name)}
    return {item["key"]: item["label"] for item in program.leadership_items or []}


def _check_covers(raw: inputs.Raw, expected: Iterable[str]) -> dict[str, int]:
    """Clean ratings that rate exactly ``expected``; a 400 naming ``ratings`` otherwise."""
    clean = inputs.clean_ratings(RATINGS, raw)
    wanted = list(expected)
    missing = [key for key in wanted if key not in clean]
    unknown = sorted(set(clean) - set(wanted))
    if unknown:
        raise InvalidInput({RATINGS: f"Not an item you rate: {', '.join(unknown)}."})
    if missing:
        raise InvalidInput({RATINGS: f"Rate every item; missing: {', '.join(missing)}."})
    return clean


def clean_start_ratings(
    program: Program, role: Role, skills_sought: Iterable[Skill], raw: inputs.Raw
) -> dict[str, int] | None:
    """The ratings given on joining, checked against what the role rates; None when none were
    given (REST v1: optional, so older clients still join)."""
    if raw is None:
        return None
    return _check_covers(raw, items_to_rate(program, role, skills_sought))


def save_start_ratings(participant: Participant, ratings: dict[str, int]) -> None:
    """Write the ratings given on joining (a participant joining again rates afresh)."""
    kind = kind_of(participant.role)
    ConfidenceRating.objects.filter(participant=participant, phase=RatingPhase.START).delete()
    ConfidenceRating.objects.bulk_create(
        ConfidenceRating(participant=participant, kind=kind, key=key, phase=RatingPhase.START, value=value)
        for key, value in ratings.items()
    )
    events.emit(
        "confidence.rated",
        program=participant.program,
        role=Role(participant.role).value,
        phase=RatingPhase.START.value,
    )


def _participant(program_uuid: UUID | str, user: User, *, for_update: bool = False) -> Participant:
    program = load.program_row(program_uuid)
    found = (
        Participant.objects.filter(program=program, user_id=user.pk, status=ParticipantStatus.ACTIVE)
        .order_by()
        .values_list("pk", flat=True)
    )
    if for_update:
        participant = next(iter(lock_participants(found).values()), None)
    else:
        participant = Participant.objects.filter(pk__in=found).first()
    if participant is None:
        raise NotFound("You do not take part in this program.")
    participant.program = program
    return participant


def _confidence(participant: Participant) -> ConfidenceData:
    rows = list(ConfidenceRating.objects.filter(participant=participant).order_by("id"))
    given = {(row.key, row.phase): row.value for row in rows}
    current = items_to_rate(participant.program, participant.role, participant.skills_sought.all())
    started = [row.key for row in rows if row.phase == RatingPhase.START]
    if started:  # what they rated on joining, even if their skills or the items changed since
        labels = {**{key: key for key in started}, **current}
        keys = sorted(started, key=lambda key: list(labels).index(key))
    else:
        labels, keys = current, list(current)
    kind = kind_of(participant.role)
    items = tuple(
        RatedItemData(
            kind=kind,
            key=key,
            label=labels[key],
            start=given.get((key, RatingPhase.START)),
            end=given.get((key, RatingPhase.END)),
        )
        for key in keys
    )
    ended = not any(row.phase == RatingPhase.END for row in rows)
    completed = Pair.objects.filter(status=PairStatus.COMPLETED).filter(
        **{"mentor" if participant.role == Role.MENTOR else "mentee": participant}
    )
    end_due = bool(started) and ended and completed.exists()
    return ConfidenceData(
        program_uuid=participant.program.uuid, role=Role(participant.role), items=items, end_due=end_due
    )


def my_confidence(program_uuid: UUID | str, *, user: User) -> ConfidenceData:
    """The caller's items with their start and end ratings, and whether they are asked to rate
    again now."""
    return _confidence(_participant(program_uuid, user))


def confidence_of(participant: Participant) -> ConfidenceData:
    """``my_confidence`` for a participant row already loaded (the pairing block)."""
    return _confidence(participant)


@one_transaction
def rate_end(program_uuid: UUID | str, *, user: User, ratings: inputs.Raw) -> ConfidenceData:
    """Record the caller's end ratings, once: every item they rated on joining, each 1 to 5.

    Refused (409) before a pair of theirs has completed, without start ratings, or a second
    time; a body that does not rate exactly their items is a 400 naming ``ratings``."""
    participant = _participant(program_uuid, user, for_update=True)
    clean_body = inputs.END_RATINGS.clean({RATINGS: ratings})
    state = _confidence(participant)
    if not any(item.start is not None for item in state.items):
        raise Conflict("You did not rate your confidence on joining, so there is nothing to compare.")
    if any(item.end is not None for item in state.items):
        raise Conflict("You have already rated your confidence at the end.", field=RATINGS)
    if not state.end_due:
        raise Conflict("You rate again once your mentoring pair has completed.", field=RATINGS)
    clean = _check_covers(clean_body[RATINGS], [item.key for item in state.items])
    kind = kind_of(participant.role)
    ConfidenceRating.objects.bulk_create(
        ConfidenceRating(participant=participant, kind=kind, key=key, phase=RatingPhase.END, value=value)
        for key, value in clean.items()
    )
    events.emit(
        "confidence.rated",
        program=participant.program,
        role=Role(participant.role).value,
        phase=RatingPhase.END.value,
    )
    return _confidence(participant)


def as_dict(data: ConfidenceData) -> dict[str, Any]:
    """The JSON the REST API and the pairing block answer."""
    return {
        "program_id": str(data.program_uuid),
        "role": data.role.value,
        "end_due": data.end_due,
        "items": [
            {"kind": i.kind.value, "key": i.key, "label": i.label, "start": i.start, "end": i.end}
            for i in data.items
        ],
    }
