"""Where people find revmentor's pages in the host."""

from __future__ import annotations

import logging

from django.urls import reverse
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host

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
    root = host.lms_root_url()
    if not root:
        log.warning("revmentor: LMS_ROOT_URL is not set; the staff page link is relative")
        return path
    return root.rstrip("/") + path
