"""The pairing block's JSON handlers (join, accept, decline): good input changes data through the
services; junk input answers 4xx JSON and writes nothing."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories


def test_join_as_mentor_with_a_profile(harness, program):
    user = factories.enrolled()
    status, body = harness.call(
        "revmentor_pairing",
        "join",
        {
            "role": "mentor",
            "skills": ["python"],
            "interests": ["jazz"],
            "languages": ["en", "fr"],
            "timezone": "Europe/Paris",
            "capacity": 2,
            "learning_preferences": "Short demos",
            "motivations": "Practise leading",
            "ratings": factories.leadership_ratings(program, 2),
        },
        user,
    )
    assert status == 200
    assert body == {"role": "mentor", "status": "active"}
    joined = services.participant_for_user(program.uuid, user)
    assert joined.skills_offered == ("python",)
    assert joined.capacity == 2
    assert joined.timezone == "Europe/Paris"


def test_join_as_mentee_maps_skills_to_sought_and_ignores_capacity(harness, program):
    user = factories.enrolled()
    status, _body = harness.call(
        "revmentor_pairing",
        "join",
        {"role": "mentee", "skills": ["python"], "capacity": 3, "ratings": {"python": 2}},
        user,
    )
    assert status == 200
    joined = services.participant_for_user(program.uuid, user)
    assert joined.skills_sought == ("python",)
    assert joined.capacity == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "boss"}, "role"),
        ({}, "role"),
        ({"role": "mentor", "skills": ["no-such-skill"]}, "skills_offered"),
        ({"role": "mentor", "skills": "python"}, "skills_offered"),
        ({"role": "mentor", "timezone": "Mars/Olympus"}, "timezone"),
        ({"role": "mentor", "languages": "en"}, "languages"),
        ({"role": "mentor", "capacity": "lots"}, "capacity"),
        ({"role": "mentor", "capacity": 99}, "capacity"),
        ({"role": "mentor", "interests": {"a": 1}}, "interests"),
        ({"role": "mentor", "motivations": ["x"]}, "motivations"),
    ],
)
def test_join_refuses_junk_and_writes_nothing(harness, program, payload, field):
    user = factories.enrolled()
    status, body = harness.call("revmentor_pairing", "join", payload, user)
    assert status == 400
    assert field in body["error"]["fields"]
    assert services.participant_for_user(program.uuid, user) is None


def test_join_twice_is_a_conflict(harness, program):
    user = factories.enrolled()
    factories.join(program, user, "mentor")
    status, _body = harness.call("revmentor_pairing", "join", {"role": "mentor"}, user)
    assert status == 409


@pytest.mark.parametrize("who", ["anonymous", "staff", "not_enrolled"])
def test_join_refused_for_those_who_cannot_join(harness, program, who):
    user = {"anonymous": None, "staff": factories.course_staff(), "not_enrolled": factories.make_user()}[who]
    status, body = harness.call("revmentor_pairing", "join", {"role": "mentor"}, user)
    assert status in (403, 409)
    assert "error" in body
    assert services.participants_of_program(program.uuid) == []


def test_join_without_any_program_is_404(harness, db):
    status, _body = harness.call("revmentor_pairing", "join", {"role": "mentor"}, factories.enrolled())
    assert status == 404


def test_accept_by_both_activates_the_pair(harness, program):
    _pair, mentor, mentee = factories.proposed_pair(program)
    status, body = harness.call("revmentor_pairing", "accept", {}, mentor)
    assert status == 200
    assert body["status"] == "proposed"
    assert body["accepted_by"] == ["mentor"]
    status, body = harness.call("revmentor_pairing", "accept", {}, mentee)
    assert status == 200
    assert body["status"] == "active"


def test_decline_ends_the_proposed_pair(harness, program):
    pair, _mentor, mentee = factories.proposed_pair(program)
    status, body = harness.call("revmentor_pairing", "decline", {"reason": "Not now"}, mentee)
    assert status == 200
    assert body["status"] == "declined"
    assert services.get_pair(pair.uuid).closed_reason == "Not now"


def test_decline_junk_reason_is_400_and_pair_stays(harness, program):
    pair, _mentor, mentee = factories.proposed_pair(program)
    status, _body = harness.call("revmentor_pairing", "decline", {"reason": ["x"]}, mentee)
    assert status == 400
    assert services.get_pair(pair.uuid).status == "proposed"


def test_accept_without_a_pair_is_refused(harness, program):
    user = factories.enrolled()
    factories.join(program, user, "mentee")
    status, body = harness.call("revmentor_pairing", "accept", {}, user)
    assert status == 409
    assert body["error"]["message"].startswith("You have joined as")
