"""Receivers for the host's signals. Each is a few lines that call a service.

They are connected by ``plugin_app["signals_config"]`` with the signal's dotted path, so this
module imports nothing from edx-platform.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model

from revmentor_plugin import services

log = logging.getLogger(__name__)


def on_user_retirement(sender: Any, user: Any, **kwargs: Any) -> None:
    """``USER_RETIRE_LMS_MISC``: remove the user's profile data and free text."""
    services.retire_user(user)
    log.info("revmentor: retired the mentoring data of user %s", user.pk)


def on_course_unenrollment(enrollment: Any, **kwargs: Any) -> None:
    """openedx-events ``COURSE_UNENROLLMENT_COMPLETED``: withdraw from the course's programs."""
    user = get_user_model().objects.filter(pk=enrollment.user.id).first()
    if user is None:
        return
    withdrawn = services.withdraw_from_course(user, enrollment.course.course_key)
    if withdrawn:
        log.info(
            "revmentor: user %s left %d program(s) of %s", user.pk, withdrawn, enrollment.course.course_key
        )
