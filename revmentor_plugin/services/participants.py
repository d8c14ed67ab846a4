"""Joining a program, the participant profile, withdrawing and reinstating.

Who may be a participant, whatever the way in (joining, re-joining after withdrawing, staff
adding someone, a CSV import): an active learner enrolled in the program's course. The same
holds for a participant's ``manager``: the reporting-line rule only ever compares participants,
so a manager outside the course would mean nothing, and accepting one would tell course staff
that an account exists elsewhere. Unknown and not-enrolled usernames get one message: "No
learner named 'x' is enrolled in this course."

When: learners join an enrolling or active program; staff may also add (or import) people into
a draft, to prepare it; a closed program takes nobody (409).

Locks follow the order of ``services._locking`` (ADR 0002): joining locks the program first,
since inserting a participant locks its program row, and two joins of one user must not both
find no row and both insert; profile changes and withdrawals lock the participant, then its
pairs in id order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Q, QuerySet

from revmentor_plugin.data import (
    JOINABLE_PROGRAM_STATUSES,
    OPEN_PAIR_STATUSES,
    PARTICIPANT_ORDERINGS,
    ParticipantData,
    ParticipantStatus,
    Role,
)
from revmentor_plugin.models import Pair, Participant, Program
from revmentor_plugin.services import _admission as admission
from revmentor_plugin.services import _convert as convert
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, inputs, learning
from revmentor_plugin.services._listing import Listing
from revmentor_plugin.services._locking import (
    guard_integrity,
    lock_pairs,
    lock_participants,
    lock_with_partners,
    one_transaction,
)
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from revmentor_plugin.services.programs import skills_by_slug

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PROFILE_FIELDS = tuple(inputs.PROFILE.fields)
WITHDREW_REASON = "The participant withdrew from the program."


def clean_profile_fields(
    program: Program,
    role: Role | None,
    profile: inputs.Raw,
    *,
    user_id: int | None,
    catalog: dict[str, Any] | None = None,
    managers: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check every profile field; returns the clean values and the problems of every field.

    Types, ranges and lengths are ``inputs.PROFILE``'s (ADR 0009); then what needs the database:
    skills of the program's catalog, the manager (an enrolled learner of the course), whether
    the program asks for a self-description. ``catalog`` (skills by slug) and ``managers``
    (enrolled users by username) let a caller that checks many profiles at once (the CSV import)
    look them up once for all; without them, each call asks the database. ``role`` None skips
    the rules that depend on the role.
    """
    if not isinstance(profile, dict):
        return {}, {"non_field_errors": ["The profile must be an object."]}
    clean: dict[str, Any] = {}
    errors = inputs.FieldErrors()
    for name, value in profile.items():
        if name not in inputs.PROFILE.fields:
            errors.add(name, "Unknown field.")
            continue
        errors.clean(clean, name, inputs.PROFILE.clean_one, name, value)
    checks = {
        "skills_offered": lambda v: _clean_skills(program, v, "skills_offered", catalog),
        "skills_sought": lambda v: _clean_skills(program, v, "skills_sought", catalog),
        "manager": lambda v: _clean_manager(program, v, user_id, managers),
        "self_description": lambda v: _clean_self_description(program, v),
    }
    for name, check in checks.items():
        if name in clean:
            errors.clean(clean, name, check, clean[name])
    if role is Role.MENTEE and clean.get("capacity") not in (None, 1):
        errors.add("capacity", "Only mentors have a capacity.")
    return clean, errors.errors


def _clean_profile(program: Program, role: Role, profile: Any, *, user_id: int) -> dict[str, Any]:
    """Validate profile fields; returns clean values, skills as catalog rows."""
    clean, errors = clean_profile_fields(program, role, profile, user_id=user_id)
    if errors:
        raise InvalidInput(errors)
    return clean


def _clean_skills(program: Program, value: Any, field: str, catalog: dict[str, Any] | None) -> list[Any]:
    if catalog is None:
        return skills_by_slug(program, value, field=field)
    wanted = inputs.clean_tags(field, value, max_items=100, max_length=80)
    missing = [slug for slug in wanted if slug not in catalog]
    if missing:
        raise InvalidInput({field: f"Not in the program's skill catalog: {', '.join(missing)}."})
    return [catalog[slug] for slug in wanted]


def _clean_self_description(program: Program, value: dict[str, str]) -> dict[str, str]:
    if value and not program.diversity_enabled:
        raise InvalidInput({"self_description": "This program does not ask for a self-description."})
    return value


def _clean_manager(program: Program, value: Any, user_id: int | None, managers: dict[str, Any] | None) -> Any:
    """The manager is, like every participant, a learner enrolled in the program's course: the
    reporting-line rule only ever applies between participants, and anyone else is answered as
    if they did not exist (no username oracle)."""
    if not value:
        return None
    if managers is None:
        manager = admission.user_or_error(value, program.course_key, field="manager")
    elif not isinstance(value, str) or value not in managers:
        raise InvalidInput({"manager": admission.not_enrolled(str(value))})
    else:
        manager = managers[value]
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


def _load(program_uuid: UUID | str, username: str | None, *, for_update: bool = False) -> Participant:
    """The participant with program, user and skills; ``for_update`` locks its row alone
    (MariaDB cannot lock only some tables of a join)."""
    queryset = Participant.objects.select_related(*load.PARTICIPANT_RELATED).prefetch_related(
        *load.PARTICIPANT_PREFETCH
    )
    try:
        participant = queryset.get(
            program__uuid=load.parse_uuid(program_uuid, "program"), user__username=username
        )
    except Participant.DoesNotExist:
        raise NotFound("No such participant in this program.") from None
    if for_update:
        lock_participants([participant.pk])
        participant.refresh_from_db()
    return participant


def _fresh(participant: Participant) -> ParticipantData:
    return convert.participant_data(_load(participant.program.uuid, participant.user.username))


def join_program(
    program_uuid: UUID | str,
    *,
    user: User,
    role: inputs.Raw,
    profile: dict[str, Any] | None = None,
    ratings: inputs.Raw = None,
    ratings_required: bool = False,
) -> ParticipantData:
    """``user`` joins the program themselves with a role and a profile.

    The program must be enrolling or active, and the user enrolled in its course. Joining again
    after withdrawing reactivates the same participant; the role may change only if the
    participant was never in a pair. ``ratings`` (optional) are their confidence on joining, by
    item key (``services.learning``): a mentee each skill they seek, a mentor each of the
    program's leadership items; checked with the rest before anything is written. With
    ``ratings_required`` (the pairing block) joining without them is a 400 naming ``ratings``.
    """
    return _admit(
        program_uuid,
        user=user,
        role=role,
        profile=profile,
        by_staff=False,
        ratings=ratings,
        ratings_required=ratings_required,
    )


def add_participant(
    program_uuid: UUID | str, *, username: str, role: inputs.Raw, profile: dict[str, Any] | None = None
) -> ParticipantData:
    """Staff add a learner by username, under the same rule as joining: the learner must be
    enrolled in the program's course ("No learner named 'x' is enrolled in this course." for an
    unknown user too). Staff may add people to a draft program, to prepare it; a closed program
    takes nobody."""
    return _admit(program_uuid, username=username, role=role, profile=profile, by_staff=True)


@one_transaction
def _admit(
    program_uuid: UUID | str,
    *,
    role: inputs.Raw,
    profile: dict[str, Any] | None,
    by_staff: bool,
    user: User | None = None,
    username: inputs.Raw = None,
    ratings: inputs.Raw = None,
    ratings_required: bool = False,
) -> ParticipantData:
    """Every way a participant comes into being or back: join, re-join, staff add.

    The program row is locked first (as for pairs and imports), so closing the program and
    admitting someone never interleave.
    """
    program = load.program_row(program_uuid, for_update=True)
    admission.refuse_closed(program, "new participants")
    if not by_staff and program.status not in JOINABLE_PROGRAM_STATUSES:
        raise InvalidTransition("This program is not open for joining yet.")
    if user is None:
        user = admission.user_or_error(username, program.course_key)
    elif not admission.is_enrolled(user, program.course_key):
        raise InvalidInput({"username": admission.not_enrolled(getattr(user, "username", ""))})
    clean_role = Role(inputs.JOIN.clean_one("role", role))
    clean = _clean_profile(program, clean_role, profile or {}, user_id=user.pk)
    # By primary key alone (no join, ADR 0002); two joins of one user take turns on the
    # program's lock, so the second finds the first's participant (409).
    found = Participant.objects.filter(program=program, user=user).order_by().values_list("pk", flat=True)
    existing = next(iter(lock_participants(found).values()), None)
    already = (
        "This person already takes part in this program."
        if by_staff
        else "You have already joined this program."
    )
    if existing is not None:
        if existing.status == ParticipantStatus.ACTIVE:
            raise Conflict(already, field="username")
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
    sought = clean.get("skills_sought")
    if sought is None:
        sought = list(existing.skills_sought.all()) if existing is not None else []
    start_ratings = learning.clean_start_ratings(
        program, clean_role, sought, ratings, required=ratings_required
    )
    guard_integrity(lambda: _apply_profile(participant, clean), already)
    if start_ratings is not None:
        learning.save_start_ratings(participant, start_ratings)
    events.emit("participant.joined", program=program, role=clean_role.value, user_id=user.pk)
    return _fresh(participant)


@one_transaction
def update_participant(program_uuid: UUID | str, username: str, **changes: inputs.Raw) -> ParticipantData:
    """Change some profile fields. A mentor's capacity never drops below their open pairs."""
    participant = _load(program_uuid, username, for_update=True)
    clean = _clean_profile(participant.program, Role(participant.role), changes, user_id=participant.user_id)
    if "capacity" in clean and participant.role == Role.MENTOR:
        _resize_seats(participant, clean["capacity"])
    _apply_profile(participant, clean)
    return _fresh(participant)


def _resize_seats(mentor: Participant, capacity: int) -> None:
    """Keep every open pair on a seat within the new capacity (the mentor row is locked; the
    pairs are locked next, in id order)."""
    ids = Pair.objects.filter(mentor=mentor, status__in=OPEN_PAIR_STATUSES).values_list("pk", flat=True)
    open_pairs = sorted((pair for pair in lock_pairs(ids) if pair.is_open), key=lambda pair: pair.mentor_seat)  # type: ignore[arg-type, return-value]  # open pairs hold a seat
    if len(open_pairs) > capacity:
        raise Conflict(
            f"This mentor has {len(open_pairs)} open pairs; "
            f"close some before lowering capacity to {capacity}.",
            field="capacity",
        )
    taken = {pair.mentor_seat for pair in open_pairs}
    free = iter(sorted(set(range(1, capacity + 1)) - taken))
    for pair in open_pairs:
        if pair.mentor_seat > capacity:  # type: ignore[operator]  # an open pair always holds a seat
            pair.mentor_seat = next(free)
            pair.save(update_fields=["mentor_seat"])


def get_participant(program_uuid: UUID | str, username: str) -> ParticipantData:
    return convert.participant_data(_load(program_uuid, username))


def find_participant(program_uuid: UUID | str, username: str | None) -> ParticipantData | None:
    """The participant with this username in a program, or None."""
    try:
        return convert.participant_data(_load(program_uuid, username))
    except NotFound:
        return None


def participant_for_user(program_uuid: UUID | str, user: User) -> ParticipantData | None:
    """The user's participation in a program, or None."""
    return find_participant(program_uuid, getattr(user, "username", None))


def _participant_rows(
    program_uuid: UUID | str, *, role: str | None, status: str | None, user_id: int | None
) -> QuerySet[Participant]:
    """The one query of a program's participants (by role, then username), optionally filtered:
    the list and the paginated listing both read it."""
    program = load.program_row(program_uuid)
    queryset = (
        Participant.objects.filter(program=program)
        .select_related(*load.PARTICIPANT_RELATED)
        .prefetch_related(*load.PARTICIPANT_PREFETCH)
        .order_by("role", "user__username", "id")
    )
    if role:
        queryset = queryset.filter(role=inputs.clean_choice("role", role, Role.values()))
    if status:
        queryset = queryset.filter(status=inputs.clean_choice("status", status, ParticipantStatus.values()))
    if user_id is not None:
        queryset = queryset.filter(user_id=user_id)
    return queryset


def _participants_data(rows: Iterable[Participant]) -> list[ParticipantData]:
    return [convert.participant_data(row) for row in rows]


def participants_of_program(
    program_uuid: Any,
    *,
    role: str | None = None,
    status: str | None = None,
    user_id: int | None = None,
) -> list[ParticipantData]:
    """Participants, optionally filtered; a fixed number of queries whatever the count."""
    return _participants_data(_participant_rows(program_uuid, role=role, status=status, user_id=user_id))


#: The columns each ``ordering`` of the participant list sorts by; the username, then the id,
#: break ties, so every page is stable.
_PARTICIPANT_SORT = {
    "username": ("user__username",),
    "role": ("role",),
    "status": ("status",),
    "department": ("department",),
    "created": ("id",),  # ids grow with the time people joined, and are indexed
}


def participant_listing(
    program_uuid: UUID | str,
    *,
    role: str | None = None,
    status: str | None = None,
    user_id: int | None = None,
    search: inputs.Raw = None,
    ordering: inputs.Raw = None,
) -> Listing[Participant, ParticipantData]:
    """``participants_of_program`` for paginated edges: only the requested slice is converted.

    ``search`` finds the participants whose username or department contains the text (any case);
    ``ordering`` is one of ``PARTICIPANT_ORDERINGS``, ``-`` before it reversing it (by default:
    by role, then username). Both are checked (a 400 naming ``search`` or ``ordering``).
    """
    text = inputs.clean_search("search", search)
    order = inputs.clean_ordering("ordering", ordering, PARTICIPANT_ORDERINGS)
    rows = _participant_rows(program_uuid, role=role, status=status, user_id=user_id)
    if text:
        rows = rows.filter(Q(user__username__icontains=text) | Q(department__icontains=text))
    if order is not None:
        key, descending = order
        columns = [f"-{column}" if descending else column for column in _PARTICIPANT_SORT[key]]
        ties = {"username": ["id"], "created": []}.get(key, ["user__username", "id"])
        rows = rows.order_by(*columns, *ties)
    return Listing(rows, _participants_data)


@one_transaction
def withdraw_participant(
    program_uuid: UUID | str, username: str, *, reason: inputs.Raw = ""
) -> ParticipantData:
    """Withdraw a participant; their open pairs close with the reason given."""
    participant = _load(program_uuid, username)
    text = inputs.WITHDRAWAL.clean_one("reason", reason) or WITHDREW_REASON
    lock_with_partners([participant.pk])
    participant.refresh_from_db()
    withdraw_locked([participant], text)
    return _fresh(participant)


@one_transaction
def reinstate_participant(program_uuid: UUID | str, username: str) -> ParticipantData:
    """Staff bring a withdrawn participant back, with their role and profile as they were; the
    pairs their withdrawal closed stay closed (matching or staff pair them again).

    The rule of every way in (``_admission``): the program is not closed and the learner is
    still enrolled in its course. Reinstating someone active is a 409.
    """
    program = load.program_row(program_uuid, for_update=True)
    participant = _load(program_uuid, username, for_update=True)
    if participant.status == ParticipantStatus.ACTIVE:
        raise Conflict("This person already takes part in this program.", field="username")
    admission.refuse_closed(program, "participants back")
    if not admission.is_enrolled(participant.user, program.course_key):
        raise InvalidInput({"username": admission.not_enrolled(participant.user.username)})
    participant.status = ParticipantStatus.ACTIVE
    participant.save(update_fields=["status", "modified"])
    events.emit("participant.reinstated", program=program, role=participant.role, user_id=participant.user_id)
    return _fresh(participant)


def withdraw_locked(participants: list[Participant], reason: str) -> None:
    """Withdraw participants, then close their open pairs; the caller holds the locks of
    ``lock_with_partners`` for them."""
    from revmentor_plugin.services.pairs import end_open_pairs_of

    for participant in participants:
        if participant.status != ParticipantStatus.WITHDRAWN:
            participant.status = ParticipantStatus.WITHDRAWN
            participant.save(update_fields=["status", "modified"])
    end_open_pairs_of(participants, reason=reason)
