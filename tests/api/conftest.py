"""A small course with every role of docs/DESIGN.md §2, built through the services, for the API tests."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from revmentor_plugin import services
from tests import factories

API = "/api/revmentor/v1/"


def build_world() -> SimpleNamespace:
    """``factories.world`` and what the API's tables also reach: a mentor and a mentee free to be
    paired (``free_mentor``, ``free_mentee``), an enrolled user staff may add ("addable"), the
    pair's goal and session (notes "Pair-only notes"), the mentee's private reflection, a matching
    run, a milestone of the organizational outcome and a queued import."""
    world = factories.world()
    pair, users = world.pair, world.users
    free_mentor, free_mentee = factories.enrolled("free_mentor"), factories.enrolled("free_mentee")
    factories.enrolled("addable")  # enrolled, not in the program: staff may add them
    factories.join(world.program, free_mentor, "mentor")
    factories.join(world.program, free_mentee, "mentee")
    goal = factories.write(pair, users["mentee"], goal="Read a pull request").goal
    session = factories.write(
        pair, users["mentor"], session={"duration_minutes": 45, "notes": "Pair-only notes"}
    ).session
    factories.write(pair, users["mentee"], reflection="mentee private")
    soon = f"{timezone.localdate() + dt.timedelta(days=7)}T10:00"
    plan = services.propose_session(
        pair.uuid, user=users["mentor"], starts_at=soon, duration_minutes=30, location="Pair-only place"
    )
    run = services.start_matching_run(world.program.uuid)
    outcome = services.record_outcome(
        world.program.uuid,
        user=users["course_staff"],
        measure="Senior leaders on the dashboard weekly",
        value=4,
        recorded_on=timezone.localdate(),
    )
    with override_settings(REVMENTOR_IMPORT_ASYNC_THRESHOLD=0):  # queued; its task never runs here
        queued_import = services.import_participants(
            world.program.uuid, csv_text="username,role,department\nfree_mentee,mentee,Finance\n"
        )
    return SimpleNamespace(
        **vars(world),
        run=run,
        outcome=outcome,
        queued_import=queued_import,
        goal=goal,
        session=session,
        plan=plan,
        free_mentor=free_mentor,
        free_mentee=free_mentee,
    )


_world, world = factories.built_once_fixtures(build_world)


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None and user.is_authenticated:
        client.force_authenticate(user)
    return client


@pytest.fixture
def as_role(world):
    return lambda role: client_for(world.users[role])
