"""Builders for test data. Host objects (users, enrollments, roles) are made directly, as the
platform would have them; everything of revmentor's is built through the services. The one
``world`` the permission tables read, pairs with something written in them (``busy_pair``,
``write``) and pulse checks (``pulse``, ``pulse_answers``) are built here, once."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from common.djangoapps.student.models import CourseEnrollment
from common.djangoapps.student.roles import (
    CourseInstructorRole,
    CourseRole,
    CourseStaffRole,
    OrgInstructorRole,
    OrgStaffRole,
)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import services
from revmentor_plugin.data import GoalData, PairData, ProgramData, PulseData, ReflectionData, SessionData

COURSE = CourseKey.from_string("course-v1:TestX+RM1+2026")
OTHER_COURSE = CourseKey.from_string("course-v1:TestX+OTHER+2026")
_counter = itertools.count(1)

# Every kind of viewer of docs/DESIGN.md §2, as the permission tables name them.
ROLES = (
    "anonymous",
    "outsider",
    "bystander",
    "mentor",
    "mentee",
    "other_pair",
    "course_staff",
    "instructor",
    "org_staff",
    "other_staff",
    "operator",
)
# The questions of a pulse check, in the order the blocks ask them. Spelled out here, once, and not
# imported, so that the tests stay a second statement of the domain.
PULSE_DIMENSIONS = ("trust", "comfort", "career_support", "psychosocial_support", "role_modeling")


def make_user(username: str | None = None, **fields: Any):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password="pw", **fields
    )


def enrolled(username: str | None = None, course: CourseKey = COURSE, **fields: Any):
    user = make_user(username, **fields)
    CourseEnrollment.enroll(user, course)
    return user


def enroll(user, course: CourseKey = COURSE):
    """Enroll an existing user in another course too."""
    CourseEnrollment.enroll(user, course)
    return user


def course_staff(username: str | None = None, course: CourseKey = COURSE, *, instructor: bool = False):
    user = make_user(username)
    (CourseInstructorRole if instructor else CourseStaffRole)(course).add_users(user)
    return user


def org_staff(username: str | None = None, org: str = COURSE.org, *, instructor: bool = False):
    """Staff (or instructor) of every course of an organization: an org-level role row."""
    user = make_user(username)
    (OrgInstructorRole if instructor else OrgStaffRole)(org).add_users(user)
    return user


def course_role(role: str, username: str | None = None, course: CourseKey = COURSE):
    """Any other course role of the platform (``limited_staff``, ``data_researcher``, ...)."""
    user = make_user(username)
    CourseRole(role, course).add_users(user)
    return user


def operator(username: str | None = None):
    return make_user(username, is_staff=True)


def program(course: CourseKey = COURSE, **fields: Any) -> ProgramData:
    defaults = {
        "name": "Digital skills exchange",
        "organizational_outcome": "Senior leaders fluent in the tools their teams use.",
        "expectations": "Meet every two weeks. The advisor drives the sessions.",
        "status": "enrolling",
    }
    created = services.create_program(course_key=course, **{**defaults, **fields})
    for name in ("Python", "Data visualisation", "Social media"):
        services.add_skill(created.uuid, name=name)
    return services.get_program(created.uuid)


def join(program_data: ProgramData, user, role: str, *, ratings: Any = None, **profile: Any):
    profile.setdefault("languages", ["en"])
    return services.join_program(program_data.uuid, user=user, role=role, profile=profile, ratings=ratings)


def leadership_ratings(program_data: ProgramData, *values: int) -> dict[str, int]:
    """Ratings of the program's leadership items as stored now, in order (the last value repeats)."""
    items = services.get_program(program_data.uuid).leadership_items
    return {item["key"]: values[min(i, len(values) - 1)] for i, item in enumerate(items)}


def proposed_pair(program_data: ProgramData, mentor=None, mentee=None) -> tuple[PairData, Any, Any]:
    mentor = mentor or enrolled()
    mentee = mentee or enrolled()
    for user, role in ((mentor, "mentor"), (mentee, "mentee")):
        if services.participant_for_user(program_data.uuid, user) is None:
            join(program_data, user, role)
    pair = services.propose_pair(program_data.uuid, mentor=mentor.username, mentee=mentee.username)
    return pair, mentor, mentee


def active_pair(program_data: ProgramData, mentor=None, mentee=None) -> tuple[PairData, Any, Any]:
    pair, mentor, mentee = proposed_pair(program_data, mentor, mentee)
    services.accept_agreement(pair.uuid, user=mentor)
    pair = services.accept_agreement(pair.uuid, user=mentee)
    assert pair.status == "active"
    return pair, mentor, mentee


def rated_pair(
    program_data: ProgramData, before: int, after: int, *, sessions: int = 0, mentor_after: int | None = None
):
    """A mentor and a mentee who rated their confidence on joining (the mentee ``before`` in
    Python, the mentor 2 in every leadership item); their pair logs ``sessions`` and completes; the
    mentee rates ``after`` and, when given, the mentor ``mentor_after`` (issue 16)."""
    mentor, mentee = enrolled(), enrolled()
    join(program_data, mentor, "mentor", ratings=leadership_ratings(program_data, 2))
    join(program_data, mentee, "mentee", skills_sought=["python"], ratings={"python": before})
    pair, _, _ = active_pair(program_data, mentor, mentee)
    for _ in range(sessions):
        write(pair, mentee, session={"duration_minutes": 30})
    services.close_pair(pair.uuid, reason="Done", completed=True)
    services.rate_end(program_data.uuid, user=mentee, ratings={"python": after})
    if mentor_after is not None:
        services.rate_end(
            program_data.uuid, user=mentor, ratings=leadership_ratings(program_data, mentor_after)
        )
    return pair, mentor, mentee


def get_user(username: str):
    return get_user_model().objects.get(username=username)


def pulse_answers(*values: int, **overrides: int) -> dict[str, int]:
    """A pulse check's answers: no value is 3 for each question, one value is that value for each,
    five values are the answers in the order of ``PULSE_DIMENSIONS``; ``overrides`` name the ones
    a test cares about."""
    if len(values) <= 1:
        values = (values or (3,)) * len(PULSE_DIMENSIONS)
    return {**dict(zip(PULSE_DIMENSIONS, values, strict=True)), **overrides}


def pulse(pair: PairData, user: User, *values: int, **overrides: int) -> PulseData:
    """``user`` records a pulse check in ``pair`` (answers as ``pulse_answers``)."""
    return services.record_pulse(pair.uuid, user=user, **pulse_answers(*values, **overrides))


@dataclass(frozen=True)
class Written:
    """What ``write`` wrote; None for what it was not asked to write."""

    goal: GoalData | None = None
    session: SessionData | None = None
    reflection: ReflectionData | None = None
    pulse: PulseData | None = None


def write(
    pair: PairData,
    user: User,
    *,
    goal: str | Mapping[str, Any] | None = None,
    session: Mapping[str, Any] | None = None,
    reflection: str | Mapping[str, Any] | None = None,
    pulse: Mapping[str, int] | None = None,
) -> Written:
    """``user`` writes in ``pair``, in the order the blocks come in a course: a goal (its title, or
    its fields), a session log (fields over a 30-minute session led by the mentor today), a
    reflection (its body, or its fields; private unless said) and a pulse check (its answers,
    see ``pulse_answers``). Only what is given is written."""
    written: dict[str, Any] = {}
    if goal is not None:
        fields = {"title": goal} if isinstance(goal, str) else dict(goal)
        written["goal"] = services.add_goal(pair.uuid, user=user, **fields)
    if session is not None:
        fields = {"occurred_on": timezone.localdate(), "duration_minutes": 30, "led_by": "mentor", **session}
        written["session"] = services.log_session(pair.uuid, user=user, **fields)
    if reflection is not None:
        fields = {"body": reflection} if isinstance(reflection, str) else dict(reflection)
        written["reflection"] = services.write_reflection(pair.uuid, user=user, **fields)
    if pulse is not None:
        written["pulse"] = services.record_pulse(pair.uuid, user=user, **pulse)
    return Written(**written)


@dataclass(frozen=True)
class BusyPair:
    """An active pair with something written in it: by its mentee, then by its mentor."""

    pair: PairData
    mentor: User
    mentee: User
    by_mentee: Written
    by_mentor: Written


#: What ``busy_pair``'s mentee writes unless told otherwise: one of everything.
EVERYTHING: Mapping[str, Any] = {
    "goal": "Read a notebook",
    "session": {},
    "reflection": {"body": "I learned a lot", "visibility": "pair"},
    "pulse": pulse_answers(),
}


def busy_pair(
    program_data: ProgramData,
    mentor: User | None = None,
    mentee: User | None = None,
    *,
    by_mentee: Mapping[str, Any] = EVERYTHING,
    by_mentor: Mapping[str, Any] | None = None,
) -> BusyPair:
    """An active pair in which the mentee, then the mentor, have written ``by_mentee`` and
    ``by_mentor`` (keyword arguments of ``write``)."""
    pair, mentor, mentee = active_pair(program_data, mentor, mentee)
    mentees = write(pair, mentee, **by_mentee)
    mentors = write(pair, mentor, **(by_mentor or {}))
    return BusyPair(pair, mentor, mentee, mentees, mentors)


def every_role(mentor: User, mentee: User, other_pair: User) -> dict[str, User | AnonymousUser]:
    """A user for each role of ``ROLES``: the given members of pairs, and new users for the rest."""
    return {
        "anonymous": AnonymousUser(),
        "outsider": make_user("outsider"),
        "bystander": enrolled("bystander"),
        "mentor": mentor,
        "mentee": mentee,
        "other_pair": other_pair,
        "course_staff": course_staff("course_staff"),
        "instructor": course_staff("instructor", instructor=True),
        "org_staff": org_staff("org_staff"),
        "other_staff": course_staff("other_staff", course=OTHER_COURSE),
        "operator": operator("operator"),
    }


@contextlib.contextmanager
def built_once(django_db_blocker) -> Iterator[None]:
    """Test data built once for a module (or class) of tests, as Django's ``setUpTestData`` does
    (docs/decisions/0018-test-data-built-once.rst). A fixture of that scope builds it inside this
    block, which is one transaction rolled back when the scope ends; ``built_once_fixtures`` writes
    that fixture and each test's ``world`` for a module::

        _world, world = factories.built_once_fixtures(factories.world)

    Each test's ``db`` then runs in a savepoint inside that transaction and rolls back to it, so a
    test that writes leaves the data as built for the next one, and ``fresh`` hands it a deep
    copy of the objects, so one that changes them in memory does too. Not for modules with
    ``transaction=True`` or live-server tests: they flush the database, and their other threads
    would not see the uncommitted data."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def built_once_fixtures(build: Callable[[], Any]) -> tuple[Any, Any]:
    """The two fixtures of ``built_once``'s pattern for a module: ``_world`` (module scope, built
    by ``build``) and ``world`` (each test's fresh copy). Assign both at the module's top level,
    after ``build`` is defined::

        _world, world = factories.built_once_fixtures(factories.world)
    """

    @pytest.fixture(scope="module")
    def _world(django_db_setup, django_db_blocker):
        with built_once(django_db_blocker):
            yield build()

    @pytest.fixture
    def world(_world, db):
        return fresh(_world)

    return _world, world


def fresh(built: Any) -> Any:
    """A test's own copy of what ``built_once`` built (model instances and their cached relations
    included), as ``setUpTestData``'s class attributes are copied for each test."""
    return copy.deepcopy(built)


def world() -> SimpleNamespace:
    """A small course with every viewer of docs/DESIGN.md §2: an enrolling program and a draft one, the
    active pair of users "mentor" and "mentee" and another pair ("other_pair" is its mentor), the
    mentor's reflection of each visibility ("mentor private", ...), the mentee's pulse check, and a
    user for each of ``ROLES`` in ``users``. The API's and the policy's tables are read over it."""
    program_data = program()
    draft = program(name="Draft", status="draft")
    pair, mentor, mentee = active_pair(program_data, mentor=enrolled("mentor"), mentee=enrolled("mentee"))
    other, other_mentor, _other_mentee = active_pair(program_data, mentor=enrolled("other_pair"))
    reflections = {
        visibility: services.write_reflection(
            pair.uuid, user=mentor, body=f"mentor {visibility}", visibility=visibility
        )
        for visibility in ("private", "pair", "staff")
    }
    mentee_pulse = pulse(pair, mentee, 4, 4, 3, 4, 5)
    return SimpleNamespace(
        program=program_data,
        draft=draft,
        pair=pair,
        other_pair=other,
        reflections=reflections,
        pulse=mentee_pulse,
        users=every_role(mentor, mentee, other_mentor),
    )


def profile_name(user, name: str):
    """Give ``user`` a full name in the platform's profile (``UserProfile.name``), as the learner
    does at registration or in their account settings."""
    from common.djangoapps.student.models import UserProfile

    UserProfile.objects.update_or_create(user=user, defaults={"name": name})
    return user


def reversal_week(program_data: ProgramData, day, pairs: int = 6) -> list[tuple[PairData, Any, Any]]:
    """``pairs`` pairs, active since three days before ``day``, that each log a session on ``day``
    (the Advisor leading two in three) and send their pulse checks: the Advisor trusting 5, the
    learner 3 with a learner's comfort of 3 (issue 16's role reversal and trust charts)."""
    with freeze_time(day - dt.timedelta(days=3)):
        made = [active_pair(program_data) for _ in range(pairs)]
    with freeze_time(day):
        for index, (pair, mentor, mentee) in enumerate(made):
            services.log_session(
                pair.uuid,
                user=mentor,
                occurred_on=day,
                duration_minutes=45,
                led_by="mentor" if index % 3 else "mentee",
            )
            pulse(pair, mentor, 4, trust=5)
            pulse(pair, mentee, 4, trust=3, learner_comfort=3)
    return made
