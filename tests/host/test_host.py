"""The host adapter asks the platform at its own import paths, and fails closed without it."""

import builtins

import pytest
from django.contrib.auth.models import AnonymousUser

from revmentor_plugin import host
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.host_contract]


def test_course_roles_and_enrollment_come_from_the_platform_modules():
    staff = factories.course_staff()
    instructor = factories.course_staff(instructor=True)
    learner = factories.enrolled()
    assert host.is_course_staff(staff, factories.COURSE)
    assert host.is_course_staff(instructor, factories.COURSE)
    assert not host.is_course_staff(staff, factories.OTHER_COURSE)
    assert not host.is_course_staff(learner, factories.COURSE)
    assert host.is_enrolled(learner, factories.COURSE)
    assert not host.is_enrolled(learner, factories.OTHER_COURSE)
    assert not host.is_enrolled(AnonymousUser(), factories.COURSE)
    assert {u.username for u in host.course_staff_users(factories.COURSE)} == {
        staff.username,
        instructor.username,
    }


def test_without_the_platform_nobody_is_staff_or_enrolled(monkeypatch):
    staff = factories.course_staff()
    learner = factories.enrolled()
    real_import = builtins.__import__

    def no_platform(name, *args, **kwargs):
        if name.startswith("common.djangoapps"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_platform)
    assert not host.is_course_staff(staff, factories.COURSE)
    assert not host.is_enrolled(learner, factories.COURSE)
    assert host.enrolled_users_by_username([learner.username], factories.COURSE) == {}
    assert host.enrolled_user_ids([learner.pk], factories.COURSE) == set()
    assert host.course_staff_users(factories.COURSE) == []


def test_the_name_is_the_platform_profile_name_read_through_user_profile(django_assert_num_queries):
    """``UserProfile.name`` at the platform's import path, the username when it is blank."""
    named = factories.profile_name(factories.make_user("amara_dev"), "  Amara Okafor ")
    blank = factories.profile_name(factories.make_user("peter_plant"), "")
    gone = factories.make_user("gone", is_active=False)
    with django_assert_num_queries(2):  # the account, then its profile's name
        assert host.name_and_email(named.pk) == ("amara_dev", "Amara Okafor", "amara_dev@example.com")
    assert host.name_and_email(blank.pk) == ("peter_plant", "peter_plant", "peter_plant@example.com")
    assert host.name_and_email(factories.make_user("no_profile").pk)[1] == "no_profile"
    assert host.name_and_email(gone.pk) is None


def test_without_the_platform_the_name_is_the_username(monkeypatch):
    named = factories.profile_name(factories.make_user("amara_dev"), "Amara Okafor")
    real_import = builtins.__import__

    def no_platform(name, *args, **kwargs):
        if name.startswith("common.djangoapps"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_platform)
    assert host.name_and_email(named.pk) == ("amara_dev", "amara_dev", "amara_dev@example.com")


def test_users_by_username_skips_inactive():
    factories.make_user("active_one")
    factories.make_user("gone", is_active=False)
    assert set(host.users_by_username(["active_one", "gone", "nobody"])) == {"active_one"}
    assert host.user_by_username("gone") is None


def test_enrolled_learners_are_found_in_bulk_through_the_enrollment_manager(django_assert_num_queries):
    """``CourseEnrollment.objects.users_enrolled_in``: active users with an active enrollment."""
    learner = factories.enrolled("in_course")
    elsewhere = factories.enrolled("in_other_course", course=factories.OTHER_COURSE)
    inactive = factories.enrolled("inactive_account", is_active=False)
    factories.make_user("not_enrolled")
    names = ["in_course", "in_other_course", "inactive_account", "not_enrolled", "no_such_user"]
    with django_assert_num_queries(1):
        found = host.enrolled_users_by_username(names, factories.COURSE)
    assert list(found) == ["in_course"]
    assert found["in_course"] == learner
    with django_assert_num_queries(1):
        ids = host.enrolled_user_ids([learner.pk, elsewhere.pk, inactive.pk], factories.COURSE)
    assert ids == {learner.pk}
    assert host.enrolled_users_by_username([], factories.COURSE) == {}


def test_the_lms_root_comes_from_the_courses_site_then_the_current_site_then_the_setting(settings):
    settings.LMS_ROOT_URL = "http://lms.example.org"
    settings.SANDBOX_SITE_CONFIGURATION = {}
    assert host.lms_root_url(factories.COURSE) == "http://lms.example.org"
    settings.SANDBOX_SITE_CONFIGURATION = {"LMS_ROOT_URL": "https://site.example.org"}
    assert host.lms_root_url() == "https://site.example.org"
    assert host.lms_root_url(factories.COURSE) == "https://site.example.org"
    settings.SANDBOX_SITE_CONFIGURATION = {
        "LMS_ROOT_URL": "https://testx.example.org",
        "course_org_filter": "TestX",
    }
    assert host.lms_root_url(factories.COURSE) == "https://testx.example.org"
    settings.LMS_ROOT_URL = None
    settings.SANDBOX_SITE_CONFIGURATION = {}
    assert host.lms_root_url(factories.COURSE) == ""


def test_course_units_come_from_the_modulestore_and_are_unknown_without_it(monkeypatch):
    """``xmodule.modulestore.django.modulestore().get_items(course, qualifiers={"category":
    "vertical"})``; without the platform the units are unknown (None), not "none"."""
    units = host.course_units(factories.COURSE)
    assert [key.block_type for key, _name in units] == ["vertical", "vertical"]
    assert {key.course_key for key, _name in units} == {factories.COURSE}
    real_import = builtins.__import__

    def no_platform(name, *args, **kwargs):
        if name.startswith("xmodule"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_platform)
    assert host.course_units(factories.COURSE) is None


def test_a_users_language_is_their_platform_preference_else_the_sites(settings, monkeypatch):
    from openedx.core.djangoapps.user_api.preferences.api import set_user_preference  # sandbox stand-in

    chose, did_not = factories.make_user("chose"), factories.make_user("did_not")
    set_user_preference(chose, "pref-lang", "eo")
    settings.LANGUAGE_CODE = "en"
    assert host.user_language(chose) == "eo"
    assert host.user_language(did_not) == "en"
    real_import = builtins.__import__

    def no_platform(name, *args, **kwargs):
        if name.startswith("openedx.core.djangoapps.user_api"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_platform)
    assert host.user_language(chose) == "en"


def test_an_emails_sender_is_the_courses_site_then_the_current_sites_then_none(settings):
    assert host.email_from_address(factories.COURSE) is None  # DEFAULT_FROM_EMAIL, then
    settings.SANDBOX_SITE_CONFIGURATION = {"email_from_address": "site@example.com"}
    assert host.email_from_address(factories.COURSE) == "site@example.com"
    settings.SANDBOX_SITE_CONFIGURATION = {
        "course_org_filter": [factories.COURSE.org],
        "email_from_address": "org@example.com",
    }
    assert host.email_from_address(factories.COURSE) == "org@example.com"


def test_an_emails_context_is_the_platforms_base_context_for_the_current_site(settings):
    settings.PLATFORM_NAME = "Acme Learning"
    site = host.email_site()
    assert site.domain == "example.com"  # the SITE_ID site
    context = host.email_base_context(factories.COURSE, site)
    assert context["platform_name"] == "Acme Learning"
    assert context["base_body_template"] == "ace_common/edx_ace/common/base_body.html"
    assert context["base_head_template"] == "ace_common/edx_ace/common/base_head.html"


def test_a_request_opens_the_platforms_tracker_context_naming_its_user(rf):
    """``TrackMiddleware`` (``common/djangoapps/track/middleware.py``) opens the ``edx.request``
    tracker context for each request and closes it with the response: what revmentor emits while
    serving a signed-in request names its user there, where event-routing-backends' xAPI
    transformer finds the actor. Read as the platform's own tests read it (``resolve_context``)."""
    from common.djangoapps.track.middleware import TrackMiddleware
    from django.contrib.sessions.backends.db import SessionStore
    from eventtracking import tracker

    user = factories.enrolled("tracked")
    request = rf.get(f"/courses/{factories.COURSE}/unit/mentoring/", HTTP_USER_AGENT="a browser")
    request.user, request.session = user, SessionStore()
    request.session.create()
    middleware = TrackMiddleware(lambda request: None)
    middleware.process_request(request)
    try:
        context = tracker.get_tracker().resolve_context()
    finally:
        middleware.process_response(request, None)
    assert tracker.get_tracker().resolve_context() == {}
    assert (context["user_id"], context["username"]) == (user.pk, user.username)
    assert context["agent"] == "a browser"
    assert (context["course_id"], context["org_id"]) == ("course-v1:TestX+RM1+2026", "TestX")
    assert len(context["session"]) == 32
    assert context["session"] != request.session.session_key
    assert set(context) == {
        *("session", "user_id", "username", "ip", "host", "agent", "path", "referer"),
        *("accept_language", "client_id", "course_id", "org_id"),
    }

    anonymous = rf.get("/api/revmentor/v1/pairs/")
    anonymous.user = AnonymousUser()
    middleware.process_request(anonymous)
    try:
        context = tracker.get_tracker().resolve_context()
    finally:
        middleware.process_response(anonymous, None)
    assert (context["user_id"], context["username"], context["course_id"]) == (None, "", "")
