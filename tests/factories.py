"""Builders for test data. Host objects (users, enrollments, roles) are made directly, as the
platform would have them; everything of revmentor's is built through the services."""

from __future__ import annotations

import itertools
from typing import Any

from common.djangoapps.student.models import CourseEnrollment
from common.djangoapps.student.roles import (
    CourseInstructorRole,
    CourseRole,
    CourseStaffRole,
    OrgInstructorRole,
    OrgStaffRole,
)
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import services
from revmentor_plugin.data import PairData, ProgramData

COURSE = CourseKey.from_string("course-v1:TestX+RM1+2026")
OTHER_COURSE = CourseKey.from_string("course-v1:TestX+OTHER+2026")
_counter = itertools.count(1)

# Every kind of viewer of DESIGN §2, as the permission tables name them.
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


def join(program_data: ProgramData, user, role: str, **profile: Any):
    profile.setdefault("languages", ["en"])
    return services.join_program(program_data.uuid, user=user, role=role, profile=profile)


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


def get_user(username: str):
    return get_user_model().objects.get(username=username)
