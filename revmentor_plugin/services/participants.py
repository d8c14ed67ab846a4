"""Joining a program, the participant profile, withdrawing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from revmentor_plugin.data import ParticipantData, Role
from revmentor_plugin.models import (
    OPEN_PAIR_STATUSES,
    Pair,
    Participant,
    ParticipantStatus,
    Program,
)
from revmentor_plugin.services import _common as c
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services.errors import Conflict, InvalidInput, NotFound
from revmentor_plugin.services.programs import skills_by_slug

PROFILE_FIELDS = tuple(inputs.PROFILE.fields)


def _clean_profile(program: Program, role: Role, profile: Any, *, user_id: int) -> dict[str, Any]:
    """``inputs.PROFILE``'s checks, then what needs the database: skills of the program's
    catalog, the manager's account, whether the program asks for a self-description."""
    if not isinstance(profile, dict):
        raise InvalidInput({"non_field_errors": "The profile must be an object."})
    clean = inputs.PROFILE.clean(profile, partial=True)
    checks = {
        "skills_offered": lambda v: skills_by_slug(program, v, field="skills_offered"),
        "skills_sought": lambda v: skills_by_slug(program, v, field="skills_sought"),
        "manager": lambda v: _clean_manager(v, user_id),
        "self_description": lambda v: _clean_self_description(program, v),
    }
    errors: dict[str, str] = {}
    for name, check in checks.items():
        if name in clean:
            try:
                clean[name] = check(clean[name])
            except InvalidInput as exc:
                errors.update({key: msgs[0] for key, msgs in exc.errors.items()})
    if role is Role.MENTEE and clean.get("capacity") not in (None, 1):
        errors.setdefault("capacity", "Only mentors have a capacity.")
    if errors:
        raise InvalidInput(errors)
    return clean


def _clean_self_description(program: Program, value: dict[str, str]) -> dict[str, str]:
    if value and not program.diversity_enabled:
        raise InvalidInput({"self_description": "This program does not ask for a self-description."})
    return value


def _clean_manager(value: str | None, user_id: int) -> Any:
    if not value:
        return None
    manager = c.user_or_error(value, field="manager")
    if manager.pk == user_id:
        raise InvalidInput({"manager": "A person cannot be their own manager."})
    return manager


def _apply_profile(participant: Participant, clean: dict[str, Any]) -> None:
    skills = {name: clean.pop(name) for name in ("skills_offered", "skills_sought") if name in clean}
    for name, value in clean.items():
        setattr(participant, name, value)
    participant.save()
    for name, rows in skills.items():
        getattr(participant, name).set(rows)


def _load(program_uuid: Any, username: Any, *, for_update: bool = False) -> Participant:
    """The participant with program, user and skills; ``for_update`` locks its row alone
    (MariaDB cannot lock only some tables of a join)."""
    queryset = Participant.objects.select_related(*c.PARTICIPANT_RELATED).prefetch_related(
        *c.PARTICIPANT_PREFETCH
    )
    try:
        participant = queryset.get(
            program__uuid=c.parse_uuid(program_uuid, "program"), user__username=username
        )
    except Participant.DoesNotExist:
        raise NotFound("No such participant in this program.") from None
    if for_update:
        Participant.objects.select_for_update().filter(pk=participant.pk).values_list("pk").get()
        participant.refresh_from_db()
    return participant


def _fresh(participant: Participant) -> ParticipantData:
    return c.participant_data(_load(participant.program.uuid, participant.user.username))


@transaction.atomic
def join_program(
    program_uuid: Any, *, user: Any, role: Any, profile: dict[str, Any] | None = None
) -> ParticipantData:
    """Make ``user`` a participant with a role and a profile.

    Joining again after withdrawing reactivates the same participant; the role may change only
    if the participant was never in a pair.
    """
    program = c.program_row(program_uuid)
    clean_role = Role(inputs.JOIN.clean_one("role", role))
    clean = _clean_profile(program, clean_role, profile or {}, user_id=user.pk)
    existing = Participant.objects.select_for_update().filter(program=program, user=user).first()
    if existing is not None:
        if existing.status == ParticipantStatus.ACTIVE:
            raise Conflict("You have already joined this program.", field="username")
        had_pairs = Pair.objects.filter(Q(mentor=existing) | Q(mentee=existing)).exists()
        if had_pairs and existing.role != clean_role:
            raise Conflict("You were paired in this program before, so you keep your role.", field="role")
        participant = existing
        participant.role = clean_role
        participant.status = ParticipantStatus.ACTIVE
    else:
        participant = Participant(program=program, user=user, role=clean_role)
        clean.setdefault("capacity", program.default_capacity if clean_role is Role.MENTOR else 1)
    if clean_role is Role.MENTEE:
        clean["capacity"] = 1
    c.guard_integrity(lambda: _apply_profile(participant, clean), "You have already joined this program.")
    events.emit("participant.joined", program=program, role=clean_role.value)
    return _fresh(participant)


def add_participant(
    program_uuid: Any, *, username: Any, role: Any, profile: dict[str, Any] | None = None
) -> ParticipantData:
    """Staff add a user by username."""
    return join_program(program_uuid, user=c.user_or_error(username), role=role, profile=profile)


@transaction.atomic
def update_participant(program_uuid: Any, username: Any, **changes: Any) -> ParticipantData:
    """Change some profile fields. A mentor's capacity never drops below their open pairs."""
    participant = _load(program_uuid, username, for_update=True)
    clean = _clean_profile(participant.program, Role(participant.role), changes, user_id=participant.user_id)
    if "capacity" in clean and participant.role == Role.MENTOR:
        _resize_seats(participant, clean["capacity"])
    _apply_profile(participant, clean)
    return _fresh(participant)


def _resize_seats(mentor: Participant, capacity: int) -> None:
    """Keep every open pair on a seat within the new capacity (the mentor row is locked)."""
    open_pairs = list(
        Pair.objects.filter(mentor=mentor, status__in=OPEN_PAIR_STATUSES).order_by("mentor_seat")
    )
    if len(open_pairs) > capacity:
        raise Conflict(
            f"This mentor has {len(open_pairs)} open pairs; "
            f"close some before lowering capacity to {capacity}.",
            field="capacity",
        )
    taken = {pair.mentor_seat for pair in open_pairs}
    free = iter(sorted(set(range(1, capacity + 1)) - taken))
    for pair in open_pairs:
        if pair.mentor_seat > capacity:
            pair.mentor_seat = next(free)
            pair.save(update_fields=["mentor_seat"])


def get_participant(program_uuid: Any, username: Any) -> ParticipantData:
    return c.participant_data(_load(program_uuid, username))


def find_participant(program_uuid: Any, username: Any) -> ParticipantData | None:
    """The participant with this username in a program, or None."""
    try:
        return c.participant_data(_load(program_uuid, username))
    except NotFound:
        return None


def participant_for_user(program_uuid: Any, user: Any) -> ParticipantData | None:
    """The user's participation in a program, or None."""
    return find_participant(program_uuid, getattr(user, "username", None))


def participants_of_program(
    program_uuid: Any,
    *,
    role: str | None = None,
    status: str | None = None,
    user_id: int | None = None,
) -> list[ParticipantData]:
    """Participants, optionally filtered; a fixed number of queries whatever the count."""
    program = c.program_row(program_uuid)
    queryset = (
        Participant.objects.filter(program=program)
        .select_related(*c.PARTICIPANT_RELATED)
        .prefetch_related(*c.PARTICIPANT_PREFETCH)
        .order_by("role", "user__username")
    )
    if role:
        queryset = queryset.filter(role=inputs.clean_choice("role", role, [r.value for r in Role]))
    if status:
        queryset = queryset.filter(status=inputs.clean_choice("status", status, ParticipantStatus.values))
    if user_id is not None:
        queryset = queryset.filter(user_id=user_id)
    return [c.participant_data(participant) for participant in queryset]


def participant_listing(
    program_uuid: Any,
    *,
    role: str | None = None,
    status: str | None = None,
    user_id: int | None = None,
) -> c.Listing:
    """``participants_of_program`` for paginated edges: only the requested slice is converted."""
    program = c.program_row(program_uuid)
    queryset = (
        Participant.objects.filter(program=program)
        .select_related(*c.PARTICIPANT_RELATED)
        .prefetch_related(*c.PARTICIPANT_PREFETCH)
        .order_by("role", "user__username", "id")
    )
    if role:
        queryset = queryset.filter(role=inputs.clean_choice("role", role, [r.value for r in Role]))
    if status:
        queryset = queryset.filter(status=inputs.clean_choice("status", status, ParticipantStatus.values))
    if user_id is not None:
        queryset = queryset.filter(user_id=user_id)
    return c.Listing(queryset, lambda rows: [c.participant_data(row) for row in rows])


@transaction.atomic
def withdraw_participant(program_uuid: Any, username: Any, *, reason: Any = "") -> ParticipantData:
    """Withdraw a participant; their open pairs close with the reason given."""
    participant = _load(program_uuid, username, for_update=True)
    text = inputs.WITHDRAWAL.clean_one("reason", reason) or "The participant withdrew from the program."
    _withdraw(participant, text)
    return _fresh(participant)


def _withdraw(participant: Participant, reason: str) -> None:
    from revmentor_plugin.services.pairs import end_open_pairs_of

    if participant.status != ParticipantStatus.WITHDRAWN:
        participant.status = ParticipantStatus.WITHDRAWN
        participant.save(update_fields=["status", "modified"])
    end_open_pairs_of(participant, reason=reason)
