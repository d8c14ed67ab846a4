"""REST: a partner downloads a planned session's .ics, the same file the emails carry (ADR 0015)."""

import datetime as dt

import icalendar
import pytest
from freezegun import freeze_time

from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(program):
    mentor = factories.enrolled("amara_dev")
    factories.profile_name(mentor, "Amara Dev")
    mentee = factories.enrolled("bob_exec")
    factories.join(program, mentor, "mentor", timezone="Europe/Berlin")
    factories.join(program, mentee, "mentee", timezone="America/New_York")
    return factories.active_pair(program, mentor, mentee)


def _url(pair, *parts):
    return API + f"pairs/{pair.uuid}/planned-sessions/" + "".join(f"{p}/" for p in parts)


def _event(response):
    assert response.status_code == 200, response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    return calendar["METHOD"], event


@freeze_time("2026-03-02 12:00:00")
def test_the_download_follows_the_plan_from_request_to_cancel(pair):
    data, mentor, mentee = pair
    as_mentee, as_mentor = client_for(mentee), client_for(mentor)
    body = {"starts_at": "2026-03-10T14:00", "duration_minutes": 45, "location": "https://meet.example/x"}
    plan = as_mentee.post(_url(data), body, format="json").json()
    as_mentor.post(_url(data, plan["id"], "confirm"))
    download = _url(data, plan["id"]) + "invitation.ics"

    method, event = _event(as_mentor.get(download))
    assert (method, event["STATUS"], event["SEQUENCE"], str(event["UID"])) == (
        "REQUEST",
        "CONFIRMED",
        0,
        plan["uid"],
    )
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event["LOCATION"] == "https://meet.example/x"
    assert (str(event["ORGANIZER"]), event["ORGANIZER"].params["CN"]) == (
        "mailto:bob_exec@example.com",
        "bob_exec",
    )
    assert (str(event["ATTENDEE"]), event["ATTENDEE"].params["CN"]) == (
        "mailto:amara_dev@example.com",
        "Amara Dev",
    )

    as_mentee.post(_url(data, plan["id"], "cancel"))
    method, event = _event(as_mentee.get(download))
    assert (method, event["STATUS"], event["SEQUENCE"], str(event["UID"])) == (
        "CANCEL",
        "CANCELLED",
        1,
        plan["uid"],
    )


@freeze_time("2026-03-02 12:00:00")
def test_another_pairs_plan_is_not_found(pair, program):
    data, _mentor, mentee = pair
    plan = client_for(mentee).post(
        _url(data), {"starts_at": "2026-03-10T14:00", "duration_minutes": 45}, format="json"
    )
    other, other_mentor, _ = factories.active_pair(program)
    response = client_for(other_mentor).get(_url(other, plan.json()["id"]) + "invitation.ics")
    assert response.status_code == 404
