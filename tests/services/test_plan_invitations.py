"""The planned-session services send the calendar invitations (ADR 0015): on confirmation, on a
move of a confirmed plan, on a cancellation or decline of one that reached the calendars; and the
daily reminder run reminds both partners the day before."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories

pytestmark = pytest.mark.django_db

NOW = "2026-03-02 12:00:00"


@pytest.fixture
def pair(program):
    """An active pair: the mentor in Paris, the mentee in Los Angeles."""
    mentor = factories.enrolled("amara")
    factories.profile_name(mentor, "Amara Dev")
    mentee = factories.enrolled("bo")
    factories.profile_name(mentee, "Bo Li")
    factories.join(program, mentor, "mentor", timezone="Europe/Paris")
    factories.join(program, mentee, "mentee", timezone="America/Los_Angeles")
    return factories.active_pair(program, mentor, mentee)


def _calendar(message):
    (part,) = message.attachments
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return part.get_param("method"), calendar["METHOD"], event


@freeze_time(NOW)
def test_confirming_mails_both_partners_the_invitation_once_committed(
    pair, django_capture_on_commit_callbacks
):
    data, mentor, mentee = pair
    plan = services.propose_session(data.uuid, user=mentee, starts_at="2026-03-10T09:00", duration_minutes=45)
    assert mail.outbox == []  # a proposal sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.confirm_planned_session(data.uuid, plan.id, user=mentor)
    assert sorted(message.to[0] for message in mail.outbox) == ["amara@example.com", "bo@example.com"]
    to_amara = next(message for message in mail.outbox if message.to == ["amara@example.com"])
    assert "Tuesday March 10, 2026, 5 p.m. your time (9 a.m. for Bo Li)" in to_amara.body
    part_method, method, event = _calendar(to_amara)
    assert (part_method, method, event["SEQUENCE"], str(event["UID"])) == (
        "REQUEST",
        "REQUEST",
        0,
        confirmed.uid,
    )
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC)
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    # confirming again (a double click) sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_planned_session(data.uuid, plan.id, user=mentor)
    assert len(mail.outbox) == 2


@freeze_time(NOW)
def test_a_move_of_a_confirmed_plan_is_an_update_and_a_cancellation_a_cancel(
    pair, django_capture_on_commit_callbacks
):
    data, mentor, mentee = pair
    plan = services.propose_session(data.uuid, user=mentee, starts_at="2026-03-10T09:00", duration_minutes=45)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_planned_session(data.uuid, plan.id, user=mentor)
        services.reschedule_planned_session(data.uuid, plan.id, user=mentor, starts_at="2026-03-12T18:00")
    moved = mail.outbox[2:]
    assert len(moved) == 2
    assert moved[0].subject.startswith("Changed: your mentoring session with")
    _, method, event = _calendar(moved[0])
    assert (method, event["SEQUENCE"], event["STATUS"]) == ("REQUEST", 1, "TENTATIVE")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"  # the mentor entered the new time
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 12, 17, 0, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_planned_session(data.uuid, plan.id, user=mentee)
    cancelled = mail.outbox[4:]
    assert len(cancelled) == 2
    part_method, method, event = _calendar(cancelled[0])
    assert (part_method, method, event["STATUS"], event["SEQUENCE"]) == ("CANCEL", "CANCEL", "CANCELLED", 2)


@freeze_time(NOW)
def test_a_proposal_declined_or_cancelled_before_anyone_confirmed_it_sends_nothing(
    pair, django_capture_on_commit_callbacks
):
    data, mentor, mentee = pair
    first = services.propose_session(
        data.uuid, user=mentee, starts_at="2026-03-10T09:00", duration_minutes=45
    )
    second = services.propose_session(
        data.uuid, user=mentee, starts_at="2026-03-11T09:00", duration_minutes=45
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_planned_session(data.uuid, first.id, user=mentor)
        services.cancel_planned_session(data.uuid, second.id, user=mentee)
    assert mail.outbox == []


def test_the_daily_run_reminds_both_partners_the_day_before(pair, django_capture_on_commit_callbacks):
    data, mentor, mentee = pair
    with freeze_time(NOW), django_capture_on_commit_callbacks(execute=True):
        plan = services.propose_session(
            data.uuid, user=mentee, starts_at="2026-03-10T09:00", duration_minutes=45
        )
        services.confirm_planned_session(data.uuid, plan.id, user=mentor)
    mail.outbox.clear()
    # 16:00 UTC on 9 March: 17:00 in Paris and 09:00 in Los Angeles, the day before for both
    with freeze_time("2026-03-09 16:00"):
        summary = services.send_reminders()
    assert summary.as_dict()["sent"] == {"plan": 2}
    assert sorted(
        m.to[0] for m in mail.outbox if m.subject.startswith("Your mentoring session tomorrow")
    ) == [
        "amara@example.com",
        "bo@example.com",
    ]
    with freeze_time("2026-03-09 17:00"):
        assert services.send_reminders().already_sent == 2
