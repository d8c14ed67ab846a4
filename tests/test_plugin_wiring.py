"""The sandbox loads revmentor exactly as edx-platform does, through edx-django-utils."""

import subprocess
import sys
import types

import pytest
from django.conf import settings
from django.urls import reverse
from edx_django_utils.plugins import add_plugins, get_plugin_apps, get_plugin_url_patterns

from revmentor_plugin.settings.common import (
    LEGACY_DASHBOARD_FILTER,
    MAKO_TEMPLATES,
    TABS_FILTER,
    merge_filter_steps,
)
from revmentor_plugin.settings.common import plugin_settings as common_settings

pytestmark = pytest.mark.host_contract

STEP = "revmentor_plugin.dashboard.filters.AddRevMentorTab"


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_entry_points_register_the_app(project):
    assert "revmentor_plugin.apps.RevMentorConfig" in get_plugin_apps(project)


def test_settings_modules_ran():
    # common set the defaults; test (applied last by test_settings) made matching and imports
    # synchronous.
    assert settings.REVMENTOR_REPORT_MIN_GROUP_SIZE == 5
    assert settings.REVMENTOR_MATCHING_ASYNC_THRESHOLD == 10**9
    assert settings.REVMENTOR_IMPORT_ASYNC_THRESHOLD == 10**9


def test_lms_yml_replaced_the_filters_and_production_settings_put_ours_back():
    """sandbox/lms.yml configures a filter of its own, which replaces OPEN_EDX_FILTERS_CONFIG
    wholesale (lms/envs/production.py); our production settings must merge our steps again."""
    assert settings.ENV_TOKENS["OPEN_EDX_FILTERS_CONFIG"][TABS_FILTER]["pipeline"] == [
        "sandbox_lms.filters.AddHostReportsTab"
    ]
    tabs = settings.OPEN_EDX_FILTERS_CONFIG[TABS_FILTER]
    assert tabs["pipeline"] == ["sandbox_lms.filters.AddHostReportsTab", STEP]
    assert tabs["fail_silently"] is False
    legacy = settings.OPEN_EDX_FILTERS_CONFIG[LEGACY_DASHBOARD_FILTER]
    assert legacy["pipeline"] == ["revmentor_plugin.dashboard.filters.AddRevMentorSection"]


def production_site(yaml_tokens: dict) -> types.ModuleType:
    """A settings module taken through lms/envs/production.py's steps: common settings with the
    plugins' common settings, lms.yml over it, then the plugins' production settings."""
    module = types.ModuleType("revmentor_test_production_settings")
    module.MAKO_TEMPLATE_DIRS_BASE = ["/edx/app/edxapp/edx-platform/lms/templates"]
    # openedx/envs/common.py defines it for every plugin's settings (event-routing-backends' read it).
    module.LMS_ROOT_URL = None
    sys.modules[module.__name__] = module
    try:
        add_plugins(module.__name__, "lms.djangoapp", "common")
        vars(module).update(yaml_tokens)
        module.ENV_TOKENS = yaml_tokens
        add_plugins(module.__name__, "lms.djangoapp", "production")
        add_plugins(module.__name__, "lms.djangoapp", "production")  # idempotent
    finally:
        del sys.modules[module.__name__]
    return module


def test_production_settings_survive_an_lms_yml_without_filters():
    site = production_site({"REVMENTOR_REPORT_MIN_GROUP_SIZE": 8})
    assert site.REVMENTOR_REPORT_MIN_GROUP_SIZE == 8
    assert site.OPEN_EDX_FILTERS_CONFIG[TABS_FILTER]["pipeline"] == [STEP]
    assert site.MAKO_TEMPLATE_DIRS_BASE.count(MAKO_TEMPLATES) == 1


def test_production_settings_keep_a_sites_own_pipelines():
    site_filters = {
        TABS_FILTER: {"fail_silently": False, "pipeline": ["site.Tab"]},
        "org.openedx.learning.course.enrollment.started.v1": {"pipeline": ["site.Enrollment"]},
    }
    site = production_site({"OPEN_EDX_FILTERS_CONFIG": site_filters})
    assert site.OPEN_EDX_FILTERS_CONFIG[TABS_FILTER] == {
        "fail_silently": False,
        "pipeline": ["site.Tab", STEP],
    }
    assert site.OPEN_EDX_FILTERS_CONFIG["org.openedx.learning.course.enrollment.started.v1"] == {
        "pipeline": ["site.Enrollment"]
    }
    assert site_filters[TABS_FILTER]["pipeline"] == ["site.Tab"]  # the site's own dict is not mutated


def test_the_mako_directory_is_added_in_place_once():
    """The LMS's Mako engine holds the very list object MAKO_TEMPLATE_DIRS_BASE (its DIRS are
    derived from it), so the plugin must append to it, not rebind the name."""
    host = types.SimpleNamespace(MAKO_TEMPLATE_DIRS_BASE=["/lms/templates"])
    engine_dirs = host.MAKO_TEMPLATE_DIRS_BASE
    common_settings(host)
    common_settings(host)
    assert engine_dirs == ["/lms/templates", MAKO_TEMPLATES]
    assert (MAKO_TEMPLATES / "instructor_dashboard" / "revmentor.html").is_file()


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
