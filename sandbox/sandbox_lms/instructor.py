"""Stand-ins for the two instructor dashboards, running the real openedx-filters pipelines.

* ``legacy_dashboard`` mirrors edx-platform ``lms/djangoapps/instructor/views/instructor_dashboard.py``,
  ``instructor_dashboard_2`` (sites that keep the legacy dashboard, Teak and Ulmo): the same access
  rule, a context with the same keys (the course block, ``studio_url``, ``sections``, ... and no
  ``request``, ``user`` or ``course_key``), ``InstructorDashboardRenderStarted`` with its three
  exceptions, then a Mako page that includes every section's template as the real page does.
* ``mfe_dashboard`` stands for the instructor dashboard MFE (Verawood and later): the tab list of
  ``lms/djangoapps/instructor/views/serializers_v2.py`` (``get_tabs``: built-in tabs with
  root-relative URLs, then ``InstructorDashboardTabsRequested``), drawn with the link rule of
  frontend-app-instructor-dashboard ``src/instructorNav/InstructorNav.tsx``: a URL that starts with
  ``/`` is a route inside the MFE, anything else a link out of it.
"""

from __future__ import annotations

from types import SimpleNamespace

from common.djangoapps.edxmako.shortcuts import render_to_response
from common.djangoapps.student.roles import CourseRole, GlobalStaff, OrgRole
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from openedx_filters.learning.filters import (
    InstructorDashboardRenderStarted,
    InstructorDashboardTabsRequested,
)

LEGACY_TEMPLATE = "instructor/instructor_dashboard_2/instructor_dashboard_2.html"
# serializers_v2.get_tabs: (tab_id, title, sort_order); URLs are built below as the platform does.
BUILT_IN_TABS = (
    ("course_info", "Course Info", 10),
    ("enrollments", "Enrollments", 20),
    ("course_team", "Course Team", 30),
    ("grading", "Grading", 40),
    ("data_downloads", "Data Downloads", 60),
)


def _course_key(course_id: str) -> CourseKey:
    try:
        return CourseKey.from_string(course_id)
    except InvalidKeyError:
        raise Http404 from None


def _roles(user, course_key: CourseKey, *names: str) -> bool:
    """``HasRolesRule`` of ``lms/djangoapps/courseware/rules.py``: a course or an org role row."""
    return any(
        CourseRole(name, course_key).has_user(user) or OrgRole(name, course_key.org).has_user(user)
        for name in names
    )


def has_staff_access(user, course_key: CourseKey) -> bool:
    """``has_access(user, 'staff', course)`` (``lms/djangoapps/courseware/access.py``,
    ``_has_access_to_course``): global staff, course or org staff, course or org instructor."""
    return GlobalStaff().has_user(user) or _roles(user, course_key, "staff", "instructor")


def can_view_dashboard(user, course_key: CourseKey) -> bool:
    """``VIEW_DASHBOARD`` (``lms/djangoapps/instructor/permissions.py``):
    ``HasRolesRule('staff', 'instructor', 'data_researcher') | HasAccessRule('staff') |
    HasAccessRule('instructor')``; Django's ``has_perm`` also says yes to active superusers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        user.is_superuser or has_staff_access(user, course_key) or _roles(user, course_key, "data_researcher")
    )


def course_block(course_key: CourseKey) -> SimpleNamespace:
    """The little of the course block (``get_course_by_id``) the dashboard and the filter read."""
    return SimpleNamespace(id=course_key, display_name=f"{course_key.course} ({course_key.run})")


@ensure_csrf_cookie
def legacy_dashboard(request, course_id: str):
    course_key = _course_key(course_id)
    if not can_view_dashboard(request.user, course_key):
        raise Http404
    course = course_block(course_key)
    sections = []
    if has_staff_access(request.user, course_key):
        sections.append({"section_key": "course_info", "section_display_name": "Course Info"})
    if _roles(request.user, course_key, "data_researcher") or has_staff_access(request.user, course_key):
        sections.append({"section_key": "data_download", "section_display_name": "Data Download"})
    context = {
        "course": course,
        "studio_url": f"{settings.CMS_BASE_URL}/course/{course_key}",
        "sections": sections,
        "disable_buttons": False,
        "analytics_dashboard_message": None,
        "certificate_allowlist": [],
        "certificate_invalidations": [],
        "generate_certificate_exceptions_url": "",
        "generate_bulk_certificate_exceptions_url": "",
        "certificate_exception_view_url": "",
        "certificate_invalidation_view_url": "",
        "xqa_server": "",
    }
    template = LEGACY_TEMPLATE
    try:
        context, template = InstructorDashboardRenderStarted.run_filter(
            context=context, template_name=template
        )
    except InstructorDashboardRenderStarted.RenderInvalidDashboard as exc:
        return render_to_response(exc.instructor_template, exc.template_context)
    except InstructorDashboardRenderStarted.RedirectToPage as exc:
        return HttpResponseRedirect(exc.redirect_to)
    except InstructorDashboardRenderStarted.RenderCustomResponse as exc:
        return exc.response
    return render_to_response(template, context)


def dashboard_tabs(user, course_key: CourseKey) -> list[dict]:
    """The tabs ``CourseInformationSerializerV2.get_tabs`` answers, after the filter."""
    base = "/instructor"  # the path part of INSTRUCTOR_MICROFRONTEND_URL, as _build_tab_url keeps it
    tabs = [
        {"tab_id": tab_id, "title": title, "url": f"{base}/{course_key}/{tab_id}", "sort_order": order}
        for tab_id, title, order in BUILT_IN_TABS
    ]
    try:
        tabs, _user, _course_key = InstructorDashboardTabsRequested.run_filter(
            tabs=tabs, user=user, course_key=course_key
        )
    except InstructorDashboardTabsRequested.PreventTabsGeneration as exc:
        tabs = exc.tabs or []
    return sorted(tabs or [], key=lambda tab: tab.get("sort_order", 1000))


def mfe_dashboard(request, course_id: str):
    course_key = _course_key(course_id)
    if not can_view_dashboard(request.user, course_key):
        raise Http404
    tabs = [
        {**tab, "internal": str(tab.get("url", "")).startswith("/")}  # InstructorNav.tsx: isInternal
        for tab in dashboard_tabs(request.user, course_key)
    ]
    return render(request, "sandbox/instructor_mfe.html", {"course_key": course_key, "tabs": tabs})
