"""The only code that knows edx-platform.

Each function imports the platform lazily, at edx-platform's own module paths, so importing
revmentor never imports the platform, and the sandbox's stand-ins at those same paths exercise
this very code in tests and in the demo. Only ``services`` and ``policy`` may import this
package (checked by import-linter).

When the platform modules are missing (a misconfigured host), checks fail closed: nobody is
staff and nobody is enrolled.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

log = logging.getLogger(__name__)


def _roles_module() -> Any | None:
    try:
        from common.djangoapps.student import roles
    except ImportError:
        log.warning("revmentor: edx-platform course roles are not importable; nobody is course staff")
        return None
    return roles


def _student_models() -> Any | None:
    try:
        from common.djangoapps.student import models
    except ImportError:
        log.warning("revmentor: edx-platform enrollments are not importable; nobody is enrolled")
        return None
    return models


def is_global_staff(user: Any) -> bool:
    """Operators: the host's global staff and superusers."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser))


def is_course_staff(user: Any, course_key: CourseKey) -> bool:
    """True when ``user`` has the staff or instructor role on the course."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = _roles_module()
    if roles is None:
        return False
    return bool(
        roles.CourseStaffRole(course_key).has_user(user)
        or roles.CourseInstructorRole(course_key).has_user(user)
    )


def course_staff_users(course_key: CourseKey) -> list[Any]:
    """Active users with the staff or instructor role on the course."""
    roles = _roles_module()
    if roles is None:
        return []
    users = {}
    for role in (roles.CourseStaffRole(course_key), roles.CourseInstructorRole(course_key)):
        for user in role.users_with_role():
            if user.is_active:
                users[user.pk] = user
    return list(users.values())


def is_enrolled(user: Any, course_key: CourseKey) -> bool:
    """True when ``user`` has an active enrollment in the course."""
    if not getattr(user, "is_authenticated", False):
        return False
    models = _student_models()
    if models is None:
        return False
    return bool(models.CourseEnrollment.is_enrolled(user, course_key))


def user_by_username(username: str) -> Any | None:
    """The active user with this username, or None."""
    return get_user_model().objects.filter(username=username, is_active=True).first()


def users_by_username(usernames: list[str]) -> dict[str, Any]:
    """Active users by username, in one query."""
    users = get_user_model().objects.filter(username__in=set(usernames), is_active=True)
    return {user.username: user for user in users}


def emit_tracking_event(name: str, data: dict[str, Any]) -> None:
    """Send an analytics event through the platform's tracker (event-tracking), if installed."""
    try:
        from eventtracking import tracker
    except ImportError:
        log.debug("revmentor: event-tracking is not installed; %s not emitted", name)
        return
    tracker.emit(name, data)
