"""Calendar invitations of planned sessions: the RFC 5545 files, parsed back with ``icalendar``,
and the emails that carry them, with their attachments."""

import datetime as dt
import smtplib
import uuid
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import translation

from revmentor_plugin import services
from revmentor_plugin.data import PlannedSessionData, PlanStatus, Role, SessionMode
from revmentor_plugin.services import invitations
from revmentor_plugin.services.invitations import Invitee, invitation, send_invitations, side_by_side
from tests import factories

PAIR = uuid.UUID("12345678-1234-5678-1234-567812345678")
UID = f"plan-1-{PAIR}@revmentor"
STAMP = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
AMARA = Invitee(Role.MENTOR, "Amara Dev", "amara@example.com", "Europe/Berlin")
BO = Invitee(Role.MENTEE, "Bo Li", "bo@example.com", "Europe/London")


def _plan(**changes):
    values = {
        "id": 1,
        "pair_uuid": PAIR,
        "uid": UID,
        "sequence": 0,
        "status": PlanStatus.CONFIRMED,
        # Tuesday 3 March 2026, 14:00 in London (GMT) is 15:00 in Berlin (CET)
        "starts_at": dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC),
        "timezone": "Europe/London",
        "duration_minutes": 45,
        "mode": SessionMode.VIDEO,
        "location": "https://meet.example.com/abc",
        "proposed_by": Role.MENTEE,
        "confirmed_at": STAMP,
        "created": STAMP,
        "modified": STAMP,
    }
    values.update(changes)
    return PlannedSessionData(**values)


def _parse(data):
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _ics(plan, **kwargs):
    return invitation(plan, mentor=AMARA, mentee=BO, summary="Mentoring session", stamp=STAMP, **kwargs)


def test_a_confirmed_plan_is_a_request_with_every_field_an_invitation_needs():
    calendar, event = _parse(_ics(_plan(), description="Digital skills exchange"))
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == invitations.PRODID
    assert str(event["UID"]) == UID
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Mentoring session"
    assert event["DESCRIPTION"] == "Digital skills exchange"
    assert event["LOCATION"] == "https://meet.example.com/abc"
    assert event.decoded("DTSTAMP") == STAMP
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(minutes=45)
    # written in the proposer's zone, which the file describes
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    # the mentee proposed: they organise, the mentor who confirmed attends
    organizer, attendee = event["ORGANIZER"], event["ATTENDEE"]
    assert (str(organizer), organizer.params["CN"]) == ("mailto:bo@example.com", "Bo Li")
    assert (str(attendee), attendee.params["CN"]) == ("mailto:amara@example.com", "Amara Dev")
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"


def test_the_mentor_organises_what_they_propose_and_a_proposal_is_tentative():
    _, event = _parse(_ics(_plan(proposed_by=Role.MENTOR, status=PlanStatus.PROPOSED, confirmed_at=None)))
    assert str(event["ORGANIZER"]) == "mailto:amara@example.com"
    assert str(event["ATTENDEE"]) == "mailto:bo@example.com"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["STATUS"] == "TENTATIVE"


def test_a_reschedule_is_an_update_of_the_same_event_with_a_higher_sequence():
    first = _parse(_ics(_plan()))[1]
    calendar, moved = _parse(
        _ics(_plan(sequence=1, starts_at=dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC), location=""))
    )
    assert calendar["METHOD"] == "REQUEST"
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] > first["SEQUENCE"]
    assert moved.decoded("DTSTART") == dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)
    assert "LOCATION" not in moved


@pytest.mark.parametrize("status", [PlanStatus.CANCELLED, PlanStatus.DECLINED])
def test_a_plan_that_no_longer_stands_is_a_cancel_of_the_same_event(status):
    calendar, event = _parse(_ics(_plan(status=status, sequence=2)))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == UID
    assert event["SEQUENCE"] == 2
    assert str(event["ORGANIZER"]) == "mailto:bo@example.com"
    assert str(event["ATTENDEE"]) == "mailto:amara@example.com"


def test_the_zone_carries_its_daylight_saving_rules_across_a_change_of_clocks():
    # Europe/London moves to summer time on Sunday 29 March 2026: 14:00 on the Saturday before is
    # 14:00 UTC, 14:00 on the Monday after is 13:00 UTC; a calendar must get both right.
    london = ZoneInfo("Europe/London")
    for local, utc_hour in (
        (dt.datetime(2026, 3, 28, 14, 0, tzinfo=london), 14),
        (dt.datetime(2026, 3, 30, 14, 0, tzinfo=london), 13),
    ):
        calendar, event = _parse(_ics(_plan(starts_at=local.astimezone(dt.UTC))))
        assert "DTSTART;TZID=Europe/London:" + local.strftime("%Y%m%dT%H%M%S") in _ics(
            _plan(starts_at=local.astimezone(dt.UTC))
        ).decode().replace("\r\n", "\n")
        assert event.decoded("DTSTART").astimezone(dt.UTC).hour == utc_hour
        (vtimezone,) = calendar.walk("VTIMEZONE")
        assert {sub.name for sub in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
        # the file's own VTIMEZONE, read by the library, gives the same instant
        assert vtimezone.to_tz().utcoffset(local.replace(tzinfo=None)) == local.utcoffset()


def test_names_places_and_titles_with_punctuation_read_back_as_written():
    quoted = Invitee(Role.MENTOR, 'Ann "Annie" O\'Brien, PhD; x:y', "ann@example.com", "Asia/Tokyo")
    plan = _plan(location="Room 3, floor 2; bring a laptop\nsecond line")
    data = invitation(plan, mentor=quoted, mentee=BO, summary="Python, pandas; and more", stamp=STAMP)
    _, event = _parse(data)
    assert event["ATTENDEE"].params["CN"] == 'Ann "Annie" O\'Brien, PhD; x:y'
    assert event["LOCATION"] == "Room 3, floor 2; bring a laptop\nsecond line"
    assert event["SUMMARY"] == "Python, pandas; and more"
    # every content line is folded at 75 octets, as RFC 5545 requires
    assert max(len(line) for line in data.split(b"\r\n")) <= 75


def test_an_unknown_zone_falls_back_to_utc_rather_than_failing():
    _, event = _parse(_ics(_plan(timezone="Mars/Olympus")))
    assert event.decoded("DTSTART") == dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("starts_at", "reader", "partner", "expected"),
    [
        # London and Berlin, one hour apart
        (
            dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC),
            BO,
            AMARA,
            "Tuesday March 3, 2026, 2 p.m. your time (3 p.m. for Amara Dev)",
        ),
        # twelve hours apart: Auckland (UTC+13 in its summer) and Honolulu (UTC-10), a day apart
        (
            dt.datetime(2026, 3, 3, 20, 0, tzinfo=dt.UTC),
            Invitee(Role.MENTEE, "Kiri", "", "Pacific/Auckland"),
            Invitee(Role.MENTOR, "Leilani", "", "Pacific/Honolulu"),
            "Wednesday March 4, 2026, 9 a.m. your time (Tuesday March 3, 2026, 10 a.m. for Leilani)",
        ),
        # the same wall clock: no second time
        (
            dt.datetime(2026, 3, 3, 14, 0, tzinfo=dt.UTC),
            BO,
            Invitee(Role.MENTOR, "Ann", "", "Europe/Dublin"),
            "Tuesday March 3, 2026, 2 p.m. your time",
        ),
        # the week after London's clocks change and before New York's change back: four hours
        (
            dt.datetime(2026, 3, 30, 13, 0, tzinfo=dt.UTC),
            BO,
            Invitee(Role.MENTOR, "Nia", "", "America/New_York"),
            "Monday March 30, 2026, 2 p.m. your time (9 a.m. for Nia)",
        ),
    ],
)
def test_each_partner_reads_the_time_in_their_zone_beside_the_others(starts_at, reader, partner, expected):
    with translation.override("en"):
        assert side_by_side(starts_at, reader=reader, partner=partner) == expected


def _attachment(message):
    (part,) = message.attachments
    return part


def test_both_partners_get_an_invitation_with_the_ics_attached(settings):
    settings.DEFAULT_FROM_EMAIL = "mentoring@example.com"
    with translation.override("en"):
        sent = send_invitations(
            _plan(),
            mentor=AMARA,
            mentee=BO,
            program_name="Digital skills exchange",
            link="https://lms.example.com/unit",
            stamp=STAMP,
        )
    assert sent == 2
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert set(by_reader) == {"amara@example.com", "bo@example.com"}
    to_bo = by_reader["bo@example.com"]
    assert to_bo.from_email == "mentoring@example.com"
    assert to_bo.subject == "Your mentoring session with Amara Dev is planned"
    assert "Tuesday March 3, 2026, 2 p.m. your time (3 p.m. for Amara Dev)" in to_bo.body
    assert "45 minutes, Video call" in to_bo.body
    assert "https://meet.example.com/abc" in to_bo.body
    assert "Write to Amara Dev: amara@example.com" in to_bo.body
    assert "https://lms.example.com/unit" in to_bo.body
    to_amara = by_reader["amara@example.com"]
    assert "Tuesday March 3, 2026, 3 p.m. your time (2 p.m. for Bo Li)" in to_amara.body
    for message in (to_bo, to_amara):
        part = _attachment(message)
        assert part.get_content_type() == "text/calendar"
        assert part.get_param("method") == "REQUEST"
        assert part.get_filename() == invitations.FILENAME
        calendar, event = _parse(part.get_payload(decode=True))
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == UID
        assert event["SUMMARY"] == "Mentoring session: Digital skills exchange"
        assert "https://lms.example.com/unit" in event["DESCRIPTION"]
    # the whole message, as it goes over the wire, still carries a calendar part
    assert 'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"' in to_bo.message().as_string()


def test_an_update_and_a_cancellation_are_mailed_as_such():
    with translation.override("en"):
        send_invitations(_plan(sequence=1), mentor=AMARA, mentee=BO, program_name="P", stamp=STAMP)
        send_invitations(
            _plan(sequence=2, status=PlanStatus.CANCELLED), mentor=AMARA, mentee=BO, program_name="P"
        )
    update, _update2, cancel, _cancel2 = mail.outbox
    assert update.subject.startswith("Changed: your mentoring session with")
    assert "has a new time" in update.body
    assert _parse(_attachment(update).get_payload(decode=True))[1]["SEQUENCE"] == 1
    assert cancel.subject.startswith("Cancelled: your mentoring session with")
    assert "takes it off your calendar" in cancel.body
    part = _attachment(cancel)
    assert part.get_param("method") == "CANCEL"
    calendar, event = _parse(part.get_payload(decode=True))
    assert (calendar["METHOD"], event["STATUS"], event["SEQUENCE"]) == ("CANCEL", "CANCELLED", 2)


class RefusingBackend(locmem.EmailBackend):
    """An SMTP server that refuses one recipient, as a real one does for a dead mailbox."""

    def send_messages(self, messages):
        for message in messages:
            if "amara@example.com" in message.to:
                raise smtplib.SMTPRecipientsRefused({"amara@example.com": (550, b"No such mailbox")})
        return super().send_messages(messages)


def test_a_partner_without_an_email_gets_none():
    no_email = Invitee(Role.MENTOR, "Amara Dev", "", "Europe/Berlin")
    assert send_invitations(_plan(), mentor=no_email, mentee=BO, program_name="P") == 1
    assert [message.to for message in mail.outbox] == [["bo@example.com"]]


def test_a_refused_recipient_does_not_stop_the_partners_email_and_is_not_logged(settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    assert send_invitations(_plan(), mentor=AMARA, mentee=BO, program_name="P") == 1
    assert [message.to for message in mail.outbox] == [["bo@example.com"]]
    assert "SMTPRecipientsRefused" in caplog.text
    assert "amara" not in caplog.text


# --- on a real pair: the partners' names, addresses and zones come from their accounts and profiles


@pytest.fixture
def far_apart(program):
    """An active pair twelve hours apart: the mentor in Auckland, the mentee in Honolulu."""
    mentor = factories.enrolled("kiri")
    factories.profile_name(mentor, "Kiri Tane")
    mentee = factories.enrolled("leilani")  # no profile name: the username stands in
    factories.join(program, mentor, "mentor", timezone="Pacific/Auckland")
    factories.join(program, mentee, "mentee", timezone="Pacific/Honolulu")
    pair, *_ = factories.active_pair(program, mentor=mentor, mentee=mentee)
    return pair


def _plan_of(pair, **changes):
    return _plan(
        pair_uuid=pair.uuid, uid=f"plan-1-{pair.uuid}@revmentor", timezone="Pacific/Honolulu", **changes
    )


def test_the_pairs_partners_are_invited_each_in_their_own_zone(far_apart, settings):
    settings.SANDBOX_SITE_CONFIGURATION = {"LMS_ROOT_URL": "https://mentoring.example.org"}
    # Tuesday 3 March 2026, 10:00 in Honolulu (UTC-10) is Wednesday 9:00 in Auckland (UTC+13)
    plan = _plan_of(far_apart, starts_at=dt.datetime(2026, 3, 3, 20, 0, tzinfo=dt.UTC), location="")
    with translation.override("en"):
        assert services.send_plan_invitations(plan, stamp=STAMP) == 2
    by_reader = {message.to[0]: message for message in mail.outbox}
    to_kiri, to_leilani = by_reader["kiri@example.com"], by_reader["leilani@example.com"]
    assert to_kiri.body.startswith("Hello Kiri Tane,")
    assert (
        "Wednesday March 4, 2026, 9 a.m. your time (Tuesday March 3, 2026, 10 a.m. for leilani)"
        in to_kiri.body
    )
    assert "Tuesday March 3, 2026, 10 a.m. your time (Wednesday March 4, 2026, 9 a.m. for Kiri Tane)" in (
        to_leilani.body
    )
    assert "https://mentoring.example.org/courses/" in to_kiri.body
    _, event = _parse(_attachment(to_kiri).get_payload(decode=True))
    assert event["DTSTART"].params["TZID"] == "Pacific/Honolulu"
    assert event.decoded("DTSTART").astimezone(ZoneInfo("Pacific/Auckland")) == dt.datetime(
        2026, 3, 4, 9, 0, tzinfo=ZoneInfo("Pacific/Auckland")
    )
    # the mentee proposed it: they organise, under their username since they have no name
    assert (str(event["ORGANIZER"]), event["ORGANIZER"].params["CN"]) == (
        "mailto:leilani@example.com",
        "leilani",
    )
    assert event["ATTENDEE"].params["CN"] == "Kiri Tane"


def test_the_download_is_the_same_event_as_the_email(far_apart):
    plan = _plan_of(far_apart)
    with translation.override("en"):
        services.send_plan_invitations(plan, stamp=STAMP)
        download = services.plan_invitation(plan, stamp=STAMP)
    emailed = _attachment(mail.outbox[0]).get_payload(decode=True)
    assert download == emailed
    calendar, event = _parse(download)
    assert (calendar["METHOD"], str(event["UID"]), event["SUMMARY"]) == (
        "REQUEST",
        plan.uid,
        "Mentoring session: Digital skills exchange",
    )


def test_a_plan_of_an_unknown_pair_is_not_found(db):
    with pytest.raises(services.NotFound):
        services.plan_invitation(_plan(pair_uuid=uuid.uuid4()))
