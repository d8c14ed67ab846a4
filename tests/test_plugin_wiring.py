"""The sandbox loads revmentor exactly as edx-platform does, through edx-django-utils."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from edx_django_utils.plugins import get_plugin_apps, get_plugin_url_patterns
from openedx_filters.learning.filters import (
    InstructorDashboardRenderStarted,
    InstructorDashboardTabsRequested,
)

from revmentor_plugin.settings.common import TABS_FILTER, merge_filter_steps
from tests import factories

STEP = "revmentor_plugin.dashboard.filters.AddRevMentorTab"


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_entry_points_register_the_app(project):
    assert "revmentor_plugin.apps.RevMentorConfig" in get_plugin_apps(project)


def test_settings_modules_ran():
    # common set the defaults; test (applied last by test_settings) made matching synchronous.
    assert settings.REVMENTOR_REPORT_MIN_GROUP_SIZE == 5
    assert settings.REVMENTOR_MATCHING_ASYNC_THRESHOLD == 10**9


def test_host_filter_pipeline_is_kept_and_ours_appended():
    tabs = settings.OPEN_EDX_FILTERS_CONFIG[TABS_FILTER]
    assert tabs["pipeline"] == ["sandbox_lms.filters.AddHostReportsTab", STEP]
    assert tabs["fail_silently"] is False


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (None, {"fail_silently": True, "pipeline": [STEP]}),
        ({"pipeline": ["host.Step"]}, {"fail_silently": True, "pipeline": ["host.Step", STEP]}),
        (
            {"pipeline": "host.Step", "fail_silently": False},
            {"fail_silently": False, "pipeline": ["host.Step", STEP]},
        ),
        (["host.Step"], {"fail_silently": True, "pipeline": ["host.Step", STEP]}),
        ("host.Step", {"fail_silently": True, "pipeline": ["host.Step", STEP]}),
        ({"pipeline": [STEP]}, {"fail_silently": True, "pipeline": [STEP]}),
    ],
)
def test_merge_filter_steps(existing, expected):
    host = type("Settings", (), {})()
    host.OPEN_EDX_FILTERS_CONFIG = {"other.filter": {"pipeline": ["x.Y"]}}
    if existing is not None:
        host.OPEN_EDX_FILTERS_CONFIG[TABS_FILTER] = existing
    merge_filter_steps(host, {TABS_FILTER: STEP})
    merge_filter_steps(host, {TABS_FILTER: STEP})
    assert host.OPEN_EDX_FILTERS_CONFIG[TABS_FILTER] == expected
    assert host.OPEN_EDX_FILTERS_CONFIG["other.filter"] == {"pipeline": ["x.Y"]}


@pytest.mark.django_db
def test_tabs_filter_runs_both_steps_for_course_staff_only():
    staff = factories.course_staff()
    learner = factories.enrolled()
    tabs, _user, _key = InstructorDashboardTabsRequested.run_filter(
        tabs=[], user=staff, course_key=factories.COURSE
    )
    assert [t["tab_id"] for t in tabs] == ["host_reports", "revmentor"]
    ours = tabs[1]
    assert (ours["url"], ours["sort_order"]) == (f"/revmentor/courses/{factories.COURSE}/", 130)
    tabs, _user, _key = InstructorDashboardTabsRequested.run_filter(
        tabs=[], user=learner, course_key=factories.COURSE
    )
    assert [t["tab_id"] for t in tabs] == ["host_reports"]


@pytest.mark.django_db
def test_legacy_dashboard_section_for_course_staff(rf):
    factories.active_pair(factories.program(name="Exchange 2026"))
    request = rf.get("/")
    request.user = factories.course_staff()
    context, template = InstructorDashboardRenderStarted.run_filter(
        context={
            "course_key": factories.COURSE,
            "request": request,
            "sections": [{"section_key": "course_info"}],
        },
        template_name="instructor_dashboard_2.html",
    )
    assert template == "instructor_dashboard_2.html"
    assert [s["section_key"] for s in context["sections"]] == ["course_info", "revmentor"]
    html = context["sections"][1]["fragment"].content
    assert "Exchange 2026" in html
    assert "1 open pairs: 1 on track" in html
    request.user = factories.enrolled()
    context, _ = InstructorDashboardRenderStarted.run_filter(
        context={"course_key": factories.COURSE, "request": request, "sections": []}, template_name="x.html"
    )
    assert context["sections"] == []


def test_urls_are_mounted_under_the_revmentor_namespace():
    patterns = get_plugin_url_patterns("lms.djangoapp")
    assert any(getattr(p, "namespace", None) == "revmentor" for p in patterns)
    assert reverse("revmentor:v1:schema") == "/api/revmentor/v1/schema/"


def test_receivers_are_connected_by_path():
    from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC
    from openedx_events.learning.signals import COURSE_UNENROLLMENT_COMPLETED

    from revmentor_plugin.signals import handlers

    assert handlers.on_user_retirement in [r[1]() for r in USER_RETIRE_LMS_MISC.receivers]
    assert handlers.on_course_unenrollment in [r[1]() for r in COURSE_UNENROLLMENT_COMPLETED.receivers]


def test_importing_the_plugin_imports_no_platform_code():
    # The sandbox's stand-ins are importable here, so an eager platform import would succeed
    # and show up in sys.modules rather than hide behind an ImportError.
    modules = "revmentor_plugin.apps, revmentor_plugin.settings.common, revmentor_plugin.settings.production"
    code = (
        f"import sys, {modules}; "
        "platform = ('common', 'openedx', 'lms', 'cms', 'xmodule'); "
        "bad = [m for m in sys.modules if m.split('.')[0] in platform]; "
        "assert not bad, bad"
    )
    root = settings.BASE_DIR.parent.parent
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env={"PYTHONPATH": f"{root / 'sandbox'}:{root}"},
    )
