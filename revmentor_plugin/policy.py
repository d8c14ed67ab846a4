"""Who may see or change what: the one place that decides, for every caller.

The REST API, the XBlocks and the course staff page ask ``allows(user, action, target)`` or,
for lists, the ``*_scope`` functions, and nothing else. The rules (docs/DESIGN.md §2 and §3, ADR 0003):

* Operators (global staff, superusers) see and manage every program and pair, and read
  pair-only content (session notes, pair-visibility reflections) for support. They do not read
  private reflections or raw pulse answers: those belong to their author everywhere.
* Course staff (staff or instructor role on the program's course) manage the course's programs
  and see every pair's metadata and health, and reflections shared with staff; never session
  notes, pair-visibility or private reflections, or raw pulse answers.
* Participants see their program, their own profile and their own pairs, and act in their open
  pairs. A partner sees pair- and staff-visibility reflections, and, once both have accepted
  the agreement (the pair is active), the other's name and email (ADR 0014); nobody else does.
* Enrolled learners see programs that are enrolling or active and may join them; anyone else
  sees nothing (edges answer 404, so existence does not leak).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard, cast

from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host
from revmentor_plugin.data import (
    JOINABLE_PROGRAM_STATUSES,
    LEARNER_VISIBLE_PROGRAM_STATUSES,
    OPEN_PAIR_STATUSES,
    PairData,
    PairStatus,
    ParticipantData,
    ParticipantStatus,
    ProgramData,
    ProgramStatus,
    PulseData,
    ReflectionData,
)
from revmentor_plugin.models import Pair, Participant

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    #: Whoever asks: a signed-in user, the anonymous user of a request, or no user at all (a
    #: runtime that could not tell). The user model is the host's ``AUTH_USER_MODEL``, which is
    #: ``auth.User`` in Open edX; only names for annotations, so nothing is imported at run time.
    Viewer: TypeAlias = User | AnonymousUser | None
    #: What ``allows`` decides about: the data class of the action's kind of object.
    Target: TypeAlias = ProgramData | ParticipantData | PairData | ReflectionData | PulseData

#: Programs an enrolled learner sees (and a block shows) before taking part: enrolling and active.
VISIBLE_TO_LEARNERS = LEARNER_VISIBLE_PROGRAM_STATUSES
#: Programs a learner may join.
JOINABLE = JOINABLE_PROGRAM_STATUSES
#: The pairs a participant works in, the ones the blocks show first: proposed and active.
LEARNER_OPEN_PAIR_STATUSES = OPEN_PAIR_STATUSES


class Action(enum.StrEnum):
    VIEW_PROGRAM = "view_program"
    MANAGE_PROGRAM = "manage_program"  # edit, skills, participants, matching, pairs by hand, report
    JOIN_PROGRAM = "join_program"
    VIEW_PARTICIPANT = "view_participant"
    CHANGE_PARTICIPANT = "change_participant"  # edit profile, withdraw
    VIEW_PRIVATE_PROFILE = "view_private_profile"  # self-description, reminder opt-out
    CHANGE_PRIVATE_PROFILE = "change_private_profile"
    VIEW_PAIR = "view_pair"
    ACT_IN_PAIR = "act_in_pair"  # accept, decline, goals, sessions, planned sessions, reflections, pulse
    CLOSE_PAIR = "close_pair"
    VIEW_SESSION_NOTES = "view_session_notes"  # and a planned session's place or link: pair-only too
    VIEW_PARTNER_CONTACT = "view_partner_contact"  # the partner's name and email (ADR 0014)
    VIEW_REFLECTION = "view_reflection"
    VIEW_PULSE = "view_pulse"


class Scope(enum.StrEnum):
    """How much of a list a viewer may read."""

    ALL = "all"
    OWN = "own"
    NONE = "none"


def _authenticated(user: Viewer) -> TypeGuard[User]:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_operator(user: Viewer) -> bool:
    return _authenticated(user) and host.is_global_staff(user)


def manages_course(user: Viewer, course_key: CourseKey) -> bool:
    """Operators and the course's staff and instructors."""
    return _authenticated(user) and (host.is_global_staff(user) or host.is_course_staff(user, course_key))


def authors_blocks(user: Viewer, course_key: CourseKey | None) -> bool:
    """Who may change a block's settings (Studio's Save, ``submit_studio_edits``): the staff of
    the block's course (``manages_course``); for a block outside any course (the XBlock
    workbench, a library), only operators, since there is no course staff to ask about.

    The same rule in every runtime: the LMS routes any handler name of a block to any enrolled
    learner, and Studio (which also checks write access before it saves) tells the block only
    who the user is (docs/host-contract.rst).
    """
    if course_key is None:
        return is_operator(user)
    return manages_course(user, course_key)


def _participates(user: User, program: ProgramData) -> bool:
    return Participant.objects.filter(program_id=program.id, user_id=user.pk).exists()


def _view_program(user: User, program: ProgramData) -> bool:
    if manages_course(user, program.course_key):
        return True
    if _participates(user, program):
        return True
    return program.status in VISIBLE_TO_LEARNERS and host.is_enrolled(user, program.course_key)


def _join_program(user: User, program: ProgramData) -> bool:
    """Enrolled learners of a program that is not a draft. A closed one is theirs to try: the
    service refuses it with 409 and the reason (only a former participant still sees it)."""
    return program.status != ProgramStatus.DRAFT and host.is_enrolled(user, program.course_key)


def _own_participant(user: User, participant: ParticipantData) -> bool:
    return participant.user_id == user.pk or manages_course(user, participant.course_key)


PRIVATE_PROFILE_FIELDS = ("self_description", "reminders_opt_out")


def owns_private_profile(user: Viewer, user_id: int) -> bool:
    """The optional self-description and the reminder switch are the participant's alone: not
    even course staff or operators read or set them (also for a participant not yet created)."""
    return _authenticated(user) and user.pk == user_id


def _private_profile(user: User, participant: ParticipantData) -> bool:
    return owns_private_profile(user, participant.user_id)


def pair_member(pair: Pair, user: Viewer) -> Participant | None:
    """The user's own side of a pair row (loaded with its mentor and mentee), or None for anyone
    else: the services' membership test for every action inside a pair."""
    user_id = getattr(user, "pk", None)
    return next((side for side in (pair.mentor, pair.mentee) if side.user_id == user_id), None)


def takes_part(participant_status: str) -> bool:
    """Whether a participant with this status still acts in their pairs: not once withdrawn."""
    return participant_status == ParticipantStatus.ACTIVE


def _in_pair(user: User, pair: PairData) -> bool:
    return pair.side_of(user.pk) is not None


def _act_in_pair(user: User, pair: PairData) -> bool:
    role = pair.side_of(user.pk)
    if role is None:
        return False
    status = (
        Participant.objects.filter(pk=pair.person(role).participant_id)
        .values_list("status", flat=True)
        .first()
    )
    return status is not None and takes_part(status)


def _view_pair(user: User, pair: PairData) -> bool:
    return _in_pair(user, pair) or manages_course(user, pair.course_key)


def _close_pair(user: User, pair: PairData) -> bool:
    return _in_pair(user, pair) or manages_course(user, pair.course_key)


def _view_notes(user: User, pair: PairData) -> bool:
    return _in_pair(user, pair) or is_operator(user)


def _view_partner_contact(user: User, pair: PairData) -> bool:
    """The two members of an active pair, each about the other: not before both have accepted
    the agreement, not after the pair ends, and never course staff or operators (ADR 0014). Not
    someone acting as the member either (course staff viewing the course as the learner)."""
    return pair.status == PairStatus.ACTIVE and _in_pair(user, pair) and not host.someone_else_acts_as(user)


def _view_reflection(user: User, reflection: ReflectionData, pair: PairData) -> bool:
    if reflection.author_user_id == user.pk:
        return True
    if reflection.visibility == "private":
        return False
    if _in_pair(user, pair) or is_operator(user):
        return True
    return reflection.visibility == "staff" and host.is_course_staff(user, pair.course_key)


def _view_pulse(user: User, pulse: PulseData) -> bool:
    return pulse.author_user_id == user.pk


# Each rule takes the data class its action is about; ``allows`` dispatches by action, so the
# target's type is per entry (``Any`` here, the ``Target`` union at the caller).
_RULES: dict[Action, Callable[[User, Any], bool]] = {
    Action.VIEW_PROGRAM: _view_program,
    Action.MANAGE_PROGRAM: lambda user, program: manages_course(user, program.course_key),
    Action.JOIN_PROGRAM: _join_program,
    Action.VIEW_PARTICIPANT: _own_participant,
    Action.CHANGE_PARTICIPANT: _own_participant,
    Action.VIEW_PRIVATE_PROFILE: _private_profile,
    Action.CHANGE_PRIVATE_PROFILE: _private_profile,
    Action.VIEW_PAIR: _view_pair,
    Action.ACT_IN_PAIR: _act_in_pair,
    Action.CLOSE_PAIR: _close_pair,
    Action.VIEW_SESSION_NOTES: _view_notes,
    Action.VIEW_PARTNER_CONTACT: _view_partner_contact,
    Action.VIEW_PULSE: _view_pulse,
}


def allows(user: Viewer, action: Action, target: Target, *, pair: PairData | None = None) -> bool:
    """Whether ``user`` may do ``action`` on ``target``.

    ``VIEW_REFLECTION`` also needs the reflection's ``pair``. Anonymous and inactive users are
    never allowed anything.
    """
    if not _authenticated(user):
        return False
    if action is Action.VIEW_REFLECTION:
        if pair is None:
            raise TypeError("VIEW_REFLECTION needs the reflection's pair")
        return _view_reflection(user, cast(ReflectionData, target), pair)
    return bool(_RULES[action](user, target))


def program_scope(user: Viewer, course_key: CourseKey) -> Scope:
    """Which programs of a course a user may list: all (staff), the visible ones, or none."""
    if not _authenticated(user):
        return Scope.NONE
    if manages_course(user, course_key):
        return Scope.ALL
    return Scope.OWN


def acted_for_by_someone_else(user: Viewer) -> bool:
    """True when someone else, such as course staff viewing the course as this learner, is
    behind a request made as ``user``. Nothing of the learner's pairs is shown to them, and
    nothing is done in the learner's name (ADR 0003: private means private, staff included)."""
    return _authenticated(user) and host.someone_else_acts_as(user)


def learner_may_list(user: Viewer, course_key: CourseKey) -> bool:
    """Enrolled learners also see the course's enrolling and active programs."""
    return _authenticated(user) and host.is_enrolled(user, course_key)


def pair_scope(user: Viewer, program: ProgramData) -> Scope:
    """Pairs of a program a user may list: staff all, participants their own."""
    if not _authenticated(user):
        return Scope.NONE
    if manages_course(user, program.course_key):
        return Scope.ALL
    return Scope.OWN


def participant_scope(user: Viewer, program: ProgramData) -> Scope:
    """Participants of a program a user may list: staff all, a learner only themselves."""
    return pair_scope(user, program)


def visible_reflection_visibilities(user: Viewer, pair: PairData) -> tuple[str, ...] | None:
    """Besides their own, which visibilities of others' reflections the user may read in a pair.

    None means the user may not read the pair's reflections at all.
    """
    if not _authenticated(user):
        return None
    if _in_pair(user, pair) or is_operator(user):
        return ("pair", "staff")
    if host.is_course_staff(user, pair.course_key):
        return ("staff",)
    return None


# ---------------------------------------------------------------------------------------------
# Answers the edges used to work out themselves (issue 11).


def own_scope(user: Viewer) -> Scope:
    """What a caller may list of their own across courses (their programs, their pairs): all of
    it, or nothing for an anonymous or inactive account (ADR 0003: an inactive account is
    refused everything, though the platform's authentication lets it in)."""
    return Scope.OWN if _authenticated(user) else Scope.NONE


def private_fields_refused(
    user: Viewer, participant_user_id: int | None, changes: Iterable[str]
) -> list[str]:
    """The private profile fields among ``changes`` that ``user`` may not set for the participant
    whose account is ``participant_user_id`` (None: someone other than the caller, not a
    participant yet), sorted. Only the participant sets them, not even course staff
    (``owns_private_profile``); an empty list means the change may go ahead."""
    if participant_user_id is not None and owns_private_profile(user, participant_user_id):
        return []
    return sorted(set(changes) & set(PRIVATE_PROFILE_FIELDS))


def hidden_profile_fields(user: Viewer, participant: ParticipantData) -> tuple[str, ...]:
    """The private profile fields to leave out when ``participant`` is shown to ``user``
    (everyone but the participant themselves: ``Action.VIEW_PRIVATE_PROFILE``)."""
    return () if allows(user, Action.VIEW_PRIVATE_PROFILE, participant) else PRIVATE_PROFILE_FIELDS


__all__ = [
    "JOINABLE",
    "LEARNER_OPEN_PAIR_STATUSES",
    "VISIBLE_TO_LEARNERS",
    "Action",
    "Scope",
    "acted_for_by_someone_else",
    "allows",
    "authors_blocks",
    "hidden_profile_fields",
    "is_operator",
    "learner_may_list",
    "manages_course",
    "own_scope",
    "owns_private_profile",
    "pair_member",
    "pair_scope",
    "participant_scope",
    "private_fields_refused",
    "program_scope",
    "takes_part",
    "visible_reflection_visibilities",
]
