"""Email reminders: overdue pairs, pending agreements, and escalation to course staff.

Rules, from the program's cadence:

* both members of an active pair with no session for more than one cadence are reminded, daily
  (``overdue``);
* after two cadences without a session, the course staff get one email a day listing those
  pairs (``escalation``);
* a participant who has not accepted the current expectations of an open pair is reminded with
  a backoff, never every day: nothing in the grace period, then once on each of the days in
  :data:`AGREEMENT_REMINDER_DAYS` (2, 5 and 10) after the wait began (``agreement``); a run
  that missed one of those days catches up on the next run, once;
* on day :data:`AGREEMENT_ESCALATION_DAY` (14) the course staff get one email about each pair
  still waiting (``agreement_escalation``), and its members are reminded no more;
* each partner of an active pair is reminded of a confirmed planned session on the day before it,
  as their own time zone counts days (``plan``, :func:`send_plan_reminders`).

The wait begins when the pair is proposed. For an active pair asked to accept changed
expectations it begins on the day they changed (``Program.expectations_changed_at``; for a
program whose text changed before it kept that date, the day the program was last changed). Which
of those reminders a person already had is read from ``ReminderLog`` (``pairs`` lists the pairs
each email was about).

Each person gets at most one email per program, reason and day (``ReminderLog``'s unique
constraint is the guard, so running twice in a day sends nothing new), and participants who
opted out get none. Staff escalations ignore the opt-out: they are about the program.

Every email goes through edx-ace (:mod:`revmentor_plugin.services.messages`, ADR 0019): one
message type per reason, rendered in the recipient's language (their ``pref-lang`` preference on
the platform) with the site's branding, as HTML and as plain text.

Links are absolute, on the LMS root of the course's site (:mod:`revmentor_plugin.services.links`).
Participants' emails link to the unit holding the pairing block (``Program.pairing_unit``, noted
when a participant sees the block in the LMS), where they act and where reminders are switched
off; to the course while that unit is not known. Staff emails link to the staff page.
When the host has no root at all the email goes out without the link (a warning is logged):
a relative link is dead in a mail client.

One bad row never stops the run: a failure to send to one person, or to read one program, is
logged, counted in the summary (``failed``, by program and reason, never with the address or the
text) and the run goes on with the next person and the next program. A person whose email failed
has no ``ReminderLog`` row for the day, so the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host
from revmentor_plugin.data import (
    OPEN_PAIR_STATUSES,
    PairStatus,
    PlannedSessionData,
    PlanStatus,
    ProgramStatus,
    Role,
)
from revmentor_plugin.models import Pair, Participant, Program, ReminderLog
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, inputs, invitations, links, messages
from revmentor_plugin.services.health import HealthFacts, accepted_roles, facts_for_pairs
from revmentor_plugin.services.plans import confirmed_plans_between

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)
OVERDUE, AGREEMENT, ESCALATION = "overdue", "agreement", "escalation"
AGREEMENT_ESCALATION = "agreement_escalation"  # ReminderLog.reason holds 20 characters: this is 20
PLAN = "plan"
#: The order and the words of the command's summary.
REASON_LABELS = {
    OVERDUE: "overdue",
    AGREEMENT: "agreement",
    ESCALATION: "escalation",
    AGREEMENT_ESCALATION: "agreement escalation",
    PLAN: "planned session",
}
#: Days after the wait for an acceptance began on which its members are reminded.
AGREEMENT_REMINDER_DAYS = (2, 5, 10)
#: The day on which course staff are told, once, about a pair still waiting; reminders stop.
AGREEMENT_ESCALATION_DAY = 14


@dataclass
class ReminderSummary:
    """How many emails went out for each reason (and which were skipped as already sent)."""

    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    already_sent: int = 0
    opted_out: int = 0
    #: ``{"program": uuid, "reason": reason or None for the whole program, "error": class name}``
    failed: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": dict(self.sent),
            "already_sent": self.already_sent,
            "opted_out": self.opted_out,
            "failed": list(self.failed),
        }

    def as_text(self) -> str:
        """One line for operators, e.g. "Sent: 3 overdue, 2 agreement, ...; failed: 0"."""
        sent = ", ".join(f"{self.sent.get(reason, 0)} {label}" for reason, label in REASON_LABELS.items())
        return (
            f"Sent: {sent}; already sent today: {self.already_sent}; "
            f"opted out: {self.opted_out}; failed: {len(self.failed)}"
        )

    def fail(self, program: Program, reason: str | None, exc: Exception, *, name: str | None = None) -> None:
        error = name or type(exc).__name__
        self.failed.append({"program": str(program.uuid), "reason": reason, "error": error})


def _links(program: Program) -> dict[str, str | None]:
    """The emails' absolute links, once per program; None when the host has no LMS root (the
    templates then leave the link out, and one warning says so)."""
    course = links.course_url(program.course_key)
    return {
        "course_url": course,
        # where participants act and turn reminders off: the pairing block's unit when known
        "unit_url": links.unit_url(program.course_key, program.pairing_unit) if course else None,
        "staff_page_url": links.staff_page_absolute_url(program.course_key) if course else None,
    }


def _send(
    user: User,
    program: Program,
    reason: str,
    pairs: list[dict],
    today: dt.date,
    summary: ReminderSummary,
    urls: dict[str, str | None],
) -> None:
    """Email one person once per program, reason and day; the log row and the email commit together.

    The email goes through edx-ace (:mod:`revmentor_plugin.services.messages`), in the person's
    language, and only a delivered one keeps its log row.
    """
    if not user.email:
        return
    context = {
        "user": user,
        "program": program,
        # A subject is one line of plain text: any line break a name brought in (data saved
        # before names were checked) folded into a space before ACE sees it.
        "program_name": " ".join(program.name.split()),
        "pairs": pairs,
        "reason": reason,
        **urls,
    }
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                user=user, program=program, reason=reason, sent_on=today, pairs=[p["uuid"] for p in pairs]
            )
            messages.send(user, course_key=program.course_key, reason=reason, context=context)
    except IntegrityError:
        summary.already_sent += 1
        return
    except messages.Declined:  # the host's ACE policy said no, as an opt-out does
        summary.opted_out += 1
        return
    except Exception as exc:  # one failed person must not stop the others
        # The class only: an SMTP error's text carries the address, and logs are not for that.
        name = messages.failure_name(exc)
        log.error("revmentor: a %s reminder of program %s could not be sent (%s)", reason, program.uuid, name)
        summary.fail(program, reason, exc, name=name)
        return
    summary.sent[reason] += 1


def send_reminders(
    *, today: dt.date | None = None, course_key: CourseKey | str | None = None
) -> ReminderSummary:
    """Send today's reminders for every enrolling or active program (or one course's)."""
    today = today or dates.today()
    summary = ReminderSummary()
    programs = Program.objects.filter(status__in=(ProgramStatus.ENROLLING, ProgramStatus.ACTIVE))
    key = inputs.parse_course_key(course_key) if course_key is not None else None
    if key is not None:
        programs = programs.filter(course_key=key)
    for program in programs:
        try:
            _remind_program(program, today, summary)
        except Exception as exc:  # one failed program must not stop the others
            log.exception("revmentor: reminders of program %s failed", program.uuid)
            summary.fail(program, None, exc)
    now = timezone.now()
    try:
        # the plans that may fall on someone's tomorrow: zones run from UTC-12 to UTC+14
        soon = confirmed_plans_between(now, now + dt.timedelta(days=3), course_key=key)
        send_plan_reminders(soon, now=now, summary=summary)
    except Exception:  # the other reminders went out; the log says what failed
        log.exception("revmentor: planned-session reminders failed")
    if summary.failed:
        log.error("revmentor: %d reminder failures today: %s", len(summary.failed), summary.failed)
    return summary


def _remind_program(program: Program, today: dt.date, summary: ReminderSummary) -> None:
    pairs = list(
        Pair.objects.filter(program=program, status__in=OPEN_PAIR_STATUSES).select_related(*load.PAIR_RELATED)
    )
    accepted = accepted_roles(pairs)
    facts = facts_for_pairs(pairs, accepted, today=today)
    per_person: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    people: dict[int, User] = {}
    escalate: list[dict] = []
    stalled: list[dict] = []
    cadence = program.cadence_days
    waits = {str(pair.uuid): _wait_began(pair, facts[pair.pk], program) for pair in pairs}
    history = _agreement_history(program, min(waits.values(), default=today), today)
    for pair in pairs:
        fact = facts[pair.pk]
        item: dict[str, Any] = {  # the reminder's template context
            "uuid": str(pair.uuid),
            "mentor": pair.mentor.user.username,
            "mentee": pair.mentee.user.username,
        }
        if pair.status == PairStatus.ACTIVE:
            since = fact.last_session or fact.activated or fact.created
            item["days"] = (today - since).days
            if item["days"] > cadence:
                for side in (pair.mentor, pair.mentee):
                    _queue(side, OVERDUE, item, per_person, people, summary)
            if item["days"] > 2 * cadence:
                escalate.append(item)
        waiting = [
            pair.mentor if role is Role.MENTOR else pair.mentee
            for role in Role
            if role not in fact.accepted_by
        ]
        if not waiting:
            continue
        began = waits[item["uuid"]]
        age = (today - began).days
        agreement_item = {**item, "days": age, "waiting": [side.user.username for side in waiting]}
        if age >= AGREEMENT_ESCALATION_DAY:
            stalled.append(agreement_item)
            continue
        step = max((day for day in AGREEMENT_REMINDER_DAYS if day <= age), default=None)
        if step is None:
            continue  # the grace period
        due_since = began + dt.timedelta(days=step)
        for side in waiting:
            if history.get((side.user_id, AGREEMENT, item["uuid"]), dt.date.min) < due_since:
                _queue(side, AGREEMENT, agreement_item, per_person, people, summary)
    if not per_person and not escalate and not stalled:
        return
    urls = _links(program)
    for (user_id, reason), items in per_person.items():
        _send(people[user_id], program, reason, items, today, summary, urls)
    if escalate or stalled:
        for staff in host.course_staff_users(program.course_key):
            if escalate:
                _send(staff, program, ESCALATION, escalate, today, summary, urls)
            # Once per person and pair: whoever had this pair's escalation since its wait began
            # has nothing new to read (a failed email has no log row and is tried again).
            news = [
                item
                for item in stalled
                if history.get((staff.pk, AGREEMENT_ESCALATION, item["uuid"]), dt.date.min)
                < waits[item["uuid"]]
            ]
            if news:
                _send(staff, program, AGREEMENT_ESCALATION, news, today, summary, urls)


def send_plan_reminders(
    plans: Iterable[PlannedSessionData],
    *,
    now: dt.datetime | None = None,
    summary: ReminderSummary | None = None,
) -> ReminderSummary:
    """Remind each partner of the confirmed ``plans`` that fall on their tomorrow.

    "Tomorrow" is the partner's, in their profile's zone: partners twelve hours apart may be
    reminded on different runs of the daily command. Only active pairs of enrolling or active
    programs are reminded, never a partner who opted out; the rules of :func:`_send` apply (one
    email per person, program and day, listing every plan of theirs tomorrow; failures counted).
    The daily run (:func:`send_reminders`) passes the confirmed plans of the next three days.
    """
    now = now or timezone.now()
    today = dates.today()
    summary = summary if summary is not None else ReminderSummary()
    plans = [plan for plan in plans if plan.status is PlanStatus.CONFIRMED and plan.starts_at > now]
    rows = Pair.objects.filter(
        uuid__in={plan.pair_uuid for plan in plans},
        status=PairStatus.ACTIVE,
        program__status__in=(ProgramStatus.ENROLLING, ProgramStatus.ACTIVE),
    ).select_related(*load.PAIR_RELATED)
    pairs = {pair.uuid: pair for pair in rows}
    per_person: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    people: dict[int, User] = {}
    languages: dict[int, str] = {}
    for plan in sorted(plans, key=lambda plan: plan.starts_at):
        pair = pairs.get(plan.pair_uuid)
        if pair is None:
            continue
        sides = (pair.mentor, pair.mentee)
        for side, other in zip(sides, reversed(sides), strict=True):
            zone = invitations.zone(side.timezone)
            if plan.starts_at.astimezone(zone).date() != now.astimezone(zone).date() + dt.timedelta(days=1):
                continue
            reader, partner = invitations.invitee(side), invitations.invitee(other)
            if side.user_id not in languages:
                languages[side.user_id] = host.user_language(side.user)
            with translation.override(languages[side.user_id]):  # the date as the reader's language writes it
                when = invitations.side_by_side(plan.starts_at, reader=reader, partner=partner)
            item = {
                "uuid": str(pair.uuid),
                "reader": reader.name,
                "partner": partner.name,
                "when": when,
                "duration": plan.duration_minutes,
                "mode": plan.mode,
                "location": plan.location,
            }
            # one email per person and program: the key's second part is the program's uuid
            _queue(side, PLAN, item, per_person, people, summary, key=str(pair.program.uuid))
    programs = {str(pair.program.uuid): pair.program for pair in pairs.values()}
    urls = {program_uuid: _links(program) for program_uuid, program in programs.items()}
    for (user_id, program_uuid), items in per_person.items():
        _send(people[user_id], programs[program_uuid], PLAN, items, today, summary, urls[program_uuid])
    return summary


def _wait_began(pair: Pair, fact: HealthFacts, program: Program) -> dt.date:
    """The day the pair began waiting for an acceptance (see the module's docstring)."""
    if pair.status == PairStatus.PROPOSED:
        return fact.created
    changed = program.expectations_changed_at or program.modified
    return max(fact.activated or fact.created, dates.day_of(changed))


def _agreement_history(
    program: Program, since: dt.date, today: dt.date
) -> dict[tuple[int, str, str], dt.date]:
    """The last day before today each person had an agreement reminder or escalation, per pair.

    Keyed by ``(user id, reason, pair uuid)``. Today's rows are left out on purpose: a second run
    on the same day queues the same emails again and the daily unique constraint counts them as
    already sent, as for every other reason.
    """
    last: dict[tuple[int, str, str], dt.date] = {}
    rows = ReminderLog.objects.filter(
        program=program,
        reason__in=(AGREEMENT, AGREEMENT_ESCALATION),
        sent_on__gte=since,
        sent_on__lt=today,
    ).values_list("user_id", "reason", "sent_on", "pairs")
    for user_id, reason, sent_on, pair_uuids in rows:
        for pair_uuid in pair_uuids or ():
            key = (user_id, reason, str(pair_uuid))
            if sent_on > last.get(key, dt.date.min):
                last[key] = sent_on
    return last


def _queue(
    participant: Participant,
    reason: str,
    item: dict[str, Any],
    per_person: dict[tuple[int, str], list[dict[str, Any]]],
    people: dict[int, User],
    summary: ReminderSummary,
    *,
    key: str | None = None,
) -> None:
    """Queue ``item`` for one email to ``participant`` per ``key`` (the reason, by default)."""
    if participant.reminders_opt_out:
        summary.opted_out += 1
        return
    people[participant.user_id] = participant.user
    per_person[(participant.user_id, key or reason)].append(item)
