"""The only code that knows edx-platform.

Each function imports the platform lazily, at edx-platform's own module paths, so importing
revmentor never imports the platform, and the sandbox's stand-ins at those same paths exercise
this very code in tests and in the demo. Only ``services`` and ``policy`` may import this
package (checked by import-linter).

When the platform modules are missing (a misconfigured host), checks fail closed: nobody is
staff and nobody is enrolled.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from crum import get_current_user
from django.conf import settings
from django.contrib.auth import get_user_model
from opaque_keys.edx.keys import CourseKey

log = logging.getLogger(__name__)


def _roles_module() -> Any | None:
    try:
        from common.djangoapps.student import roles
    except ImportError:
        log.warning("revmentor: edx-platform course roles are not importable; nobody is course staff")
        return None
    return roles


def _student_models() -> Any | None:
    try:
        from common.djangoapps.student import models
    except ImportError:
        log.warning("revmentor: edx-platform enrollments are not importable; nobody is enrolled")
        return None
    return models


def is_global_staff(user: Any) -> bool:
    """Operators: the host's global staff and superusers."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser))


def is_course_staff(user: Any, course_key: CourseKey) -> bool:
    """True when ``user`` has the staff or instructor role on the course or on its organization.

    The same people as ``has_access(user, 'staff', course)`` reaches, which is what opens the
    instructor dashboard (``lms/djangoapps/courseware/access.py``, ``_has_access_to_course``);
    global staff are decided by :func:`is_global_staff`. The platform's role classes also
    count ``limited_staff`` as staff.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    roles = _roles_module()
    if roles is None:
        return False
    return bool(
        roles.CourseStaffRole(course_key).has_user(user)
        or roles.CourseInstructorRole(course_key).has_user(user)
        or roles.OrgStaffRole(course_key.org).has_user(user)
        or roles.OrgInstructorRole(course_key.org).has_user(user)
    )


def course_staff_users(course_key: CourseKey) -> list[Any]:
    """Active users with the staff or instructor role on the course itself.

    Who gets the course's escalation emails: the course team, not everyone with an
    organization-wide role (who may manage, but did not sign up for every course's mail).
    """
    roles = _roles_module()
    if roles is None:
        return []
    users = {}
    for role in (roles.CourseStaffRole(course_key), roles.CourseInstructorRole(course_key)):
        for user in role.users_with_role():
            if user.is_active:
                users[user.pk] = user
    return list(users.values())


def someone_else_acts_as(user: Any) -> bool:
    """True when the person making the current request is not ``user`` but acts as them.

    Course staff's "View this course as: Specific learner" renders a unit's blocks *and runs
    their handlers* for the learner: the runtime's ``user`` service then names the learner and
    says nothing of the staff member (``common/djangoapps/xblock_django/user_service.py``). The
    request tells: while rendering, ``request.user`` is the learner carrying ``real_user`` (the
    staff member); in a handler it is the staff member (``lms/djangoapps/courseware/masquerade.py``,
    ``setup_masquerade``; ``block_render.py``). Read through crum, which the LMS installs. Outside
    a request (tasks, commands) or for an anonymous request there is nobody else to detect.
    """
    viewer = get_current_user()
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    real = getattr(viewer, "real_user", None) or viewer
    return real.pk != getattr(user, "pk", None)


def is_enrolled(user: Any, course_key: CourseKey) -> bool:
    """True when ``user`` has an active enrollment in the course."""
    if not getattr(user, "is_authenticated", False):
        return False
    models = _student_models()
    if models is None:
        return False
    return bool(models.CourseEnrollment.is_enrolled(user, course_key))


#: Usernames asked about per query: well below SQLite's and MySQL's limits on query parameters.
LOOKUP_CHUNK = 900


def enrolled_users_by_username(usernames: Any, course_key: CourseKey) -> dict[str, Any]:
    """The active users among ``usernames`` with an active enrollment in the course, by username.

    One query per 900 names, through ``CourseEnrollment.objects.users_enrolled_in`` (the
    platform's ``CourseEnrollmentManager``, which also backs its enrollment reports). Names that
    are unknown, inactive or not enrolled are simply absent: callers answer all three alike.
    """
    models = _student_models()
    wanted = sorted({name for name in usernames if isinstance(name, str) and name})
    if models is None or not wanted:
        return {}
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        users = models.CourseEnrollment.objects.users_enrolled_in(course_key).filter(
            username__in=chunk, is_active=True
        )
        found.update((user.username, user) for user in users)
    return found


def enrolled_user_ids(user_ids: Any, course_key: CourseKey) -> set[int]:
    """Which of ``user_ids`` are active users enrolled in the course (one query per 900 ids)."""
    models = _student_models()
    wanted = sorted(set(user_ids))
    if models is None or not wanted:
        return set()
    found: set[int] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        found.update(
            models.CourseEnrollment.objects.users_enrolled_in(course_key)
            .filter(pk__in=chunk, is_active=True)
            .values_list("pk", flat=True)
        )
    return found


def user_by_username(username: str) -> Any | None:
    """The active user with this username, or None."""
    return get_user_model().objects.filter(username=username, is_active=True).first()


def users_by_username(usernames: list[str]) -> dict[str, Any]:
    """Active users by username, in one query."""
    users = get_user_model().objects.filter(username__in=set(usernames), is_active=True)
    return {user.username: user for user in users}


def name_and_email(user_id: int) -> tuple[str, str, str] | None:
    """``(username, full name, email)`` of the active account ``user_id``, or None.

    The full name is the platform's profile name (``UserProfile.name``, the name learners give
    at registration and edit in their account settings; ``common/djangoapps/student/models/user.py``,
    reached from the user as ``user.profile``), or the username when the profile has none or the
    platform's models are missing. Read on each call, never copied: the platform's retirement
    blanks the name and replaces the email, and what revmentor shows follows.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    models = _student_models()
    profiles = getattr(models, "UserProfile", None)
    name = ""
    if profiles is not None:
        name = profiles.objects.filter(user_id=user.pk).values_list("name", flat=True).first() or ""
    return user.username, name.strip() or user.username, user.email or ""


def course_units(course_key: CourseKey) -> list[tuple[Any, str]] | None:
    """The course's units (verticals) as ``(usage key, display name)``, or None without a store.

    Read from the platform's modulestore (``xmodule/modulestore/django.py`` ``modulestore()``, a
    ``MixedModuleStore`` whose ``get_items(course_key, qualifiers={"category": "vertical"})`` is in
    ``xmodule/modulestore/mixed.py``; its ``@strip_key`` gives locations without branch or
    version). None means "unknown" (no platform), not "no units": callers then check only that a
    unit's key belongs to the course.
    """
    try:
        from xmodule.modulestore.django import modulestore
    except ImportError:
        log.warning("revmentor: edx-platform's modulestore is not importable; course units are unknown")
        return None
    items = modulestore().get_items(course_key, qualifiers={"category": "vertical"})
    return [(item.location, getattr(item, "display_name", None) or item.location.block_id) for item in items]


def lms_root_url(course_key: CourseKey | None = None) -> str:
    """The LMS's absolute root URL for the current site (or the course's), or "" when the host has none.

    A site's configuration wins over ``settings.LMS_ROOT_URL``, as everywhere in the platform
    (``openedx/core/djangoapps/site_configuration/helpers.py``). With ``course_key``, the site whose
    ``course_org_filter`` holds the course's organization is asked first (``get_value_for_org``,
    as the platform's bulk email does): reminders are sent from a Celery task or a command, where
    no request names a current site and ``get_value`` alone would answer the setting.
    """
    default = getattr(settings, "LMS_ROOT_URL", None) or ""
    try:
        from openedx.core.djangoapps.site_configuration import helpers
    except ImportError:
        return default
    current = helpers.get_value("LMS_ROOT_URL", default) or default
    if course_key is None:
        return current or ""
    return helpers.get_value_for_org(course_key.org, "LMS_ROOT_URL", current) or current or ""


def emit_tracking_event(name: str, data: dict[str, Any]) -> None:
    """Send an analytics event through the platform's tracker (event-tracking), if installed."""
    try:
        from eventtracking import tracker
    except ImportError:
        log.debug("revmentor: event-tracking is not installed; %s not emitted", name)
        return
    tracker.emit(name, data)


def user_language(user: Any) -> str:
    """The language ``user`` chose on the platform (the ``pref-lang`` preference), or the site's default.

    The preference the platform's own emails are rendered in: its ACE senders pass
    ``get_user_preference(user, LANGUAGE_KEY)`` as the message's language
    (``openedx/core/djangoapps/user_api/preferences/api.py``; the key from
    ``openedx/core/djangoapps/lang_pref/__init__.py``). ``settings.LANGUAGE_CODE`` when the user set
    none or the platform's modules are missing.
    """
    default = getattr(settings, "LANGUAGE_CODE", "en") or "en"
    try:
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY
        from openedx.core.djangoapps.user_api.preferences.api import get_user_preference
    except ImportError:
        return default
    return get_user_preference(user, LANGUAGE_KEY) or default


#: The platform's base email templates (``openedx/core/djangoapps/ace_common/templates/``), which
#: every platform email extends for the site's branding; revmentor's own plain ones stand in
#: when the platform's ace_common app is not there.
PLATFORM_EMAIL_BODY = "ace_common/edx_ace/common/base_body.html"
PLATFORM_EMAIL_HEAD = "ace_common/edx_ace/common/base_head.html"
FALLBACK_EMAIL_BODY = "revmentor/edx_ace/common/base_body.html"
FALLBACK_EMAIL_HEAD = "revmentor/edx_ace/common/base_head.html"


def email_site() -> Any | None:
    """The site a task's email is sent for: the current one (``Site.objects.get_current()``, the
    ``SITE_ID`` site, as the platform's senders that run outside a request take it), or None."""
    try:
        from django.contrib.sites.models import Site
    except (ImportError, RuntimeError):  # RuntimeError: django.contrib.sites is not installed
        return None
    try:
        return Site.objects.get_current()
    except Exception:  # no SITE_ID and no request, or no such row: emails go without a site
        log.warning("revmentor: the host has no current site; emails go without the site's branding")
        return None


def email_base_context(course_key: CourseKey, site: Any | None) -> dict[str, Any]:
    """The context every email about the course needs: the site's branding and the layout to extend.

    In the LMS: the platform's ``get_base_template_context(site)``
    (``openedx/core/djangoapps/ace_common/template_context.py``: platform name, home and dashboard
    links, contact addresses, logo) and the platform's base templates to extend. Call it inside
    :func:`email_request`, as the platform's senders do: parts of it read the current request's
    site. Without the platform: the settings' platform name and contact email, the LMS root, and
    revmentor's own base templates.
    """
    root = lms_root_url(course_key)
    context: dict[str, Any] = {
        "platform_name": getattr(settings, "PLATFORM_NAME", "") or "Open edX",
        "contact_email": getattr(settings, "CONTACT_EMAIL", ""),
        "homepage_url": root,
        "dashboard_url": f"{root}/dashboard" if root else "",
        "base_body_template": FALLBACK_EMAIL_BODY,
        "base_head_template": FALLBACK_EMAIL_HEAD,
    }
    try:
        from openedx.core.djangoapps.ace_common.template_context import get_base_template_context
    except ImportError:
        log.warning(
            "revmentor: edx-platform's ace_common is not importable; emails use revmentor's own layout"
        )
        return context
    context.update(get_base_template_context(site))
    context["base_body_template"] = PLATFORM_EMAIL_BODY
    context["base_head_template"] = PLATFORM_EMAIL_HEAD
    return context


def email_from_address(course_key: CourseKey) -> str | None:
    """The sender the course's site configures (``email_from_address``), else None: ``DEFAULT_FROM_EMAIL``.

    The site whose ``course_org_filter`` holds the course's organization first, then the current
    site's, as ``BaseMessageType`` (``ace_common/message.py``) reads the current site's only (a
    task has none of its own).
    """
    try:
        from openedx.core.djangoapps.site_configuration import helpers
    except ImportError:
        return None
    current = helpers.get_value("email_from_address", None)
    return helpers.get_value_for_org(course_key.org, "email_from_address", current) or None


def email_request(site: Any | None, user: Any) -> AbstractContextManager[Any]:
    """A request for ``user`` on ``site`` while an email renders, as the platform's senders make one.

    The platform's email templates read the current request (their ``with_link_tracking`` and
    tracking pixel tags, ``ace_common/templatetags/ace.py``), which a Celery task or a command
    does not have: its senders wrap ``ace.send`` in ``emulate_http_request(site=site, user=user)``
    (``openedx/core/lib/celery/task_utils.py``). Without it, nothing (revmentor's own layout reads
    no request).
    """
    try:
        from openedx.core.lib.celery.task_utils import emulate_http_request
    except ImportError:
        return nullcontext()
    return emulate_http_request(site=site, user=user)
