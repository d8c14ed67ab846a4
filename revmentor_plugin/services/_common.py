"""Helpers shared by the service modules: loading by external id, converting to data.

Private to ``services``: nothing outside the package imports this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar, overload
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host, policy
from revmentor_plugin.data import (
    GoalData,
    GoalStatus,
    Health,
    PairData,
    PairSource,
    PairStatus,
    ParticipantData,
    ParticipantStatus,
    PersonRef,
    ProgramData,
    ProgramStatus,
    PulseData,
    ReflectionData,
    Role,
    SessionData,
    SessionMode,
    SkillData,
    Visibility,
)
from revmentor_plugin.models import Goal, Pair, Participant, Program, PulseCheck, Reflection, SessionLog
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound

if TYPE_CHECKING:
    from django.contrib.auth.models import User

T = TypeVar("T")
M = TypeVar("M", bound=Model)
D = TypeVar("D")


# ---------------------------------------------------------------------------------------------
# Input checks live in ``inputs``, the one place both edges use.


def parse_uuid(value: UUID | str, what: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise NotFound(f"No such {what}.") from None


# ---------------------------------------------------------------------------------------------
# Who may come into a program, and when.
#
# The rule is the one joining has always had, and every way in applies it here, in the services:
# a participant (whoever adds them: themselves, staff, a CSV import) and a participant's manager
# are active learners enrolled in the program's course. An unknown username and a user who is not
# enrolled get the same answer, so no path tells course staff about accounts outside their course.


def not_enrolled(username: str) -> str:
    """The one message for "no such user" and "not enrolled in this course" (no oracle)."""
    return f"No learner named {username!r} is enrolled in this course."


def is_enrolled(user: User | None, course_key: CourseKey) -> bool:
    return bool(getattr(user, "is_active", False) and host.is_enrolled(user, course_key))


def user_or_error(username: object, course_key: CourseKey, field: str = "username") -> User:
    """The active user ``username`` if enrolled in the course; otherwise one message for all."""
    if not isinstance(username, str) or not username:
        raise InvalidInput({field: "A username is required."})
    user = host.enrolled_users_by_username([username], course_key).get(username)
    if user is None:
        raise InvalidInput({field: not_enrolled(username)})
    return user


def refuse_closed(program: Program, what: str) -> None:
    """A closed program takes nothing new: no participants, imports, pairs or matching runs."""
    if program.status == ProgramStatus.CLOSED:
        raise InvalidTransition(f"This program is closed, so it takes no {what}.")


def refuse_unless_pairing(program: Program) -> None:
    """Pairs (by hand or published from a run) are made while a program is enrolling or active.

    A draft is staff's preparation: participants may be added and imported and matching
    previewed, but nobody is asked to accept a pair until learners can see the program.
    """
    refuse_closed(program, "new pairs")
    if program.status == ProgramStatus.DRAFT:
        raise InvalidTransition("This program is still a draft: open it for enrolment before making pairs.")


def guard_integrity(func: Callable[[], T], message: str, *, field: str | None = None) -> T:
    """Run ``func`` in a savepoint; a lost race on a constraint becomes a ``Conflict``."""
    try:
        with transaction.atomic():
            return func()
    except IntegrityError:
        raise Conflict(message, field=field) from None


# ---------------------------------------------------------------------------------------------
# Loading by external id, with the related rows every conversion needs.


def program_row(program_uuid: UUID | str, *, for_update: bool = False) -> Program:
    queryset = Program.objects.all()
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(uuid=parse_uuid(program_uuid, "program"))
    except Program.DoesNotExist:
        raise NotFound("No such program.") from None


PAIR_RELATED = ("program", "mentor__user", "mentee__user")


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


# ---------------------------------------------------------------------------------------------
# Conversions. Callers prefetch what these read, so a list costs a fixed number of queries.


def program_data(program: Program, *, with_skills: bool = False) -> ProgramData:
    skills: tuple[SkillData, ...] = ()
    if with_skills:
        skills = tuple(SkillData(slug=s.slug, name=s.name) for s in program.skills.all())
    return ProgramData(
        id=program.pk,
        uuid=program.uuid,
        course_key=program.course_key,
        name=program.name,
        description=program.description,
        organizational_outcome=program.organizational_outcome,
        expectations=program.expectations,
        expectations_version=program.expectations_version,
        cadence_days=program.cadence_days,
        status=ProgramStatus(program.status),
        mentor_label=program.mentor_label,
        mentee_label=program.mentee_label,
        default_capacity=program.default_capacity,
        start_date=program.start_date,
        end_date=program.end_date,
        matching_weights=dict(program.matching_weights or {}),
        diversity_enabled=program.diversity_enabled,
        skills=skills,
    )


def participant_data(participant: Participant) -> ParticipantData:
    program = participant.program
    return ParticipantData(
        id=participant.pk,
        program_uuid=program.uuid,
        course_key=program.course_key,
        user_id=participant.user_id,
        username=participant.user.username,
        role=Role(participant.role),
        status=ParticipantStatus(participant.status),
        skills_offered=tuple(sorted(s.slug for s in participant.skills_offered.all())),
        skills_sought=tuple(sorted(s.slug for s in participant.skills_sought.all())),
        interests=tuple(participant.interests or ()),
        languages=tuple(participant.languages or ()),
        timezone=participant.timezone,
        capacity=participant.capacity,
        seniority=participant.seniority,
        department=participant.department,
        manager=participant.manager.username if participant.manager is not None else None,
        learning_preferences=participant.learning_preferences,
        motivations=participant.motivations,
        self_description=dict(participant.self_description or {}),
        reminders_opt_out=participant.reminders_opt_out,
        created=participant.created,
    )


PARTICIPANT_RELATED = ("program", "user", "manager")
PARTICIPANT_PREFETCH = ("skills_offered", "skills_sought")


def person_ref(participant: Participant) -> PersonRef:
    return PersonRef(
        participant_id=participant.pk,
        user_id=participant.user_id,
        username=participant.user.username,
        role=Role(participant.role),
    )


def pair_data(pair: Pair, *, accepted_by: tuple[Role, ...] = (), health: Health | None = None) -> PairData:
    return PairData(
        id=pair.pk,
        uuid=pair.uuid,
        program_uuid=pair.program.uuid,
        course_key=pair.program.course_key,
        mentor=person_ref(pair.mentor),
        mentee=person_ref(pair.mentee),
        status=PairStatus(pair.status),
        source=PairSource(pair.source),
        score=pair.score,
        explanation=tuple(pair.explanation or ()),
        accepted_by=accepted_by,
        health=health,
        created=pair.created,
        activated_at=pair.activated_at,
        closed_at=pair.closed_at,
        closed_reason=pair.closed_reason,
    )


def goal_data(goal: Goal, pair_uuid: UUID) -> GoalData:
    return GoalData(
        id=goal.pk,
        pair_uuid=pair_uuid,
        owner=Role(goal.owner),
        title=goal.title,
        details=goal.details,
        skill=goal.skill.slug if goal.skill is not None else None,
        usage_key=goal.usage_key,
        target_date=goal.target_date,
        status=GoalStatus(goal.status),
        progress=goal.progress,
        created=goal.created,
        modified=goal.modified,
    )


def session_data(session: SessionLog, pair_uuid: UUID) -> SessionData:
    return SessionData(
        id=session.pk,
        pair_uuid=pair_uuid,
        occurred_on=session.occurred_on,
        duration_minutes=session.duration_minutes,
        mode=SessionMode(session.mode),
        led_by=Role(session.led_by),
        skills=tuple(sorted(s.slug for s in session.skills.all())),
        goals=tuple(sorted(g.pk for g in session.goals.all())),
        notes=session.notes,
        logged_by=Role(session.logged_by.role),
        logged_by_username=session.logged_by.user.username,
        confirmed=session.confirmed_at is not None,
        confirmed_at=session.confirmed_at,
        created=session.created,
    )


def reflection_data(reflection: Reflection, pair_uuid: UUID) -> ReflectionData:
    return ReflectionData(
        id=reflection.pk,
        pair_uuid=pair_uuid,
        author_user_id=reflection.author.user_id,
        author=reflection.author.user.username,
        author_role=Role(reflection.author.role),
        prompt=reflection.prompt,
        body=reflection.body,
        visibility=Visibility(reflection.visibility),
        session=reflection.session_id,
        created=reflection.created,
    )


def pulse_data(pulse: PulseCheck, pair_uuid: UUID) -> PulseData:
    return PulseData(
        id=pulse.pk,
        pair_uuid=pair_uuid,
        author_user_id=pulse.author.user_id,
        author_role=Role(pulse.author.role),
        trust=pulse.trust,
        comfort=pulse.comfort,
        career_support=pulse.career_support,
        psychosocial_support=pulse.psychosocial_support,
        role_modeling=pulse.role_modeling,
        created=pulse.created,
    )


# ---------------------------------------------------------------------------------------------
# Lazy, sliceable lists for paginated edges.


class Listing(Generic[M, D]):
    """A list of data classes read one slice at a time: ``count()`` is one query, and a slice
    loads and converts only its rows (plus the fixed queries ``convert`` needs for them).

    Django's ``Paginator`` (and so DRF's pagination) accepts any object with ``count()`` and
    slicing, so a REST page of 20 never converts the other 4,980 rows.
    """

    def __init__(self, queryset: QuerySet[M], convert: Callable[[list[M]], list[D]]):
        self._queryset = queryset
        self._convert = convert

    def count(self) -> int:
        return self._queryset.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> D: ...
    @overload
    def __getitem__(self, index: slice) -> list[D]: ...
    def __getitem__(self, index: int | slice) -> D | list[D]:
        if isinstance(index, slice):
            # The page's ids first (an index-only read the database stops after one page), then
            # those rows with their joins: sorting the joined rows of a whole program for every
            # page costs MariaDB tens of milliseconds at 5,000 pairs.
            ids = list(self._queryset.values_list("pk", flat=True)[index])
            rows = {row.pk: row for row in self._queryset.filter(pk__in=ids)} if ids else {}
            return self._convert([rows[pk] for pk in ids if pk in rows])
        return self._convert([self._queryset[index]])[0]

    def __iter__(self) -> Iterator[D]:
        return iter(self._convert(list(self._queryset)))
