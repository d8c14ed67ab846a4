"""A stand-in for the LMS instructor dashboard, running the real openedx-filters pipelines.

It shows both what the legacy dashboard renders (``InstructorDashboardRenderStarted`` sections)
and the tab list the new dashboard MFE gets (``InstructorDashboardTabsRequested``), so a person
can click from either to revmentor's staff page.
"""

from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from openedx_filters.learning.filters import (
    InstructorDashboardRenderStarted,
    InstructorDashboardTabsRequested,
)

BUILT_IN_TABS = [
    {"tab_id": "course_info", "title": "Course Info", "url": "#course_info", "sort_order": 10},
    {"tab_id": "enrollments", "title": "Enrollments", "url": "#enrollments", "sort_order": 20},
    {"tab_id": "grading", "title": "Grading", "url": "#grading", "sort_order": 40},
    {"tab_id": "data_downloads", "title": "Data Downloads", "url": "#data_downloads", "sort_order": 60},
]


@login_required
def instructor_dashboard(request, course_id):
    try:
        course_key = CourseKey.from_string(course_id)
    except InvalidKeyError:
        raise Http404 from None
    user = request.user
    if not (
        user.is_staff
        or CourseStaffRole(course_key).has_user(user)
        or CourseInstructorRole(course_key).has_user(user)
    ):
        raise Http404
    context = {
        "course_key": course_key,
        "request": request,
        "sections": [{"section_key": "course_info", "section_display_name": "Course Info", "fragment": None}],
    }
    context, template_name = InstructorDashboardRenderStarted.run_filter(
        context=context, template_name="sandbox/instructor_dashboard.html"
    )
    tabs, _user, _key = InstructorDashboardTabsRequested.run_filter(
        tabs=[dict(tab) for tab in BUILT_IN_TABS], user=user, course_key=course_key
    )
    context["tabs"] = sorted(tabs, key=lambda tab: tab.get("sort_order", 0))
    return render(request, template_name, context)
