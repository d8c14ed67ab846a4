"""The sandbox's LMS-like runtime: course unit page, handler endpoint with CSRF, user service,
completion recorded and shown, demo-user switcher."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from sandbox_lms import courseware
from sandbox_lms.models import BlockCompletion

from revmentor_plugin.models import Goal, Participant
from tests import factories, locks

UNIT = f"/courses/{factories.COURSE}/unit/mentoring/"


def handler_url(block_type: str, block_id: str, handler: str) -> str:
    usage = f"block-v1:TestX+RM1+2026+type@{block_type}+block@{block_id}"
    return f"/courses/{factories.COURSE}/xblock/{usage}/handler/{handler}/"


def test_unit_renders_the_four_blocks_with_course_scoped_usage_keys(client, program):
    _pair, mentor, _mentee = factories.active_pair(program)
    client.force_login(mentor)
    response = client.get(UNIT)
    assert response.status_code == 200
    html = response.content.decode()
    for block_type, block_id in [
        ("revmentor_pairing", "pairing"),
        ("revmentor_goals", "goals"),
        ("revmentor_session_log", "sessions"),
        ("revmentor_reflection", "reflection"),
    ]:
        assert f'data-usage-id="block-v1:TestX+RM1+2026+type@{block_type}+block@{block_id}"' in html
    assert html.count('data-state="active"') == 4
    assert "csrftoken" in response.cookies


def test_handler_enforces_csrf_and_records_completion(program):
    _pair, _mentor, mentee = factories.active_pair(program)
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee)
    client.get(UNIT)  # sets the csrftoken cookie, as the page does
    url = handler_url("revmentor_goals", "goals", "add_goal")
    body = json.dumps({"title": "Read my team's dashboard"})
    assert client.post(url, body, content_type="application/json").status_code == 403
    token = client.cookies["csrftoken"].value
    response = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json()["goal"]["title"] == "Read my team's dashboard"
    completion = BlockCompletion.objects.get(user=mentee, block_type="revmentor_goals")
    assert completion.completion == 1.0
    assert str(completion.block_key).endswith("type@revmentor_goals+block@goals")
    page = client.get(UNIT).content.decode()
    assert '<p class="sandbox-completion" data-completion-for="revmentor_goals">' in page
    assert "<strong>1.0</strong>" in page


def test_handler_errors_are_json_not_tracebacks(client, program):
    _pair, _mentor, mentee = factories.active_pair(program)
    client.force_login(mentee)
    response = client.post(
        handler_url("revmentor_goals", "goals", "add_goal"), "[]", content_type="application/json"
    )
    assert response.status_code == 400
    assert "error" in response.json()
    assert (
        client.post(
            handler_url("revmentor_goals", "goals", "nope"), "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            handler_url("revmentor_goals", "other", "add_goal"), "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(handler_url("revmentor_goals", "goals", "add_goal")).status_code == 405


@pytest.mark.parametrize(
    ("who", "role"), [("student", "student"), ("staff", "staff"), ("instructor", "instructor")]
)
def test_user_service_has_edx_platform_opt_attrs(db, who, role):
    user = {
        "student": factories.enrolled,
        "staff": factories.course_staff,
        "instructor": lambda: factories.course_staff(instructor=True),
    }[who]()
    runtime = courseware.SandboxRuntime(user=user, course_key=factories.COURSE)
    attrs = runtime.service(harness_block(runtime), "user").get_current_user().opt_attrs
    assert attrs["edx-platform.user_id"] == user.pk
    assert attrs["edx-platform.username"] == user.username
    assert attrs["edx-platform.user_role"] == role
    assert attrs["edx-platform.is_authenticated"] is True


def harness_block(runtime):
    return runtime.load_block(courseware.BlockDef("revmentor_goals", "goals"))


def test_demo_user_switcher_is_sandbox_only(client, db, settings):
    for username in ("journey_mentor", "journey_mentee"):  # seed_demo creates every demo account
        factories.enrolled(username)
    settings.SANDBOX_USER_SWITCHER = False
    settings.DEBUG = False
    assert client.post("/sandbox/switch-user/", {"username": "journey_mentor"}).status_code == 403
    settings.SANDBOX_USER_SWITCHER = True
    assert client.post("/sandbox/switch-user/", {"username": "not_a_demo_user"}).status_code == 403
    response = client.post("/sandbox/switch-user/", {"username": "journey_mentor", "next": UNIT})
    assert response.status_code == 302
    assert response["Location"] == UNIT
    assert client.get(UNIT).wsgi_request.user.username == "journey_mentor"
    response = client.post(
        "/sandbox/switch-user/", {"username": "journey_mentee", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_staff_can_pair_two_participants_in_the_sandbox(client, program, settings):
    settings.SANDBOX_USER_SWITCHER = True
    mentor, mentee = factories.enrolled(), factories.enrolled()
    factories.join(program, mentor, "mentor")
    factories.join(program, mentee, "mentee")
    client.force_login(mentee)
    data = {"course_id": str(factories.COURSE), "mentor": mentor.username, "mentee": mentee.username}
    assert client.post("/sandbox/propose-pair/", data).status_code == 403
    client.force_login(factories.course_staff())
    assert "Propose pair" in client.get(UNIT).content.decode()
    assert client.post("/sandbox/propose-pair/", {**data, "next": UNIT}).status_code == 302
    client.force_login(mentee)
    assert 'data-state="pair_pending"' in client.get(UNIT).content.decode()


def test_author_view_on_the_unit_page(client, program):
    client.force_login(factories.course_staff())
    html = client.get(UNIT + "?view=author").content.decode()
    assert html.count("xblock-author_view") == 4


@pytest.mark.django_db(transaction=True)
def test_a_handler_answers_503_with_retry_after_while_the_database_stays_locked(client, program):
    """Through the sandbox's handler view, outside ATOMIC_REQUESTS as the LMS's is: the service
    retries once, then the block answers 503 JSON, and the header reaches the browser."""
    _pair, mentor, mentee = factories.active_pair(program)
    client.force_login(mentee)
    url = handler_url("revmentor_goals", "goals", "add_goal")
    body = json.dumps({"title": "Read my team's dashboard"})
    with locks.blocked(Participant.objects.get(user=mentor)):
        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json()["error"]["message"].startswith("Other changes are being saved")
    assert not Goal.objects.exists()
    assert client.post(url, body, content_type="application/json").status_code == 200
