"""Who may come into a program, and when: the rule every way in applies.

The rule is the one joining has always had, and every way in applies it here, in the services:
a participant (whoever adds them: themselves, staff, a CSV import) and a participant's manager
are active learners enrolled in the program's course. An unknown username and a user who is not
enrolled get the same answer, so no path tells course staff about accounts outside their course.

Private to ``services``: nothing outside the package imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host
from revmentor_plugin.data import ProgramStatus
from revmentor_plugin.models import Program
from revmentor_plugin.services.errors import InvalidInput, InvalidTransition

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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
