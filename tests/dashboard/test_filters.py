"""The instructor dashboard steps, run by the real openedx-filters pipelines with the arguments
the platform passes (docs/host-contract.rst names the platform code for each)."""

from __future__ import annotations

import pytest
from crum import impersonate
from django.test import override_settings
from openedx_filters.learning.filters import (
    InstructorDashboardRenderStarted,
    InstructorDashboardTabsRequested,
)
from sandbox_lms.instructor import course_block

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.host_contract]
STAFF_PAGE = f"/revmentor/courses/{factories.COURSE}/"


def tabs_for(user):
    tabs, _user, _course_key = InstructorDashboardTabsRequested.run_filter(
        tabs=[], user=user, course_key=factories.COURSE
    )
    return {tab["tab_id"]: tab for tab in tabs}


@pytest.mark.parametrize(
    ("who", "sees_tab"),
    [
        (lambda: factories.course_staff(), True),
        (lambda: factories.course_staff(instructor=True), True),
        (lambda: factories.org_staff(), True),
        (lambda: factories.org_staff(instructor=True), True),
        (lambda: factories.operator(), True),
        (lambda: factories.course_role("data_researcher"), False),
        (lambda: factories.enrolled(), False),
        (lambda: factories.course_staff(course=factories.OTHER_COURSE), False),
    ],
)
def test_the_tab_is_for_the_people_who_manage_the_course(who, sees_tab):
    tabs = tabs_for(who())
    assert "host_reports" in tabs  # the site's own step (sandbox/lms.yml) still runs
    assert ("revmentor" in tabs) is sees_tab


def test_the_tab_leaves_the_mfe_for_the_lms_page():
    """The MFE routes a URL that starts with "/" inside itself (InstructorNav.tsx)."""
    tab = tabs_for(factories.course_staff())["revmentor"]
    assert tab["url"] == f"http://127.0.0.1:8000{STAFF_PAGE}"
    assert not tab["url"].startswith("/")
    assert tab["sort_order"] > 110  # after every built-in tab


def test_the_sites_own_lms_root_wins():
    with override_settings(SANDBOX_SITE_CONFIGURATION={"LMS_ROOT_URL": "https://mentoring.example.org"}):
        tab = tabs_for(factories.course_staff())["revmentor"]
    assert tab["url"] == f"https://mentoring.example.org{STAFF_PAGE}"


def test_without_an_lms_root_the_tab_still_points_at_the_page(caplog):
    with override_settings(LMS_ROOT_URL=None):
        tab = tabs_for(factories.course_staff())["revmentor"]
    assert tab["url"] == STAFF_PAGE
    assert "LMS_ROOT_URL is not set" in caplog.text


def legacy_context():
    """The context ``instructor_dashboard_2`` passes: the course block, no request, no user."""
    return {
        "course": course_block(factories.COURSE),
        "studio_url": "http://studio.example/course/x",
        "sections": [{"section_key": "course_info", "section_display_name": "Course Info"}],
        "disable_buttons": False,
        "analytics_dashboard_message": None,
    }


def test_the_legacy_section_finds_the_viewer_through_crum():
    factories.active_pair(factories.program(name="Exchange 2026"))
    with impersonate(factories.course_staff()):
        context, template = InstructorDashboardRenderStarted.run_filter(
            context=legacy_context(), template_name="instructor_dashboard_2.html"
        )
    assert template == "instructor_dashboard_2.html"
    assert [s["section_key"] for s in context["sections"]] == ["course_info", "revmentor"]
    section = context["sections"][1]
    assert section["template_path_prefix"] == "/instructor_dashboard/"
    html = section["fragment"].content
    assert "Exchange 2026" in html
    assert "1 open pair (on track: 1; needing attention: 0; at risk: 0)" in html
    assert f'href="{STAFF_PAGE}"' in html


@pytest.mark.parametrize("who", [lambda: factories.enrolled(), lambda: None])
def test_no_legacy_section_for_anyone_else(who):
    factories.program()
    with impersonate(who()):
        context, _ = InstructorDashboardRenderStarted.run_filter(
            context=legacy_context(), template_name="x.html"
        )
    assert [s["section_key"] for s in context["sections"]] == ["course_info"]
