"""Where people find revmentor's pages in the host.

Links that leave the LMS's own pages (the instructor dashboard MFE, emails) must be absolute: a
mail client has no site to resolve ``/courses/...`` against. The root is the LMS's
(:func:`revmentor_plugin.host.lms_root_url`: the site's configuration, then ``LMS_ROOT_URL``).
"""

from __future__ import annotations

import logging

from django.urls import reverse
from opaque_keys.edx.keys import CourseKey, UsageKey

from revmentor_plugin import host
from revmentor_plugin.services.units import unit_path

log = logging.getLogger(__name__)


def staff_page_url(course_key: CourseKey, *, absolute: bool = False) -> str:
    """The course staff page of a course.

    ``absolute`` is for links followed from outside the LMS's own pages, such as the
    instructor dashboard MFE, which treats every URL that starts with ``/`` as one of its own
    routes (frontend-app-instructor-dashboard, ``src/instructorNav/InstructorNav.tsx``).
    """
    path = reverse("revmentor:staff-page", kwargs={"course_id": str(course_key)})
    if not absolute:
        return path
    root = host.lms_root_url(course_key)
    if not root:
        log.warning("revmentor: LMS_ROOT_URL is not set; the staff page link is relative")
        return path
    return root.rstrip("/") + path


def absolute_url(course_key: CourseKey, path: str) -> str | None:
    """``path`` on the LMS root of the course's site, or None when the host has no root.

    Never a relative link: an email carrying ``/courses/...`` is dead in a mail client, so the
    caller leaves the link out instead (and a warning says why).
    """
    root = host.lms_root_url(course_key)
    if not root:
        log.warning("revmentor: LMS_ROOT_URL is not set; a link to %s is left out", path)
        return None
    return root.rstrip("/") + path


def course_url(course_key: CourseKey) -> str | None:
    """The course's absolute URL (the LMS sends ``/courses/<key>/`` to the course's home), or None."""
    return absolute_url(course_key, f"/courses/{course_key}/")


def unit_url(course_key: CourseKey, usage_key: UsageKey | None) -> str | None:
    """The absolute ``jump_to`` URL of a unit of the course, or the course's URL when the unit is
    not known (None), or None when the host has no root.

    The unit holding the pairing block is known once a participant saw the block in the LMS
    (``Program.pairing_unit``); before that the course is the most precise place to send them.
    """
    if usage_key is None or usage_key.course_key != course_key:
        return course_url(course_key)
    return absolute_url(course_key, unit_path(course_key, usage_key))


def staff_page_absolute_url(course_key: CourseKey) -> str | None:
    """The course staff page's absolute URL, or None when the host has no root (see :func:`absolute_url`)."""
    return absolute_url(course_key, staff_page_url(course_key))
