"""Stand-in for edx-platform ``lms/djangoapps/courseware/masquerade.py`` ("View this course as").

Kept from the platform: the choice lives in the session per course; ``setup_masquerade`` returns
``(masquerade, user)`` where, for a specific learner, ``user`` is that enrolled learner carrying
``real_user`` (the staff member) and ``masquerade_settings``; callers decide whether to put it on
``request.user`` (the unit page does, the handler endpoint does not); ``filter_displayed_blocks``
is the wrapper that replaces every block not marked ``show_in_read_only_mode``. Left out: group
and partition masquerades, and the audit/verified track previews.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.djangoapps.student.models import CourseEnrollment
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from web_fragments.fragment import Fragment

MASQUERADE_SETTINGS_KEY = "masquerade_settings"


@dataclass(frozen=True)
class CourseMasquerade:
    course_key: str
    role: str = "student"
    user_name: str | None = None


def set_masquerade(request, course_key, *, role: str, user_name: str | None) -> None:
    """What the platform's ``MasqueradeView.post`` stores (staff only; the caller checks)."""
    settings = dict(request.session.get(MASQUERADE_SETTINGS_KEY, {}))
    if role == "staff":
        settings.pop(str(course_key), None)
    else:
        settings[str(course_key)] = {"role": role, "user_name": user_name or None}
    request.session[MASQUERADE_SETTINGS_KEY] = settings


def setup_masquerade(request, course_key, staff_access: bool = False):
    """``(CourseMasquerade or None, the user to act as)``."""
    if not staff_access or not request.user.is_authenticated:
        return None, request.user
    stored = request.session.get(MASQUERADE_SETTINGS_KEY, {}).get(str(course_key))
    if not stored:
        return None, request.user
    masquerade = CourseMasquerade(str(course_key), stored["role"], stored.get("user_name"))
    request.user.masquerade_settings = {str(course_key): masquerade}
    if masquerade.user_name:
        learner = (
            get_user_model()
            .objects.filter(
                username=masquerade.user_name,
                courseenrollment__course_id=course_key,
                courseenrollment__is_active=True,
            )
            .first()
        )
        if learner is not None:
            learner.masquerade_settings = request.user.masquerade_settings
            learner.real_user = request.user
            return masquerade, learner
    return masquerade, request.user


def is_masquerading_as_specific_student(user, course_key) -> bool:
    masquerade = getattr(user, "masquerade_settings", {}).get(str(course_key))
    return bool(masquerade and masquerade.user_name)


def filter_displayed_blocks(block, unused_view, frag, unused_context):
    if getattr(block, "show_in_read_only_mode", False):
        return frag
    return Fragment(
        _("This type of component cannot be shown while viewing the course as a specific student.")
    )


def enrolled_usernames(course_key) -> list[str]:
    return list(
        CourseEnrollment.objects.filter(course_id=course_key, is_active=True)
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
