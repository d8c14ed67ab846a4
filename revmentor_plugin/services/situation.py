"""Which program a block shows, and what situation its viewer is in.

Every block view and handler starts here (docs/DESIGN.md §4: the block keeps only the
runtime's parts: who the user is, where the block sits, its settings). The answer is a frozen
:class:`~revmentor_plugin.data.Situation`: a state from :class:`~revmentor_plugin.data.ViewerState`
and what goes with it. Who may see what is asked of ``policy``; the lists come from the other
services, in a fixed number of queries whatever the number of programs or pairs
(``tests/xblocks/test_queries.py``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import policy
from revmentor_plugin.data import (
    PairData,
    PairStatus,
    ProgramData,
    ProgramStatus,
    Situation,
    ViewerState,
)
from revmentor_plugin.services.errors import NotFound
from revmentor_plugin.services.pairs import pairs_of_program
from revmentor_plugin.services.participants import participant_for_user
from revmentor_plugin.services.programs import get_program, programs_in_course, programs_of_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def block_program(
    user: User | None, *, course_key: CourseKey | None, program_id: str
) -> ProgramData | ViewerState:
    """The program a block shows, or the state that explains why there is none.

    A program named in the block's settings (``program_id``) must belong to the block's course.
    Without one, the course's only program is shown; among several, the only one open to
    learners, else the only one the viewer takes part in. Outside a course (a content library's
    preview, the XBlock workbench) only a named program gives the block anything to show.
    """
    if program_id:
        try:
            program = get_program(program_id)
        except NotFound:
            return ViewerState.PROGRAM_NOT_FOUND
        if course_key is not None and program.course_key != course_key:
            return ViewerState.PROGRAM_NOT_FOUND
        return program
    if course_key is None:  # outside a course only a named program shows anything
        return ViewerState.OUTSIDE_COURSE
    programs = programs_in_course(course_key)
    if not programs:
        return ViewerState.NO_PROGRAM
    if len(programs) == 1:
        return programs[0]
    running = [p for p in programs if p.status in policy.VISIBLE_TO_LEARNERS]
    if len(running) == 1:
        return running[0]
    mine = programs_of_user(user, course_key) if user is not None else []
    if len(mine) == 1:
        return mine[0]
    return ViewerState.AMBIGUOUS


def viewer_situation(
    user: User | None,
    *,
    course_key: CourseKey | None,
    program_id: str,
    selected_pair: str,
    needs_active_pair: bool,
) -> Situation:
    """The viewer's situation before a block.

    ``user`` is the active account behind the request (None when anonymous); ``course_key`` the
    block's course (None outside one); ``program_id`` the block's Program setting (empty: find it
    from the course); ``selected_pair`` the uuid of the open pair a mentor with several chose to
    see (empty: the newest); ``needs_active_pair`` False for the one block that lets a learner
    join (pairing), whose viewers without a participation are then in ``JOIN`` not ``NOT_JOINED``.
    """
    if user is None:
        return Situation(ViewerState.ANONYMOUS)
    if policy.acted_for_by_someone_else(user):
        return Situation(ViewerState.VIEWED_AS, user=user)
    if course_key is None and not program_id:
        return Situation(ViewerState.OUTSIDE_COURSE, user=user)
    program = block_program(user, course_key=course_key, program_id=program_id)
    if isinstance(program, ViewerState):
        is_staff = course_key is not None and policy.manages_course(user, course_key)
        return Situation(program, user=user, course_key=course_key, is_staff=is_staff)
    course_key = program.course_key
    if policy.manages_course(user, course_key):
        return Situation(
            ViewerState.STAFF,
            user=user,
            course_key=course_key,
            program=program,
            is_staff=True,
        )
    participant = participant_for_user(program.uuid, user)
    if participant is None:
        return Situation(
            _outsider_state(user, program, needs_active_pair),
            user=user,
            course_key=course_key,
            program=program,
        )
    base = Situation(
        ViewerState.NO_PARTNER,
        user=user,
        course_key=course_key,
        program=program,
        participant=participant,
        role=participant.role,
    )
    if not policy.takes_part(participant.status):
        return replace(base, state=ViewerState.WITHDRAWN)
    pairs = pairs_of_program(program.uuid, user_id=user.pk)
    open_pairs = tuple(p for p in pairs if p.status in policy.LEARNER_OPEN_PAIR_STATUSES)
    if open_pairs:
        pair = _chosen(open_pairs, selected_pair)
        state = ViewerState.ACTIVE if pair.status == PairStatus.ACTIVE else ViewerState.PENDING
        return replace(base, state=state, pair=pair, open_pairs=open_pairs)
    if pairs:
        return replace(base, state=ViewerState.CLOSED, pair=pairs[0])
    return base


def situation_for_block(situation: Situation, *, needs_active_pair: bool) -> Situation:
    """``situation`` as a block with the other ``needs_active_pair`` sees it: the viewer's
    situation is the same before every block of a unit but for this one thing, a viewer free to
    join is in ``JOIN`` before the pairing block and in ``NOT_JOINED`` before the others (see
    :func:`viewer_situation`). Lets a unit's blocks share one situation."""
    if situation.state in (ViewerState.JOIN, ViewerState.NOT_JOINED):
        return replace(situation, state=ViewerState.NOT_JOINED if needs_active_pair else ViewerState.JOIN)
    return situation


def _outsider_state(user: User, program: ProgramData, needs_active_pair: bool) -> ViewerState:
    """A viewer who has never taken part in the program: may they join, and if not, why not."""
    if not policy.learner_may_list(user, program.course_key):
        return ViewerState.NOT_ENROLLED
    if program.status == ProgramStatus.DRAFT:
        return ViewerState.NOT_OPEN
    if program.status not in policy.JOINABLE:
        return ViewerState.PROGRAM_CLOSED
    return ViewerState.NOT_JOINED if needs_active_pair else ViewerState.JOIN


def _chosen(open_pairs: tuple[PairData, ...], selected_pair: str) -> PairData:
    """The open pair the viewer chose to see, else the newest."""
    return next((p for p in open_pairs if str(p.uuid) == selected_pair), open_pairs[0])
