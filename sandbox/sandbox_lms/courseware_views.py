"""The sandbox's courseware pages: a course unit rendering the blocks, the handler endpoint, and
(sandbox only) a demo-user switcher and a "pair these two" shortcut standing in for the staff page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError

from revmentor_plugin import policy, services
from sandbox_lms import courseware, demo
from sandbox_lms.instructor import has_staff_access
from sandbox_lms.masquerade import (
    enrolled_usernames,
    filter_displayed_blocks,
    is_masquerading_as_specific_student,
    set_masquerade,
    setup_masquerade,
)
from sandbox_lms.models import BlockCompletion

VIEWS = {"student": "student_view", "author": "author_view", "studio": "studio_view"}


def _course_key(course_id: str) -> CourseKey:
    try:
        return CourseKey.from_string(course_id)
    except InvalidKeyError:
        raise Http404("No such course.") from None


def switcher_enabled() -> bool:
    return bool(settings.DEBUG or getattr(settings, "SANDBOX_USER_SWITCHER", False))


@ensure_csrf_cookie
def unit(request, course_id: str, unit_name: str):
    course_key = _course_key(course_id)
    unit_def = courseware.UNITS.get(unit_name)
    if unit_def is None:
        raise Http404("No such unit.")
    view = VIEWS.get(request.GET.get("view", "student"), "student_view")
    # As render_xblock (lms/djangoapps/courseware/views/views.py): staff may view as a learner,
    # and then the page, the runtime and every block see that learner as request.user.
    staff_access = has_staff_access(request.user, course_key)
    masquerade, request.user = setup_masquerade(request, course_key, staff_access)
    wrappers = (
        (filter_displayed_blocks,) if is_masquerading_as_specific_student(request.user, course_key) else ()
    )
    runtime = courseware.SandboxRuntime(user=request.user, course_key=course_key, wrappers=wrappers)
    loaded = [runtime.load_block(block_def, unit_def) for block_def in unit_def.blocks]
    fragments = courseware.render_as_host(runtime, loaded, view)
    blocks = [
        {"def": block_def, "usage_key": str(block.scope_ids.usage_id), "html": frag.content}
        for block_def, block, frag in zip(unit_def.blocks, loaded, fragments, strict=True)
    ]
    head, foot = courseware.resources_html(fragments)
    completions = {}
    if request.user.is_authenticated:
        completions = {
            str(row.block_key): row.completion
            for row in BlockCompletion.objects.filter(user=request.user, context_key=course_key)
        }
    for item in blocks:
        item["completion"] = completions.get(item["usage_key"])
    real_user = getattr(request.user, "real_user", request.user)
    is_staff = policy.manages_course(real_user, course_key)
    context = {
        "course_key": course_key,
        "unit": unit_def,
        "view": view,
        "blocks": blocks,
        "resources_head": head,
        "resources_foot": foot,
        "demo_users": demo.ACCOUNTS if switcher_enabled() else (),
        "password": demo.PASSWORD,
        "pairing_form": _pairing_choices(course_key) if is_staff and switcher_enabled() else None,
        "masquerade": masquerade,
        "viewer": real_user,
        "learners": enrolled_usernames(course_key) if staff_access else (),
    }
    return render(request, "sandbox/unit.html", context)


def jump_to(request, course_id: str, location: str):
    """``/courses/<course>/jump_to/<usage key>``: to the unit page showing that unit or block.

    As edx-platform's ``jump_to`` (``lms/djangoapps/courseware/views/views.py``, routed in
    ``lms/urls.py``), which redirects any usage key of the course to the courseware page that
    shows it; a key of another course, or of nothing in the course, is a 404.
    """
    course_key = _course_key(course_id)
    try:
        usage_key = UsageKey.from_string(location)
    except InvalidKeyError:
        raise Http404("No such location.") from None
    unit_def = courseware.find_unit(course_key, usage_key)
    if unit_def is None:
        block_def = courseware.find_block(course_key, usage_key)
        unit_def = courseware.unit_of(block_def) if block_def is not None else None
    if unit_def is None:
        raise Http404("No such location in this course.")
    return redirect("sandbox-unit", course_id=str(course_key), unit_name=unit_def.name)


@transaction.non_atomic_requests
def handler(request, course_id: str, usage_id: str, handler: str, suffix: str = ""):
    """Run a block's handler for the logged-in user, as the LMS's ``handle_xblock_callback`` does.

    Not CSRF-exempt: Django's middleware has already refused a POST without the token. Outside
    ``ATOMIC_REQUESTS``, as the LMS's view is (``@transaction.non_atomic_requests`` in
    ``lms/djangoapps/courseware/block_render.py``): the services' transactions are the outermost.
    """
    course_key = _course_key(course_id)
    try:
        usage_key = UsageKey.from_string(usage_id)
    except InvalidKeyError:
        raise Http404("No such block.") from None
    block_def = courseware.find_block(course_key, usage_key)
    if block_def is None:
        raise Http404("No such block.")
    # As get_block_by_usage_id under _invoke_xblock_handler (block_render.py): the block runs for
    # the learner staff view as, while request.user stays the staff member.
    _masquerade, user = setup_masquerade(request, course_key, has_staff_access(request.user, course_key))
    runtime = courseware.SandboxRuntime(user=user, course_key=course_key)
    block = runtime.load_block(block_def)
    # As _invoke_xblock_handler: the XBlock library's own converters, so the handler sees every
    # request header (Idempotency-Key included) and the answer keeps its headers.
    webob_request = django_to_webob_request(request)
    try:
        response = runtime.handle(block, handler, webob_request, suffix)
    except NoSuchHandlerError:
        raise Http404("No such handler.") from None
    # What _invoke_xblock_handler answers: the block's status, body and every header.
    return webob_to_django_response(response)


@require_POST
def masquerade(request, course_id: str):
    """The staff preview bar's "View this course as" (the platform's ``MasqueradeView.post``)."""
    course_key = _course_key(course_id)
    if not has_staff_access(request.user, course_key):
        return HttpResponseForbidden("Course staff only.")
    user_name = request.POST.get("user_name") or None
    role = "student" if user_name else "staff"
    set_masquerade(request, course_key, role=role, user_name=user_name)
    return redirect(_next_url(request))


def _next_url(request) -> str:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


@require_POST
def switch_user(request):
    """Sandbox only (DEBUG): log in as one of the demo accounts (``seed_demo`` creates them)."""
    if not switcher_enabled():
        return HttpResponseForbidden("The demo-user switcher is only on in the sandbox (DEBUG).")
    username = request.POST.get("username", "")
    allowed = {name for name, _label in demo.ACCOUNTS}
    if username not in allowed:
        return HttpResponseForbidden("Not a demo user.")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        return HttpResponseForbidden("Seed the demo course first: python sandbox/manage.py seed_demo")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(_next_url(request))


def _pairing_choices(course_key: CourseKey):
    programs = services.programs_in_course(course_key, statuses=("enrolling", "active"))
    if not programs:
        return None
    program = programs[0]
    participants = services.participants_of_program(program.uuid, status="active")
    pairs = services.pairs_of_program(program.uuid, statuses=("proposed", "active"))
    busy_mentees = {pair.mentee.username for pair in pairs}
    return {
        "program": program,
        "mentors": [p.username for p in participants if p.role == "mentor"],
        "mentees": [
            p.username for p in participants if p.role == "mentee" and p.username not in busy_mentees
        ],
    }


@require_POST
def propose_pair(request):
    """Sandbox only: course staff pair two participants by hand (the staff page's job in the LMS)."""
    if not switcher_enabled():
        return HttpResponseForbidden("Sandbox only.")
    course_key = _course_key(request.POST.get("course_id", ""))
    if not policy.manages_course(request.user, course_key):
        return HttpResponseForbidden("Course staff only.")
    try:
        program = services.programs_in_course(course_key, statuses=("enrolling", "active"))[0]
        services.propose_pair(
            program.uuid,
            mentor=request.POST.get("mentor"),
            mentee=request.POST.get("mentee"),
            explanation=["Proposed by hand by course staff in the sandbox"],
        )
    except (IndexError, services.RevMentorError) as exc:
        return HttpResponse(f"Could not pair them: {exc}", status=400, content_type="text/plain")
    return redirect(_next_url(request))
