"""Course-wide read-outs for course staff (the XBlocks show these instead of a form)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.db.models import Count

from revmentor_plugin.data import PairStatus, ParticipantStatus, Role
from revmentor_plugin.models import Pair, Participant
from revmentor_plugin.services import _loading as load
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


__all__ = ["program_summary"]
