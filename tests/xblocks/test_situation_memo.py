"""The blocks of a unit resolve the viewer's situation once per request (``_viewed_situation``),
never keep it past the request, and never show one from before a handler's write."""

from __future__ import annotations

import pytest
from crum import set_current_request
from django.test import RequestFactory

from revmentor_plugin import services
from tests import factories

pytestmark = pytest.mark.django_db
UNIT = f"/courses/{factories.COURSE}/unit/mentoring/"


@pytest.fixture
def resolved(monkeypatch):
    """How many times ``services.viewer_situation`` ran."""
    calls: list[str] = []
    original = services.viewer_situation

    def counting(*args, **kwargs):
        calls.append(kwargs["program_id"])
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "viewer_situation", counting)
    return calls


def states(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-state="')[1:]]


def test_the_four_blocks_of_a_unit_resolve_the_situation_once_per_request(client, resolved):
    _pair, _mentor, mentee = factories.active_pair(factories.program())
    client.force_login(mentee)
    assert states(client.get(UNIT).content.decode()) == ["active"] * 4
    assert len(resolved) == 1
    services.write_reflection(_pair.uuid, user=mentee, body="Second thoughts", visibility="pair")
    html = client.get(UNIT).content.decode()  # the next request resolves it again, and sees the write
    assert len(resolved) == 2
    assert "Second thoughts" in html


def test_one_who_may_join_reads_join_in_the_pairing_block_and_not_joined_in_the_others(client, resolved):
    factories.program()
    client.force_login(factories.enrolled("jo_joiner"))
    assert states(client.get(UNIT).content.decode()) == ["join", "not_joined", "not_joined", "not_joined"]
    assert len(resolved) == 1


def test_outside_a_request_nothing_is_kept(harness, resolved):
    pair, _mentor, mentee = factories.active_pair(factories.program())
    assert "Build a dashboard" not in harness.render("revmentor_goals", mentee)
    services.add_goal(pair.uuid, user=mentee, title="Build a dashboard")
    assert "Build a dashboard" in harness.render("revmentor_goals", mentee)
    assert len(resolved) == 2


def test_a_view_after_a_handler_in_the_same_request_sees_the_handlers_write(harness, program, resolved):
    joiner = factories.enrolled("jo_joiner")
    set_current_request(RequestFactory().get(UNIT))
    try:
        assert states(harness.render("revmentor_pairing", joiner)) == ["join"]
        assert states(harness.render("revmentor_goals", joiner)) == ["not_joined"]
        assert len(resolved) == 1  # the second block read the first one's
        joining = {"role": "mentee", "skills": ["python"], "ratings": {"python": 2}}
        status, body = harness.call("revmentor_pairing", "join", joining, joiner)
        assert status == 200, body
        assert services.participant_for_user(program.uuid, joiner) is not None
        assert states(harness.render("revmentor_pairing", joiner)) == ["no_partner"]
        assert states(harness.render("revmentor_goals", joiner)) == ["no_partner"]
    finally:
        set_current_request(None)
