"""The demo seed builds pairs in every state and every health, through the services."""

import pytest
from django.core.management import call_command
from sandbox_lms import demo

from revmentor_plugin import services

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_every_state_and_health(client):
    call_command("seed_demo")
    (program,) = services.programs_in_course(demo.COURSE_KEY)
    assert program.status == "active"
    pairs = services.pairs_of_program(program.uuid)
    assert {p.status for p in pairs} == {"proposed", "active", "completed", "declined", "closed"}
    health = {p.health.status for p in pairs if p.health}
    assert health == {"on_track", "needs_attention", "at_risk"}
    assert services.health_counts(program.uuid)["total"] == 9
    active = next(p for p in pairs if p.status == "active")
    assert services.sessions_of_pair(active.uuid)
    assert services.goals_of_pair(active.uuid)

    call_command("seed_demo")  # a second run changes nothing
    assert len(services.pairs_of_program(program.uuid)) == len(pairs)

    page = client.get("/")
    assert page.status_code == 200
    assert demo.STAFF in page.content.decode()
    assert client.login(username=demo.STAFF, password=demo.PASSWORD)
