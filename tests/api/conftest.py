"""A small course with every role of DESIGN §2, built through the services, for the API tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from revmentor_plugin import services
from tests import factories

API = "/api/revmentor/v1/"


def build_world() -> SimpleNamespace:
    program = factories.program()
    draft = factories.program(name="Draft", status="draft")
    pair, mentor, mentee = factories.active_pair(
        program, mentor=factories.enrolled("mentor"), mentee=factories.enrolled("mentee")
    )
    other, other_mentor, _other_mentee = factories.active_pair(
        program, mentor=factories.enrolled("other_pair")
    )
    free_mentor, free_mentee = factories.enrolled("free_mentor"), factories.enrolled("free_mentee")
    factories.enrolled("addable")  # enrolled, not in the program: staff may add them
    factories.join(program, free_mentor, "mentor")
    factories.join(program, free_mentee, "mentee")
    goal = services.add_goal(pair.uuid, user=mentee, title="Read a pull request")
    session = services.log_session(
        pair.uuid,
        user=mentor,
        occurred_on=timezone.localdate(),
        duration_minutes=45,
        led_by="mentor",
        notes="Pair-only notes",
    )
    for visibility in ("private", "pair", "staff"):
        services.write_reflection(pair.uuid, user=mentor, body=f"mentor {visibility}", visibility=visibility)
    services.write_reflection(pair.uuid, user=mentee, body="mentee private", visibility="private")
    services.record_pulse(
        pair.uuid, user=mentee, trust=4, comfort=4, career_support=3, psychosocial_support=4, role_modeling=5
    )
    users = {
        "anonymous": AnonymousUser(),
        "outsider": factories.make_user("outsider"),
        "bystander": factories.enrolled("bystander"),
        "mentor": mentor,
        "mentee": mentee,
        "other_pair": other_mentor,
        "course_staff": factories.course_staff("course_staff"),
        "instructor": factories.course_staff("instructor", instructor=True),
        "org_staff": factories.org_staff("org_staff"),
        "other_staff": factories.course_staff("other_staff", course=factories.OTHER_COURSE),
        "operator": factories.operator("operator"),
    }
    run = services.start_matching_run(program.uuid)
    with override_settings(REVMENTOR_IMPORT_ASYNC_THRESHOLD=0):  # queued; its task never runs here
        queued_import = services.import_participants(
            program.uuid, csv_text="username,role,department\nfree_mentee,mentee,Finance\n"
        )
    return SimpleNamespace(
        run=run,
        queued_import=queued_import,
        program=program,
        draft=draft,
        pair=pair,
        other_pair=other,
        goal=goal,
        session=session,
        users=users,
        free_mentor=free_mentor,
        free_mentee=free_mentee,
    )


@pytest.fixture
def world(db):
    return build_world()


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None and user.is_authenticated:
        client.force_authenticate(user)
    return client


@pytest.fixture
def as_role(world):
    return lambda role: client_for(world.users[role])
