"""Read-outs for course staff, which the XBlocks show instead of a form.

A unit holds the four blocks, so each shows a different part, once: the pairing block the
program's summary (:func:`program_summary`) and a link to the staff page; the goals block the
goals by status (:func:`goal_figures`); the session log the sessions logged and confirmed and
the pairs overdue (:func:`session_figures`); the reflection block what staff may know of
reflections and pulse checks (:func:`reflection_figures`): the reflections shared with them, and
the pulse as the program report publishes it (frozen months, k or more respondents, a lower
bound only; ADR 0003). Never anyone's words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, Q

from revmentor_plugin.data import PairStatus, ParticipantStatus, Role, Visibility
from revmentor_plugin.models import Pair, Participant, Reflection, SessionLog
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, reports
from revmentor_plugin.services.pairs import health_counts


def program_summary(program_uuid: UUID | str, *, today: dt.date | None = None) -> dict[str, int]:
    """Counts of a program's active participants by role, pairs by status and open pairs by health.

    Keys: ``mentors``, ``mentees``, one per pair status (``proposed``, ``active``, ``completed``,
    ``closed``, ``declined``), ``on_track``, ``needs_attention``, ``at_risk``, ``open_pairs``.
    A fixed number of queries whatever the program's size.
    """
    program = load.program_row(program_uuid)
    summary = {"mentors": 0, "mentees": 0, **{status: 0 for status in PairStatus.values()}}
    roles = (
        Participant.objects.filter(program=program, status=ParticipantStatus.ACTIVE)
        .values("role")
        .annotate(n=Count("id"))
    )
    for row in roles:
        summary["mentors" if row["role"] == Role.MENTOR else "mentees"] = row["n"]
    for row in Pair.objects.filter(program=program).values("status").annotate(n=Count("id")):
        summary[row["status"]] = row["n"]
    health = health_counts(program.uuid, today=today)
    summary.update({key: value for key, value in health.items() if key != "total"})
    summary["open_pairs"] = health["total"]
    return summary


def goal_figures(program_uuid: UUID | str) -> dict[str, Any]:
    """The program's goals: ``total``, ``by_status`` (every status), ``average_progress`` (of the
    goals not dropped, or None), as the program report counts them."""
    return reports.goal_outcomes(load.program_row(program_uuid))


def session_figures(program_uuid: UUID | str, *, today: dt.date | None = None) -> dict[str, int]:
    """Sessions ``logged`` and ``confirmed`` in the program, its ``active_pairs``, and how many of
    those are ``overdue``: no session for more than the cadence (counted from the pair's start
    when it has none), as the overdue reminders count them. Three queries."""
    today = today or dates.today()
    program = load.program_row(program_uuid)
    counts = SessionLog.objects.filter(pair__program=program).aggregate(
        logged=Count("id"), confirmed=Count("id", filter=Q(confirmed_at__isnull=False))
    )
    active = list(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE)
        .annotate(last=Max("sessions__occurred_on"))
        .values_list("last", "activated_at", "created")
    )
    overdue = sum(
        (today - (last or dates.day_of(activated or created))).days > program.cadence_days
        for last, activated, created in active
    )
    return {
        "logged": counts["logged"],
        "confirmed": counts["confirmed"],
        "active_pairs": len(active),
        "overdue": overdue,
    }


def reflection_figures(program_uuid: UUID | str, *, today: dt.date | None = None) -> dict[str, Any]:
    """What course staff may know of the program's reflections and pulse checks.

    ``shared_with_staff``: reflections their authors let course staff read (the only ones staff
    read; private and pair reflections are not counted). ``pulse``: per role of the author, the
    latest closed month published by the program report (``period``, ``respondents_at_least``,
    ``suppressed``), with ``min_group_size`` (k).
    """
    today = today or dates.today()
    program = load.program_row(program_uuid)
    shared = Reflection.objects.filter(pair__program=program, visibility=Visibility.STAFF).count()
    latest, _months = reports.pulse_figures(program, today, reports.min_group_size())
    pulse = {
        role: {key: figures.get(key) for key in ("period", "respondents_at_least", "suppressed")}
        for role, figures in latest.items()
    }
    return {"shared_with_staff": shared, "pulse": pulse, "min_group_size": reports.min_group_size()}


__all__ = ["goal_figures", "program_summary", "reflection_figures", "session_figures"]
