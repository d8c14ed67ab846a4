"""Calendar invitations for planned sessions: the RFC 5545 file, and the emails that carry it.

A planned session (:class:`~revmentor_plugin.data.PlannedSessionData`) becomes one ``VEVENT``
that keeps its ``UID`` for the plan's whole life, so that a calendar files every later message
about it on the same entry (RFC 5546, iTIP):

* ``METHOD:REQUEST`` while the plan stands, ``SEQUENCE`` as the plan counts it: 0 for the first
  invitation, one more at each reschedule, so a calendar replaces the entry instead of adding a
  second one;
* ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` once it is cancelled (or declined), with the
  plan's raised ``SEQUENCE``, so a calendar removes the entry.

The start is written in the zone the proposer entered it in (``DTSTART;TZID=...``), with that
zone's ``VTIMEZONE`` (its daylight-saving rules) in the file: a calendar in any other zone then
shows the right hour, before and after a change of clocks. The proposer is the ``ORGANIZER``, the
partner who confirms the ``ATTENDEE``.

Both partners get the same file by email when the plan is confirmed, changed or cancelled
(:func:`send_plan_invitations`, on the plan's pair, or :func:`send_invitations` on given people);
the block offers it as a download (:func:`plan_invitation`). Each email gives the time in its
reader's own zone beside the partner's (:func:`side_by_side`).

The file carries the two partners' names and emails and the place or video link: it is for the
pair only, never for course staff.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.mime.text import MIMEText
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from revmentor_plugin import host
from revmentor_plugin.data import PlannedSessionData, PlanStatus, Role
from revmentor_plugin.models import Pair, Participant
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import links

log = logging.getLogger(__name__)

PRODID = "-//Open edX//revmentor//EN"
#: The type of a downloaded ``.ics`` (an emailed one also names its method, see :func:`_attachment`).
CONTENT_TYPE = "text/calendar; charset=utf-8"
FILENAME = "mentoring-session.ics"
REQUEST, CANCEL = "REQUEST", "CANCEL"
#: The plan's statuses an invitation takes back.
_GONE = frozenset({PlanStatus.CANCELLED, PlanStatus.DECLINED})


@dataclass(frozen=True)
class Invitee:
    """One partner as an invitation names them.

    PII: the name and the email (the pair's own: only their partner receives them).

    Attributes:
        role: the partner's role in the pair.
        name: the name to show (the platform's profile name, or the username).
        email: where the invitation goes; "" when the account has none (no email is sent).
        timezone: the partner's IANA zone, in which their email shows the time.
    """

    role: Role
    name: str
    email: str
    timezone: str = "UTC"


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or UTC when it is empty or unknown (a profile saved before zones
    were checked must not stop an invitation)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def method_of(plan: PlannedSessionData) -> str:
    """``CANCEL`` for a plan that no longer stands, else ``REQUEST``."""
    return CANCEL if plan.status in _GONE else REQUEST


def invitation(
    plan: PlannedSessionData,
    *,
    mentor: Invitee,
    mentee: Invitee,
    summary: str,
    description: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The plan as an iCalendar file (RFC 5545), its method read from the plan's status.

    ``summary`` and ``description`` are the event's title and text, in the reader's language;
    ``stamp`` is when the file is made (``DTSTAMP``; now by default).
    """
    method = method_of(plan)
    organizer, attendee = (mentor, mentee) if plan.proposed_by is Role.MENTOR else (mentee, mentor)
    starts = plan.starts_at.astimezone(zone(plan.timezone))

    event = icalendar.Event()
    event.add("uid", plan.uid)
    event.add("sequence", plan.sequence)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    event.add("created", plan.created.astimezone(dt.UTC))
    event.add("last-modified", plan.modified.astimezone(dt.UTC))
    event.add("dtstart", starts)
    event.add("dtend", starts + dt.timedelta(minutes=plan.duration_minutes))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if plan.location:
        event.add("location", plan.location)
    event.add(
        "status",
        {
            PlanStatus.PROPOSED: "TENTATIVE",
            PlanStatus.CONFIRMED: "CONFIRMED",
        }.get(plan.status, "CANCELLED"),
    )
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(organizer, {}))
    event.add(
        "attendee",
        _address(
            attendee,
            {
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "ACCEPTED" if plan.status is PlanStatus.CONFIRMED else "NEEDS-ACTION",
                "RSVP": "FALSE",
            },
        ),
    )

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(event)
    # The VTIMEZONE of the TZID above, with its daylight-saving rules for the year either side of
    # the session (enough for any calendar to place it, and a short file instead of 1970-2038).
    year = dt.timedelta(days=366)
    calendar.add_missing_timezones(first_date=starts.date() - year, last_date=starts.date() + year)
    return calendar.to_ical()


def _address(person: Invitee, params: dict[str, str]) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}" if person.email else "mailto:")
    if person.name:
        address.params["CN"] = person.name
    for key, value in params.items():
        address.params[key] = value
    return address


def local_time(moment: dt.datetime, zone_name: str) -> dt.datetime:
    """``moment`` (aware) on the wall clock of ``zone_name``."""
    return moment.astimezone(zone(zone_name))


def _day(moment: dt.datetime) -> str:
    return f"{formats.date_format(moment, 'l')} {formats.date_format(moment, 'DATE_FORMAT')}"


def _clock(moment: dt.datetime) -> str:
    return formats.time_format(moment, "TIME_FORMAT")


def side_by_side(starts_at: dt.datetime, *, reader: Invitee, partner: Invitee) -> str:
    """The time for ``reader`` in their zone, beside the partner's, in the active language.

    "Tuesday 3 March 2026, 14:00 your time (15:00 for Amara)"; the partner's day is named too when
    it is another one ("... (Wednesday 4 March 2026, 02:00 for Amara)"); the partner is left out
    when both read the same wall clock.
    """
    mine = local_time(starts_at, reader.timezone)
    theirs = local_time(starts_at, partner.timezone)
    yours = _("{day}, {time} your time").format(day=_day(mine), time=_clock(mine))
    if mine.replace(tzinfo=None) == theirs.replace(tzinfo=None):
        return yours
    if mine.date() == theirs.date():
        other = _("{time} for {name}").format(time=_clock(theirs), name=partner.name)
    else:
        other = _("{day}, {time} for {name}").format(day=_day(theirs), time=_clock(theirs), name=partner.name)
    return f"{yours} ({other})"


def _kind(plan: PlannedSessionData) -> str:
    if method_of(plan) == CANCEL:
        return "cancelled"
    return "updated" if plan.sequence else "new"


def send_invitations(
    plan: PlannedSessionData,
    *,
    mentor: Invitee,
    mentee: Invitee,
    program_name: str,
    link: str | None = None,
    stamp: dt.datetime | None = None,
) -> int:
    """Email both partners the plan's invitation (new, updated or cancelled), the ``.ics`` attached.

    Call it once the plan's change is committed (``transaction.on_commit``): a calendar must never
    hold a session that the database does not. ``link`` is the absolute URL of the unit where the
    pair plans (left out when None). Returns how many emails went out; a failed one is logged by
    its error's class only (an SMTP error's text carries the address) and does not stop the other.
    """
    sent = 0
    kind = _kind(plan)
    mode = _(plan.mode.label)
    for reader, partner in ((mentor, mentee), (mentee, mentor)):
        if not reader.email:
            continue
        context = {
            "kind": kind,
            "reader": reader,
            "partner": partner,
            "program_name": program_name,
            "when": side_by_side(plan.starts_at, reader=reader, partner=partner),
            "duration": plan.duration_minutes,
            "mode": mode,
            "location": plan.location,
            "link": link,
        }
        subject = " ".join(render_to_string("revmentor/email/plan_invitation_subject.txt", context).split())
        body = render_to_string("revmentor/email/plan_invitation_body.txt", context)
        ics = invitation(
            plan,
            mentor=mentor,
            mentee=mentee,
            summary=_("Mentoring session: {program}").format(program=program_name),
            description=_description(program_name, mentor, mentee, mode, link),
            stamp=stamp,
        )
        message = EmailMultiAlternatives(
            subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [reader.email]
        )
        message.attach(_attachment(ics, method_of(plan)))
        try:
            message.send()
        except Exception as exc:  # one failed email must not stop the partner's
            log.error(
                "revmentor: the %s invitation of a planned session of pair %s could not be sent (%s)",
                kind,
                plan.pair_uuid,
                type(exc).__name__,
            )
            continue
        sent += 1
    return sent


def _description(program_name: str, mentor: Invitee, mentee: Invitee, mode: str, link: str | None) -> str:
    text = _("{program}: a mentoring session of {mentor} and {mentee} ({mode}).").format(
        program=program_name, mentor=mentor.name, mentee=mentee.name, mode=mode
    )
    return f"{text}\n{link}" if link else text


def _attachment(ics: bytes, method: str) -> MIMEText:
    """The ``.ics`` as mail clients expect an invitation: ``text/calendar`` naming its method
    (Outlook and Gmail offer to add it to the calendar then), and a file to open otherwise."""
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=FILENAME)
    return part


def invitee(participant: Participant) -> Invitee:
    """A participant as their invitations name them: the platform's profile name (else the
    username) and account email, read from the host as they are now (ADR 0014), and their profile
    zone. An account the platform deactivated or retired gets no email."""
    found = host.name_and_email(participant.user_id)
    _username, name, email = found or (participant.user.username, participant.user.username, "")
    zone_name = participant.timezone or "UTC"
    return Invitee(role=Role(participant.role), name=name, email=email, timezone=zone_name)


def _pair_and_people(plan: PlannedSessionData) -> tuple[Pair, Invitee, Invitee]:
    pair = load.pair_row(plan.pair_uuid)
    return pair, invitee(pair.mentor), invitee(pair.mentee)


def plan_invitation(plan: PlannedSessionData, *, stamp: dt.datetime | None = None) -> bytes:
    """The ``.ics`` of a plan of a pair, as the block offers it for download (the caller has
    checked through ``policy`` that the viewer is one of the two partners)."""
    pair, mentor, mentee = _pair_and_people(plan)
    program = pair.program
    link = links.unit_url(program.course_key, program.pairing_unit)
    mode = _(plan.mode.label)
    return invitation(
        plan,
        mentor=mentor,
        mentee=mentee,
        summary=_("Mentoring session: {program}").format(program=program.name),
        description=_description(program.name, mentor, mentee, mode, link),
        stamp=stamp,
    )


def send_plan_invitations(plan: PlannedSessionData, *, stamp: dt.datetime | None = None) -> int:
    """Email both partners of the plan's pair its invitation (see :func:`send_invitations`).

    For the planned-session services, after a confirmation, a reschedule of a confirmed plan or a
    cancellation has committed: ``transaction.on_commit(lambda: send_plan_invitations(plan))``.
    """
    pair, mentor, mentee = _pair_and_people(plan)
    program = pair.program
    return send_invitations(
        plan,
        mentor=mentor,
        mentee=mentee,
        program_name=program.name,
        link=links.unit_url(program.course_key, program.pairing_unit),
        stamp=stamp,
    )
