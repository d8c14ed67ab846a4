"""The program's organizational outcome, tracked: course staff record milestones against it.

Every program states the outcome the organization wants (``Program.organizational_outcome``,
required). Lee (2015) asks for exactly that: structure with a clear organizational outcome. A
statement alone cannot show whether the program delivers it, so course staff define measures in
their own words ("Senior leaders using the analytics dashboard weekly") and record a value of a
measure at each milestone (``OutcomeRecord``); the report shows each measure's series next to
the program's activity (``services.reports``).

Who may record is decided by ``policy`` (``Action.MANAGE_PROGRAM``: the course's staff); these
functions trust their caller for that, as every service does.

The day of a record: not in the future (a milestone says what was measured, not a target), and
not more than :data:`BASELINE_DAYS` before the program's start (its ``start_date``, else the day
it was created), so that a baseline measured before the program began has a place, and a typo
in the year does not.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from uuid import UUID

from revmentor_plugin.data import MEASURE_LENGTH, OutcomeRecordData
from revmentor_plugin.models import OutcomeRecord, Program
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import dates, events, inputs
from revmentor_plugin.services._convert import outcome_record_data
from revmentor_plugin.services._locking import lock_rows, one_transaction
from revmentor_plugin.services.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: How long before the program's start a baseline may be measured.
BASELINE_DAYS = 366


def earliest_day(program: Program) -> dt.date:
    """The first day a record of ``program`` may be about."""
    start = program.start_date or dates.day_of(program.created)
    return start - dt.timedelta(days=BASELINE_DAYS)


def _check_day(program: Program, day: dt.date) -> None:
    if day > dates.today():
        raise InvalidInput({"recorded_on": "A milestone records what was measured: not a day in the future."})
    first = earliest_day(program)
    if day < first:
        raise InvalidInput(
            {"recorded_on": f"More than a year before the program's start: the earliest day is {first}."}
        )


def _record(program: Program, record_id: inputs.Raw, *, for_update: bool = False) -> OutcomeRecord:
    """One of the program's records; ``for_update`` locks its row alone (a join would lock the
    recorder's row too), then reads it again."""
    queryset = OutcomeRecord.objects.filter(program=program).select_related("recorded_by")
    try:
        record = queryset.get(pk=inputs.object_id(record_id, "outcome record in this program"))
        if for_update:
            lock_rows(OutcomeRecord, [record.pk])
            record = queryset.get(pk=record.pk)
    except OutcomeRecord.DoesNotExist:  # gone meanwhile (deleted by someone else)
        raise NotFound("No such outcome record in this program.") from None
    return record


@one_transaction
def record_outcome(program_uuid: UUID | str, *, user: User | None, **fields: inputs.Raw) -> OutcomeRecordData:
    """Record a milestone: ``measure``, ``value`` and ``recorded_on`` required, ``note`` optional."""
    program = load.program_row(program_uuid)
    clean = inputs.OUTCOME_RECORD.clean(fields)
    _check_day(program, clean["recorded_on"])
    record = OutcomeRecord.objects.create(program=program, recorded_by=user, **clean)
    events.emit("outcome.recorded", program=program, record_id=record.pk)
    return outcome_record_data(record, program.uuid)


@one_transaction
def change_outcome_record(
    program_uuid: UUID | str, record_id: inputs.Raw, **changes: inputs.Raw
) -> OutcomeRecordData:
    """Change some fields of one of the program's records (the recorder stays who recorded it)."""
    program = load.program_row(program_uuid)
    record = _record(program, record_id, for_update=True)
    clean = inputs.OUTCOME_RECORD.clean(changes, partial=True)
    if "recorded_on" in clean:
        _check_day(program, clean["recorded_on"])
    for name, value in clean.items():
        setattr(record, name, value)
    record.save()
    record.refresh_from_db(fields=["value"])  # the value as the database keeps it
    return outcome_record_data(record, program.uuid)


@one_transaction
def delete_outcome_record(program_uuid: UUID | str, record_id: inputs.Raw) -> None:
    """Delete one of the program's records."""
    program = load.program_row(program_uuid)
    _record(program, record_id, for_update=True).delete()


def get_outcome_record(program_uuid: UUID | str, record_id: inputs.Raw) -> OutcomeRecordData:
    program = load.program_row(program_uuid)
    return outcome_record_data(_record(program, record_id), program.uuid)


def outcome_records_of_program(
    program_uuid: UUID | str,
    *,
    measure: inputs.Raw = None,
    since: inputs.Raw = None,
    until: inputs.Raw = None,
) -> list[OutcomeRecordData]:
    """The program's records in date order (then the order recorded), in two queries: only one
    ``measure`` (exact text) and only days from ``since`` to ``until`` (inclusive) when given."""
    program = load.program_row(program_uuid)
    queryset = OutcomeRecord.objects.filter(program=program).select_related("recorded_by")
    wanted = inputs.clean_text("measure", measure, max_length=MEASURE_LENGTH, single_line=True)
    if wanted:
        queryset = queryset.filter(measure=wanted)
    first = inputs.clean_date("since", since)
    last = inputs.clean_date("until", until)
    if first is not None:
        queryset = queryset.filter(recorded_on__gte=first)
    if last is not None:
        queryset = queryset.filter(recorded_on__lte=last)
    return [outcome_record_data(record, program.uuid) for record in queryset.order_by("recorded_on", "id")]


def outcome_measures(program_uuid: UUID | str) -> list[str]:
    """The measures the program's records use, alphabetically (to offer when recording)."""
    program = load.program_row(program_uuid)
    return measures_of(program)


def measures_of(program: Program) -> list[str]:
    return list(
        OutcomeRecord.objects.filter(program=program)
        .order_by("measure")
        .values_list("measure", flat=True)
        .distinct()
    )


def outcome_series(program: Program) -> list[dict[str, Any]]:
    """Per measure (alphabetically), its records in date order as ``{"id", "recorded_on",
    "value", "note"}``: one query."""
    series: dict[str, list[dict[str, Any]]] = {}
    for pk, measure, day, value, note in (
        OutcomeRecord.objects.filter(program=program)
        .order_by("measure", "recorded_on", "id")
        .values_list("pk", "measure", "recorded_on", "value", "note")
    ):
        series.setdefault(measure, []).append({"id": pk, "recorded_on": day, "value": value, "note": note})
    return [{"measure": measure, "points": points} for measure, points in series.items()]


__all__ = [
    "change_outcome_record",
    "delete_outcome_record",
    "get_outcome_record",
    "outcome_measures",
    "outcome_records_of_program",
    "record_outcome",
]
