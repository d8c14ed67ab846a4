"""Email reminders: overdue pairs, pending agreements, and escalation to course staff.

Rules, from the program's cadence:

* both members of an active pair with no session for more than one cadence are reminded
  (``overdue``);
* a participant who has not accepted the current expectations of an open pair is reminded
  (``agreement``);
* after two cadences without a session, the course staff get one email listing those pairs
  (``escalation``).

Each person gets at most one email per program, reason and day (``ReminderLog``'s unique
constraint is the guard, so running twice in a day sends nothing new), and participants who
opted out get none. Staff escalations ignore the opt-out: they are about the program.

One bad row never stops the run: a failure to send to one person, or to read one program, is
logged, counted in the summary (``failed``, by program and reason, never with the address or the
text) and the run goes on with the next person and the next program. A person whose email failed
has no ``ReminderLog`` row for the day, so the next run tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host
from revmentor_plugin.data import OPEN_PAIR_STATUSES, PairStatus, ProgramStatus, Role
from revmentor_plugin.models import Pair, Participant, Program, ReminderLog
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, inputs
from revmentor_plugin.services.health import accepted_roles, facts_for_pairs

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)
OVERDUE, AGREEMENT, ESCALATION = "overdue", "agreement", "escalation"


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

    def fail(self, program: Program, reason: str | None, exc: Exception) -> None:
        self.failed.append({"program": str(program.uuid), "reason": reason, "error": type(exc).__name__})


def _page_url(program: Program) -> str:
    base = getattr(settings, "LMS_ROOT_URL", "")
    return f"{base}/courses/{program.course_key}/"


def _send(
    user: User, program: Program, reason: str, pairs: list[dict], today: dt.date, summary: ReminderSummary
) -> None:
    """Email one person once per program, reason and day; the log row and the email commit together."""
    if not user.email:
        return
    context = {
        "user": user,
        "program": program,
        "pairs": pairs,
        "reason": reason,
        "course_url": _page_url(program),
    }
    # A subject is one line of plain text: no HTML escaping, and any line break a name brought
    # in (data saved before names were checked) folded into a space.
    subject = " ".join(render_to_string(f"revmentor/email/{reason}_subject.txt", context).split())
    body = render_to_string(f"revmentor/email/{reason}_body.txt", context)
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                user=user, program=program, reason=reason, sent_on=today, pairs=[p["uuid"] for p in pairs]
            )
            send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [user.email])
    except IntegrityError:
        summary.already_sent += 1
        return
    except Exception as exc:  # one failed person must not stop the others
        # The class only: an SMTP error's text carries the address, and logs are not for that.
        log.error(
            "revmentor: a %s reminder of program %s could not be sent (%s)",
            reason,
            program.uuid,
            type(exc).__name__,
        )
        summary.fail(program, reason, exc)
        return
    summary.sent[reason] += 1


def send_reminders(
    *, today: dt.date | None = None, course_key: CourseKey | str | None = None
) -> ReminderSummary:
    """Send today's reminders for every enrolling or active program (or one course's)."""
    today = today or dates.today()
    summary = ReminderSummary()
    programs = Program.objects.filter(status__in=(ProgramStatus.ENROLLING, ProgramStatus.ACTIVE))
    if course_key is not None:
        programs = programs.filter(course_key=inputs.parse_course_key(course_key))
    for program in programs:
        try:
            _remind_program(program, today, summary)
        except Exception as exc:  # one failed program must not stop the others
            log.exception("revmentor: reminders of program %s failed", program.uuid)
            summary.fail(program, None, exc)
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
    cadence = program.cadence_days
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
        for role in Role:
            if role not in fact.accepted_by:
                side = pair.mentor if role is Role.MENTOR else pair.mentee
                _queue(side, AGREEMENT, item, per_person, people, summary)
    for (user_id, reason), items in per_person.items():
        _send(people[user_id], program, reason, items, today, summary)
    if escalate:
        for staff in host.course_staff_users(program.course_key):
            _send(staff, program, ESCALATION, escalate, today, summary)


def _queue(
    participant: Participant,
    reason: str,
    item: dict[str, Any],
    per_person: dict[tuple[int, str], list[dict[str, Any]]],
    people: dict[int, User],
    summary: ReminderSummary,
) -> None:
    if participant.reminders_opt_out:
        summary.opted_out += 1
        return
    people[participant.user_id] = participant.user
    per_person[(participant.user_id, reason)].append(item)
