"""REST: a pair plans a session, in each partner's own time zone, and moves it along."""

import pytest
from freezegun import freeze_time

from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(program):
    mentor, mentee = factories.enrolled("amara_dev"), factories.enrolled("bob_exec")
    factories.join(program, mentor, "mentor", timezone="Europe/Berlin")
    factories.join(program, mentee, "mentee", timezone="America/New_York")
    return factories.active_pair(program, mentor, mentee)


def _url(pair, *parts):
    return API + f"pairs/{pair.uuid}/planned-sessions/" + "".join(f"{p}/" for p in parts)


@freeze_time("2026-03-02 12:00:00")
def test_propose_confirm_reschedule_cancel(pair):
    data, mentor, mentee = pair
    as_mentee, as_mentor = client_for(mentee), client_for(mentor)
    body = {"starts_at": "2026-03-10T14:00", "duration_minutes": 45, "location": "https://meet.example/x"}
    created = as_mentee.post(_url(data), body, format="json")
    assert created.status_code == 201, created.content
    plan = created.json()
    # 14:00 in New York (EDT since 8 March) is 18:00 UTC, 19:00 in Berlin (CET until 29 March).
    assert (plan["starts_at"], plan["local_starts_at"], plan["timezone"]) == (
        "2026-03-10T18:00:00Z",
        "2026-03-10T14:00",
        "America/New_York",
    )
    assert (plan["status"], plan["proposed_by"], plan["sequence"]) == ("proposed", "mentee", 0)

    assert as_mentee.post(_url(data, plan["id"], "confirm")).status_code == 409
    confirmed = as_mentor.post(_url(data, plan["id"], "confirm")).json()
    assert confirmed["status"] == "confirmed"

    moved = as_mentor.post(
        _url(data, plan["id"], "reschedule"), {"starts_at": "2026-03-11T20:00"}, format="json"
    )
    assert moved.status_code == 200, moved.content
    assert (moved.json()["starts_at"], moved.json()["local_starts_at"], moved.json()["sequence"]) == (
        "2026-03-11T19:00:00Z",
        "2026-03-11T20:00",
        1,
    )
    assert moved.json()["location"] == "https://meet.example/x"

    cancelled = as_mentee.post(_url(data, plan["id"], "cancel")).json()
    assert (cancelled["status"], cancelled["sequence"], cancelled["uid"]) == ("cancelled", 2, plan["uid"])
    listed = as_mentor.get(_url(data)).json()["results"]
    assert [(p["id"], p["status"]) for p in listed] == [(plan["id"], "cancelled")]


@freeze_time("2026-03-02 12:00:00")
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"duration_minutes": 30}, "starts_at"),
        ({"starts_at": "2026-03-10", "duration_minutes": 30}, "starts_at"),
        ({"starts_at": "2026-02-10T10:00", "duration_minutes": 30}, "starts_at"),
        ({"starts_at": "2026-03-08T02:30", "duration_minutes": 30}, "starts_at"),  # skipped in New York
        ({"starts_at": "2026-03-10T10:00", "duration_minutes": 0}, "duration_minutes"),
        ({"starts_at": "2026-03-10T10:00", "duration_minutes": 30, "timezone": "Nowhere"}, "timezone"),
        ({"starts_at": "2026-03-10T10:00", "duration_minutes": 30, "mode": "fax"}, "mode"),
        ({"starts_at": "2026-03-10T10:00", "duration_minutes": 30, "where": "here"}, "where"),
    ],
)
def test_bad_proposals_are_400_on_the_field(pair, body, field):
    data, _mentor, mentee = pair
    response = client_for(mentee).post(_url(data), body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert client_for(mentee).get(_url(data)).json()["results"] == []


@freeze_time("2026-03-02 12:00:00")
def test_a_plan_of_another_pair_is_not_found(program, pair):
    data, mentor, _ = pair
    other, other_mentor, _ = factories.active_pair(program)
    plan = client_for(other_mentor).post(
        _url(other), {"starts_at": "2026-03-10T10:00", "duration_minutes": 30}, format="json"
    )
    assert plan.status_code == 201
    assert client_for(mentor).post(_url(data, plan.json()["id"], "cancel")).status_code == 404
    assert client_for(mentor).get(_url(data, "1.5")).status_code == 404
