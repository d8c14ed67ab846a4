"""What a block says in the situations where it shows a message instead of its work.

One table: each :class:`~revmentor_plugin.data.ViewerState` with its heading and message, marked
for translation here and translated when shown (``gettext`` at render time, in the viewer's
language). Course staff get their own words where they can fix the situation; a few messages
name the program, the partner or the viewer, filled in from the situation.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmentor_plugin.data import PairStatus, Situation, ViewerState

_NOT_OPEN = (
    gettext_noop("Not open yet"),
    gettext_noop("The mentoring program of this course is not open yet. Check back later."),
)

#: (heading, message) of every situation that shows a message; ``%(name)s`` placeholders are
#: filled in by ``STATE_VALUES``.
STATE_MESSAGES: dict[ViewerState, tuple[str, str]] = {
    ViewerState.ANONYMOUS: (
        gettext_noop("Sign in to take part"),
        gettext_noop(
            "This is where participants of the course's reverse-mentoring program work with their "
            "partner. Sign in and enroll in the course to take part."
        ),
    ),
    ViewerState.VIEWED_AS: (
        gettext_noop("Viewing as %(username)s"),
        gettext_noop(
            "A learner's mentoring pair, goals, session notes and reflections are theirs: they are "
            "not shown to anyone viewing the course as them, course staff included. Every pair's "
            "health is on the reverse-mentoring page of the Instructor Dashboard."
        ),
    ),
    ViewerState.OUTSIDE_COURSE: (
        gettext_noop("Preview"),
        gettext_noop(
            "This block works inside a course: it finds the course's mentoring program and shows "
            "each learner their own pair."
        ),
    ),
    ViewerState.NO_PROGRAM: _NOT_OPEN,
    ViewerState.PROGRAM_NOT_FOUND: _NOT_OPEN,
    ViewerState.AMBIGUOUS: _NOT_OPEN,
    ViewerState.NOT_OPEN: _NOT_OPEN,
    ViewerState.PROGRAM_CLOSED: (
        gettext_noop("Program closed"),
        gettext_noop("This mentoring program has closed and no longer takes new participants."),
    ),
    ViewerState.NOT_ENROLLED: (
        gettext_noop("Enroll to take part"),
        gettext_noop("Enroll in this course to join its mentoring program."),
    ),
    ViewerState.NOT_JOINED: (
        gettext_noop("Join the program first"),
        gettext_noop(
            "You have not joined %(program)s yet. Join it as a mentor or a mentee in the pairing unit."
        ),
    ),
    ViewerState.WITHDRAWN: (
        gettext_noop("You have withdrawn"),
        gettext_noop("You withdrew from this program. Join it again in the pairing unit."),
    ),
    ViewerState.NO_PARTNER: (
        gettext_noop("Partner not yet assigned"),
        gettext_noop(
            "You have joined as %(label)s. The program team will propose your partner soon; you will "
            "see them in the pairing unit."
        ),
    ),
    ViewerState.PENDING: (
        gettext_noop("Pair pending acceptance"),
        gettext_noop(
            "Your pair with %(partner)s starts once both of you accept the expectations in the pairing unit."
        ),
    ),
    ViewerState.CLOSED: (
        gettext_noop("Pair closed"),
        gettext_noop("Your pair with %(partner)s has ended: %(reason)s"),
    ),
}

#: What course staff read instead, where the block's settings or the staff page can fix it.
STAFF_STATE_MESSAGES: dict[ViewerState, tuple[str, str]] = {
    ViewerState.AMBIGUOUS: (
        gettext_noop("Choose a program"),
        gettext_noop(
            "This course runs several mentoring programs. Put the id of the one this block "
            "belongs to in the block's settings (Program)."
        ),
    ),
    ViewerState.PROGRAM_NOT_FOUND: (
        gettext_noop("Program not found"),
        gettext_noop(
            "The program set in this block's settings does not exist in this course. Fix the "
            "Program setting, or leave it empty to use the course's only program."
        ),
    ),
    ViewerState.NO_PROGRAM: (
        gettext_noop("No mentoring program yet"),
        gettext_noop(
            "Create the course's reverse-mentoring program on the Mentoring page of the "
            "Instructor Dashboard (or with POST /api/revmentor/v1/programs/). Learners will see "
            "this block once the program is enrolling."
        ),
    ),
}

#: The heading of an ended pair, by how it ended (``CLOSED``'s heading otherwise).
CLOSED_HEADINGS = {
    PairStatus.COMPLETED: gettext_noop("Pair completed"),
    PairStatus.DECLINED: gettext_noop("Pair declined"),
}


def _closed_values(situation: Situation) -> dict[str, str]:
    return {
        "partner": situation.partner.username,
        "reason": situation.pair.closed_reason or _("No reason was given."),
    }


#: The values of the placeholders, for the states whose texts have some.
STATE_VALUES: dict[ViewerState, Callable[[Situation], dict[str, str]]] = {
    ViewerState.VIEWED_AS: lambda situation: {"username": situation.user.username},
    ViewerState.NOT_JOINED: lambda situation: {"program": situation.program.name},
    ViewerState.NO_PARTNER: lambda situation: {"label": situation.label(situation.role)},
    ViewerState.PENDING: lambda situation: {"partner": situation.partner.username},
    ViewerState.CLOSED: _closed_values,
}


def state_message(situation: Situation) -> tuple[str, str]:
    """(heading, message), translated, for a situation that shows a message instead of the
    block's work; ("", "") for the others."""
    state = situation.state
    texts = (situation.is_staff and STAFF_STATE_MESSAGES.get(state)) or STATE_MESSAGES.get(state)
    if not texts:
        return "", ""
    heading, message = texts
    if state is ViewerState.CLOSED:
        heading = CLOSED_HEADINGS.get(situation.pair.status, heading)
    heading, message = _(heading), _(message)
    values = STATE_VALUES.get(state)
    if values is None:
        return heading, message
    filled = values(situation)
    return heading % filled, message % filled
