"""The LMS's ``user`` service, as a workbench service: who the workbench student is, the LMS's way.

A stand-in for edx-platform's ``common/djangoapps/xblock_django/user_service.py``
``DjangoXBlockUserService``: it answers ``get_current_user()`` with an ``XBlockUser`` whose
``opt_attrs`` carry the platform's ``edx-platform.*`` attributes, which is all the blocks read.
The SDK's own user service only sets ``xblock-workbench.user_id``, so under it every block shows
"Sign in to take part"; with this one, the workbench's ``?student=<id>`` names a Django user.

The workbench loads it from ``settings.WORKBENCH["services"]`` (``workbench/runtime.py``,
``WorkbenchRuntime._load_service``): instantiated with no arguments, then given
``service.runtime``, whose ``user_id`` is the ``?student=`` value. That value is read as a
Django username; an active user by that name is the current user, anyone else is anonymous, as
the LMS's service answers for ``AnonymousUser``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth import get_user_model
from xblock.reference.user_service import UserService, XBlockUser

ATTR_KEY_IS_AUTHENTICATED = "edx-platform.is_authenticated"
ATTR_KEY_USER_ID = "edx-platform.user_id"
ATTR_KEY_USERNAME = "edx-platform.username"
ATTR_KEY_ANONYMOUS_USER_ID = "edx-platform.anonymous_user_id"
ATTR_KEY_USER_IS_STAFF = "edx-platform.user_is_staff"
ATTR_KEY_USER_IS_GLOBAL_STAFF = "edx-platform.user_is_global_staff"
ATTR_KEY_USER_ROLE = "edx-platform.user_role"
ATTR_KEY_USER_PREFERENCES = "edx-platform.user_preferences"


class DjangoXBlockUserService(UserService):
    """The workbench student as the LMS's user service would describe them (see the module doc)."""

    def _student_id(self) -> str | None:
        # The workbench sets ``service.runtime`` (an instance attribute over ``Service.runtime()``)
        # right after instantiating the service; its ``user_id`` is the ``?student=`` value.
        student = getattr(self.runtime, "user_id", None)
        return student if isinstance(student, str) and student else None

    def _django_user(self) -> Any | None:
        student = self._student_id()
        if student is None:
            return None
        return get_user_model().objects.filter(username=student, is_active=True).first()

    def get_current_user(self) -> XBlockUser:
        user = self._django_user()
        if user is None:
            anonymous = XBlockUser(is_current_user=True)
            anonymous.opt_attrs = {ATTR_KEY_IS_AUTHENTICATED: False}
            return anonymous
        xblock_user = XBlockUser(
            is_current_user=True,
            emails=[user.email],
            full_name=user.get_full_name() or user.username,
        )
        xblock_user.opt_attrs = {
            ATTR_KEY_IS_AUTHENTICATED: True,
            ATTR_KEY_USER_ID: user.pk,
            ATTR_KEY_USERNAME: user.username,
            # The platform's is per course and secret-salted; any stable opaque string will do here.
            ATTR_KEY_ANONYMOUS_USER_ID: hashlib.md5(
                f"workbench:{user.pk}".encode(), usedforsecurity=False
            ).hexdigest(),
            # Course staff as the LMS's runtime reports it; the blocks ask revmentor's policy instead.
            ATTR_KEY_USER_IS_STAFF: False,
            ATTR_KEY_USER_IS_GLOBAL_STAFF: bool(user.is_staff),
            ATTR_KEY_USER_ROLE: "student",
            ATTR_KEY_USER_PREFERENCES: {"pref-lang": "en", "time_zone": "UTC"},
        }
        return xblock_user
