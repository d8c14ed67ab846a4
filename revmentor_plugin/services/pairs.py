"""Pairs: proposing, agreeing, declining, closing, and reading them with their health.

Writes lock the rows they reason about in the one lock order of ``services._locking``
(ADR 0002): proposing locks the program (so closing it never interleaves), then both
participants in id order, then reads the open pairs it must not collide with; every action on a
pair locks its two participants in id order, then the pair. So two requests cannot both take a
mentee's last open slot or a mentor's last seat, an action never acts on a pair that another
request has just ended, and no two requests wait for each other. The unique constraints behind
``Pair`` are the backstop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import ngettext
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host, policy
from revmentor_plugin.data import (
    OPEN_PAIR_STATUSES,
    PAIR_ORDERINGS,
    HealthStatus,
    PairData,
    PairSource,
    PairStatus,
    ParticipantStatus,
    Role,
)
from revmentor_plugin.models import AgreementAcceptance, Pair, Participant, Program, Skill
from revmentor_plugin.services import _admission as admission
from revmentor_plugin.services import _convert as convert
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, explanations, inputs
from revmentor_plugin.services._listing import Listing
from revmentor_plugin.services._locking import (
    guard_integrity,
    lock_pair,
    lock_pairs,
    lock_participants,
    one_transaction,
)
from revmentor_plugin.services._plan_ending import cancel_plans_of
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from revmentor_plugin.services.health import (
    ENDED_HEALTH,
    accepted_roles,
    counts_by_health,
    initial_health,
    refresh_health,
    refresh_stale,
    refresh_stale_of_program,
    stored_health,
)
from revmentor_plugin.services.programs import listing_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def lock_pair_participants(
    program: Program, mentor: inputs.Raw, mentee: inputs.Raw
) -> tuple[Participant, Participant]:
    """Lock both participants' rows, in id order, and check they can form a pair (the caller
    holds the program's lock: a pair's insert locks its program). Proposing a pair and
    publishing a matching run share it."""
    by_name = {
        username: pk
        for pk, username in Participant.objects.filter(
            program=program, user__username__in=[mentor, mentee]
        ).values_list("pk", "user__username")
    }
    errors = {}
    for field, username in (("mentor", mentor), ("mentee", mentee)):
        if not isinstance(username, str) or not username:
            errors[field] = "A username is required."
        elif username not in by_name:
            errors[field] = f"{username} is not a participant of this program."
    if not errors and mentor == mentee:
        errors["mentee"] = "A pair needs two different people."
    if errors:
        raise InvalidInput(errors)
    locked = lock_participants(by_name.values())
    mentor_row, mentee_row = locked[by_name[mentor]], locked[by_name[mentee]]
    if mentor_row.role != Role.MENTOR:
        raise InvalidInput({"mentor": f"{mentor} joined as a mentee, not a mentor."})
    if mentee_row.role != Role.MENTEE:
        raise InvalidInput({"mentee": f"{mentee} joined as a mentor, not a mentee."})
    for field, row, username in (("mentor", mentor_row, mentor), ("mentee", mentee_row, mentee)):
        if row.status != ParticipantStatus.ACTIVE:
            raise Conflict(f"{username} has withdrawn from the program.", field=field)
    enrolled = host.enrolled_user_ids([mentor_row.user_id, mentee_row.user_id], program.course_key)
    for field, row, username in (("mentor", mentor_row, mentor), ("mentee", mentee_row, mentee)):
        if row.user_id not in enrolled:
            raise Conflict(f"{username} is not enrolled in this course any more.", field=field)
    return mentor_row, mentee_row


def _free_seat(mentor: Participant) -> int:
    """The lowest seat the (locked) mentor has free, or Conflict when at capacity.

    A plain read is enough: a pair opens or ends only under the locks of both its participants,
    and the caller holds the mentor's."""
    open_pairs = Pair.objects.filter(mentor=mentor, status__in=OPEN_PAIR_STATUSES)
    taken = set(open_pairs.values_list("mentor_seat", flat=True))
    for seat in range(1, mentor.capacity + 1):
        if seat not in taken:
            return seat
    raise Conflict(
        ngettext(
            "%(mentor)s is at capacity (%(capacity)s open pair).",
            "%(mentor)s is at capacity (%(capacity)s open pairs).",
            mentor.capacity,
        )
        % {"mentor": mentor.user.username, "capacity": mentor.capacity},
        field="mentor",
    )


def create_pair(
    program: Program,
    mentor: Participant,
    mentee: Participant,
    *,
    source: str,
    score: float | None,
    explanation: Sequence[Any],
) -> Pair:
    """Insert a proposed pair of two participants ``lock_pair_participants`` locked and checked,
    in the caller's transaction: the mentee has no open pair, the mentor a free seat."""
    # Both participants are locked, so their open pairs stay as read (see _free_seat).
    if Pair.objects.filter(mentee=mentee, status__in=OPEN_PAIR_STATUSES).exists():
        raise Conflict(f"{mentee.user.username} already has an open pair.", field="mentee")
    seat = _free_seat(mentor)
    pair = guard_integrity(
        lambda: Pair.objects.create(
            program=program,
            mentor=mentor,
            mentee=mentee,
            source=source,
            score=score,
            explanation=list(explanations.normalize(explanation)),
            mentor_seat=seat,
            mentee_open=True,
            **initial_health(program),
        ),
        "Someone else paired one of these people at the same moment; reload and try again.",
    )
    events.emit("pair.proposed", program=program, pair=pair, source=source)
    return pair


@one_transaction
def propose_pair(
    program_uuid: UUID | str,
    *,
    mentor: inputs.Raw,
    mentee: inputs.Raw,
    source: str = PairSource.STAFF,
    score: float | None = None,
    explanation: Sequence[Any] = (),
) -> PairData:
    """Propose a pair of two active participants (usernames) of the program.

    Both must still be enrolled in the course; the program must be enrolling or active (a draft
    makes no pairs yet, a closed program none at all: 409). The mentee must have no open pair
    and the mentor a free seat within capacity.
    """
    inputs.clean_choice("source", source, PairSource.values())
    names = inputs.PAIR.clean({"mentor": mentor, "mentee": mentee})
    program = load.program_row(program_uuid, for_update=True)
    admission.refuse_unless_pairing(program)
    mentor_row, mentee_row = lock_pair_participants(program, names["mentor"], names["mentee"])
    pair = create_pair(program, mentor_row, mentee_row, source=source, score=score, explanation=explanation)
    return get_pair(pair.uuid)


@one_transaction
def accept_agreement(pair_uuid: UUID | str, *, user: User) -> PairData:
    """The caller accepts the program's current expectations for this pair.

    Idempotent. A proposed pair becomes active once both sides have accepted.
    """
    pair = lock_pair(pair_uuid)
    participant = load.participant_of(pair, user)
    if not pair.is_open:
        raise InvalidTransition("This pair has ended; there is nothing to accept.")
    if not policy.takes_part(participant.status):
        raise Conflict("You have withdrawn from this program.")
    version = pair.program.expectations_version
    _created_acceptance, created = AgreementAcceptance.objects.get_or_create(
        pair=pair, participant=participant, expectations_version=version
    )
    accepted = accepted_roles([pair])[pair.pk]
    if pair.status == PairStatus.PROPOSED and len(accepted) == 2:
        pair.status = PairStatus.ACTIVE
        pair.activated_at = timezone.now()
        pair.save(update_fields=["status", "activated_at", "modified"])
        events.emit("pair.activated", pair=pair)
    if created:
        events.emit("agreement.accepted", pair=pair, role=participant.role, version=version)
        refresh_health([pair.pk])
    return get_pair(pair.uuid)


def _end(pair: Pair, status: str, reason: str) -> None:
    pair.status = status
    pair.closed_at = timezone.now()
    pair.closed_reason = reason
    pair.mentee_open = None
    pair.mentor_seat = None
    for name, value in ENDED_HEALTH.items():
        setattr(pair, name, value)
    pair.save(
        update_fields=[
            "status",
            "closed_at",
            "closed_reason",
            "mentee_open",
            "mentor_seat",
            *ENDED_HEALTH,
            "modified",
        ]
    )
    cancel_plans_of([pair.pk])
    events.emit(f"pair.{status}", pair=pair)


def declined_reason(role: str) -> str:
    """The closing reason of a pair declined without one."""
    return f"Declined by the {role}."


@one_transaction
def decline_pair(pair_uuid: UUID | str, *, user: User, reason: inputs.Raw = "") -> PairData:
    """A participant declines a proposed pair. Matching never proposes it again."""
    pair = lock_pair(pair_uuid)
    participant = load.participant_of(pair, user)
    if pair.status != PairStatus.PROPOSED:
        raise InvalidTransition("Only a proposed pair can be declined; close an active one instead.")
    text = inputs.DECLINE.clean_one("reason", reason)
    _end(pair, PairStatus.DECLINED, text or declined_reason(participant.role))
    return get_pair(pair.uuid)


@one_transaction
def close_pair(pair_uuid: UUID | str, *, reason: inputs.Raw, completed: bool = False) -> PairData:
    """End an open pair with a reason; ``completed`` marks an active pair as having finished well."""
    clean = inputs.CLOSE.clean({"reason": reason, "completed": completed})
    text, completed = clean["reason"], clean["completed"]
    pair = lock_pair(pair_uuid)
    if not pair.is_open:
        raise InvalidTransition("This pair has already ended.")
    if completed and pair.status != PairStatus.ACTIVE:
        raise InvalidTransition("Only an active pair can be completed.", field="completed")
    _end(pair, PairStatus.COMPLETED if completed else PairStatus.CLOSED, text)
    return get_pair(pair.uuid)


def end_open_pairs_of(participants: Iterable[Participant], *, reason: str) -> int:
    """Close every open pair of the participants, inside the caller's transaction, which holds
    their rows' locks: the pairs are locked next, in id order, and closed if still open."""
    people = [participant.pk for participant in participants]
    pks = Pair.objects.filter(
        Q(mentor__in=people) | Q(mentee__in=people), status__in=OPEN_PAIR_STATUSES
    ).values_list("pk", flat=True)
    ended = 0
    for pair in lock_pairs(pks):
        if pair.is_open:
            _end(pair, PairStatus.CLOSED, reason)
            ended += 1
    return ended


# ---------------------------------------------------------------------------------------------
# Reading


def _with_health(rows: Iterable[Pair], *, today: dt.date | None = None) -> list[PairData]:
    """The pairs as data, their stored health in words (the stale ones recomputed first)."""
    rows = list(rows)
    refresh_stale(rows, today)
    accepted = accepted_roles(rows)
    # Only pairs whose explanation names skills need their catalog (most lists need no query).
    skill_names = catalog_names({pair.program_id for pair in rows if _names_skills(pair.explanation)})
    return [
        convert.pair_data(
            pair,
            accepted_by=accepted.get(pair.pk, ()),
            health=stored_health(pair),
            skill_names=skill_names.get(pair.program_id, {}),
        )
        for pair in rows
    ]


def _names_skills(stored: object) -> bool:
    return isinstance(stored, list) and any(
        isinstance(item, dict) and isinstance(item.get("params"), dict) and "skills" in item["params"]
        for item in stored
    )


def catalog_names(program_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """The skill catalogs of these programs, ``{program id: {slug: name}}``, in one query."""
    names: dict[int, dict[str, str]] = {}
    ids = set(program_ids)
    if ids:
        for program_id, slug, name in Skill.objects.filter(program_id__in=ids).values_list(
            "program_id", "slug", "name"
        ):
            names.setdefault(program_id, {})[slug] = name
    return names


def explanation_for(pair: PairData, viewer: Role | None) -> list[str]:
    """Why the pair was matched, in words for ``viewer`` (its mentor or mentee; None: staff),
    in the active language (issue 12)."""
    return explanations.render_reasons(
        pair.reasons,
        viewer=viewer,
        mentor=pair.mentor.username,
        mentee=pair.mentee.username,
        skill_names=pair.skill_names,
    )


def viewer_of(pair: PairData, user_id: int | None) -> Role | None:
    """The pair's role of the user, or None for anyone else (staff)."""
    if user_id is not None and user_id == pair.mentor.user_id:
        return Role.MENTOR
    if user_id is not None and user_id == pair.mentee.user_id:
        return Role.MENTEE
    return None


def get_pair(pair_uuid: UUID | str) -> PairData:
    """One pair with who accepted and its health."""
    try:
        row = _pairs().get(uuid=load.parse_uuid(pair_uuid, "pair"))
    except Pair.DoesNotExist:
        raise NotFound("No such pair.") from None
    return _with_health([row])[0]


def _pairs(program: Program | None = None) -> QuerySet[Pair]:
    """Pairs to read as data: with their program and people, only the columns that needs. One
    program's pairs are read through its related manager, which hands every row that program (no
    join, and no program built again for each row)."""
    if program is None:
        return Pair.objects.select_related(*load.PAIR_RELATED).only(*load.PAIR_READ_FIELDS)
    return program.pairs.select_related(*load.PAIR_PEOPLE).only(*load.PAIR_PEOPLE_FIELDS)


def _involving(queryset: QuerySet[Pair], user_id: int) -> QuerySet[Pair]:
    return queryset.filter(Q(mentor__user_id=user_id) | Q(mentee__user_id=user_id))


def _program_pair_rows(
    program: UUID | str | Program,
    *,
    user_id: int | None,
    statuses: Sequence[str] | None,
    health: str | None = None,
    fresh: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Pair]:
    """The one query of a program's pairs (only ``user_id``'s when given, of some statuses, of
    one stored ``health`` status): the list and the paginated listing both read it. A ``health``
    filter (or ``fresh``, for a sort on it) first recomputes the program's stale rows (one query
    when none is). ``program``: its uuid, or its row when the caller has loaded it already."""
    if not isinstance(program, Program):
        program = load.program_row(program)
    queryset = _pairs(program)
    if user_id is not None:
        queryset = _involving(queryset, user_id)
    if statuses:
        queryset = queryset.filter(
            status__in=[inputs.clean_choice("status", s, PairStatus.values()) for s in statuses]
        )
    if health:
        inputs.clean_choice("health", health, [status.value for status in HealthStatus])
        queryset = queryset.filter(health_status=health)
    if health or fresh:
        refresh_stale_of_program(program.pk, today)
    return queryset


def _user_pair_rows(user: User, *, course_key: CourseKey | str | None = None) -> QuerySet[Pair]:
    """The one query of a user's pairs in every program (or one course): the list and the
    paginated listing both read it."""
    queryset = _involving(_pairs(), user.pk)
    if course_key is not None:
        queryset = queryset.filter(program__course_key=inputs.parse_course_key(course_key))
    return queryset


def pairs_of_program(
    program_uuid: UUID | str,
    *,
    user_id: int | None = None,
    statuses: Sequence[str] | None = None,
    health: str | None = None,
    today: dt.date | None = None,
) -> list[PairData]:
    """A program's pairs (only ``user_id``'s when given; of one ``health`` status, filtered in
    SQL), newest first, in a fixed number of queries."""
    rows = _program_pair_rows(program_uuid, user_id=user_id, statuses=statuses, health=health, today=today)
    return _with_health(rows, today=today)


def pairs_of_user(
    user: User, *, course_key: CourseKey | str | None = None, today: dt.date | None = None
) -> list[PairData]:
    """Every pair the user is part of, in every program (or one course)."""
    return _with_health(_user_pair_rows(user, course_key=course_key), today=today)


def open_pair_of(program_uuid: UUID | str, user: User) -> PairData | None:
    """The user's open pair in a program, if any (a mentor may have several: the newest)."""
    for pair in pairs_of_program(program_uuid, user_id=user.pk, statuses=OPEN_PAIR_STATUSES):
        return pair
    return None


def health_counts(program_uuid: UUID | str, *, today: dt.date | None = None) -> dict[str, int]:
    """Open pairs of a program by stored health status, plus ``total``: one grouped query (and
    one more when some rows are stale, to recompute them first)."""
    program = load.program_row(program_uuid)
    return counts_by_health(program.pk, today=today)


#: The column each ``ordering`` of the pair list sorts by; the newest pair first breaks ties.
_PAIR_SORT = {
    "mentor": "mentor__user__username",
    "mentee": "mentee__user__username",
    "status": "status",
    "created": "id",  # ids grow with creation time and are the primary key: no sort of the table
}

#: Worst first: at risk, needing attention, on track, then pairs without health (ended).
_HEALTH_RANK = Case(
    *(When(health_status=status.value, then=Value(-status.rank)) for status in HealthStatus),
    default=Value(1),
    output_field=IntegerField(),
)


def pair_listing_for(
    user: Any,
    program_uuid: UUID | str,
    *,
    statuses: Sequence[str] | None = None,
    health: str | None = None,
    search: inputs.Raw = None,
    ordering: inputs.Raw = None,
    today: dt.date | None = None,
) -> Listing[Pair, PairData]:
    """The pairs of a program that ``user`` may list (``programs.listing_scope``: the course's
    managers every pair, anyone else who may see the program their own), for paginated edges:
    only the requested slice is read and converted, and the program is read once for the decision
    and the listing (ADR 0023).

    ``search`` finds the pairs whose mentor's or mentee's username contains the text (any case);
    ``ordering`` is one of ``PAIR_ORDERINGS``, ``-`` before it reversing it (by default: newest
    first). Both are checked (a 400 naming ``search`` or ``ordering``). The ``health`` filter and
    order read the stored health in SQL (worst first, ended pairs last; ADR 0016).
    """
    program = load.program_row(program_uuid)
    scope = listing_scope(user, convert.program_data(program))
    text = inputs.clean_search("search", search)
    order = inputs.clean_ordering("ordering", ordering, PAIR_ORDERINGS)
    key, descending = order if order is not None else ("created", True)
    rows = _program_pair_rows(
        program,
        user_id=None if scope is policy.Scope.ALL else user.pk,
        statuses=statuses,
        health=health,
        fresh=key == "health",
        today=today,
    )
    if text:
        rows = rows.filter(
            Q(mentor__user__username__icontains=text) | Q(mentee__user__username__icontains=text)
        )
    # A page's rows are read by id from the program's pairs, without the filters and order again.
    page_rows = _pairs(program)
    if key == "health":
        rank = _HEALTH_RANK.desc() if descending else _HEALTH_RANK.asc()
        return Listing(
            rows.order_by(rank, "-id"), lambda page: _with_health(page, today=today), rows=page_rows
        )
    # Newest first by id: the database walks the primary key backwards and stops after a page,
    # where ordering by ``created`` would sort every pair of the program for each page.
    column = _PAIR_SORT[key]
    rows = rows.order_by(f"-{column}" if descending else column, *(["-id"] if key != "created" else []))
    return Listing(rows, lambda page: _with_health(page, today=today), rows=page_rows)


def pair_listing_of_user(user: User, *, today: dt.date | None = None) -> Listing[Pair, PairData]:
    """``pairs_of_user`` for paginated edges, newest first."""
    return Listing(
        _user_pair_rows(user).order_by("-id"), lambda page: _with_health(page, today=today), rows=_pairs()
    )


__all__ = [
    "accept_agreement",
    "close_pair",
    "create_pair",
    "decline_pair",
    "declined_reason",
    "end_open_pairs_of",
    "get_pair",
    "health_counts",
    "lock_pair_participants",
    "open_pair_of",
    "pair_listing_for",
    "pair_listing_of_user",
    "pairs_of_program",
    "pairs_of_user",
    "propose_pair",
]
