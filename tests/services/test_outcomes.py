"""The organizational outcome tracked: course staff record milestones of measures they define."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.models import OutcomeRecord
from revmentor_plugin.services.errors import InvalidInput, NotFound
from tests import factories

pytestmark = pytest.mark.django_db

MEASURE = "Senior leaders using the analytics dashboard weekly"
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def program():
    with freeze_time("2026-03-01 09:00"):
        return factories.program(start_date="2026-03-02")


@pytest.fixture
def staff():
    return factories.course_staff()


def _record(program, staff, day, value, measure=MEASURE, **extra):
    return services.record_outcome(
        program.uuid, user=staff, measure=measure, value=value, recorded_on=day, **extra
    )


@freeze_time(TODAY)
def test_record_then_list_in_date_order_by_measure_and_by_date(program, staff):
    later = _record(program, staff, "2026-05-01", 12, note="After the first cohort")
    baseline = _record(program, staff, "2026-03-01", 3)
    other = _record(program, staff, "2026-04-01", 0.5, measure="Share of reports read online")

    assert baseline.value == Decimal("3.0000")
    assert later.note == "After the first cohort"
    assert later.recorded_by == staff.username
    listed = services.outcome_records_of_program(program.uuid)
    assert [r.id for r in listed] == [baseline.id, other.id, later.id]
    assert [r.id for r in services.outcome_records_of_program(program.uuid, measure=MEASURE)] == [
        baseline.id,
        later.id,
    ]
    in_april = services.outcome_records_of_program(program.uuid, since="2026-04-01", until="2026-04-30")
    assert [r.id for r in in_april] == [other.id]
    assert services.outcome_measures(program.uuid) == [MEASURE, "Share of reports read online"]


@freeze_time(TODAY)
def test_change_and_delete(program, staff):
    record = _record(program, staff, "2026-04-01", 3)
    changed = services.change_outcome_record(program.uuid, record.id, value=4.25, note="Recounted")
    assert (changed.value, changed.note, changed.measure) == (Decimal("4.2500"), "Recounted", MEASURE)
    assert changed.recorded_by == staff.username
    services.delete_outcome_record(program.uuid, record.id)
    assert services.outcome_records_of_program(program.uuid) == []
    with pytest.raises(NotFound):
        services.delete_outcome_record(program.uuid, record.id)


@freeze_time(TODAY)
def test_a_record_of_another_program_is_not_found(program, staff):
    record = _record(program, staff, "2026-04-01", 3)
    other = factories.program(name="Other")
    with pytest.raises(NotFound):
        services.change_outcome_record(other.uuid, record.id, value=1)
    with pytest.raises(NotFound):
        services.get_outcome_record(other.uuid, record.id)
    assert services.get_outcome_record(program.uuid, record.id).value == Decimal(3)


@freeze_time(TODAY)
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"measure": " ", "value": 1, "recorded_on": "2026-04-01"}, "measure"),
        ({"value": 1, "recorded_on": "2026-04-01"}, "measure"),
        ({"measure": "a\nb", "value": 1, "recorded_on": "2026-04-01"}, "measure"),
        ({"measure": "x" * 201, "value": 1, "recorded_on": "2026-04-01"}, "measure"),
        ({"measure": MEASURE, "value": "12", "recorded_on": "2026-04-01"}, "value"),
        ({"measure": MEASURE, "value": True, "recorded_on": "2026-04-01"}, "value"),
        ({"measure": MEASURE, "value": None, "recorded_on": "2026-04-01"}, "value"),
        ({"measure": MEASURE, "value": float("nan"), "recorded_on": "2026-04-01"}, "value"),
        ({"measure": MEASURE, "value": float("inf"), "recorded_on": "2026-04-01"}, "value"),
        ({"measure": MEASURE, "value": 10**13, "recorded_on": "2026-04-01"}, "value"),
        ({"measure": MEASURE, "recorded_on": "2026-04-01"}, "value"),
        ({"measure": MEASURE, "value": 1}, "recorded_on"),
        ({"measure": MEASURE, "value": 1, "recorded_on": "01/04/2026"}, "recorded_on"),
        # tomorrow: a milestone records what was measured
        ({"measure": MEASURE, "value": 1, "recorded_on": "2026-06-16"}, "recorded_on"),
        # more than a year before the program's start (2026-03-02)
        ({"measure": MEASURE, "value": 1, "recorded_on": "2025-02-28"}, "recorded_on"),
        ({"measure": MEASURE, "value": 1, "recorded_on": "2026-04-01", "note": 5}, "note"),
        ({"measure": MEASURE, "value": 1, "recorded_on": "2026-04-01", "colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(program, staff, fields, field):
    with pytest.raises(InvalidInput) as exc:
        services.record_outcome(program.uuid, user=staff, **fields)
    assert field in exc.value.errors
    assert not OutcomeRecord.objects.exists()


@freeze_time(TODAY)
def test_a_baseline_before_the_start_and_today_are_accepted(program, staff):
    assert _record(program, staff, "2025-03-01", 1).recorded_on == dt.date(2025, 3, 1)
    assert _record(program, staff, TODAY, 2).recorded_on == TODAY


@freeze_time(TODAY)
def test_a_bad_change_changes_nothing(program, staff):
    record = _record(program, staff, "2026-04-01", 3, note="kept")
    bad = (({"value": "x", "note": "lost"}, "value"), ({"recorded_on": "2027-01-01"}, "recorded_on"))
    for changes, field in bad:
        with pytest.raises(InvalidInput) as exc:
            services.change_outcome_record(program.uuid, record.id, **changes)
        assert field in exc.value.errors
    row = OutcomeRecord.objects.get()
    assert (row.value, row.note, row.recorded_on) == (Decimal(3), "kept", dt.date(2026, 4, 1))


@freeze_time(TODAY)
def test_values_keep_four_decimal_places(program, staff):
    assert _record(program, staff, "2026-04-01", 0.123456).value == Decimal("0.1235")
    assert _record(program, staff, "2026-04-01", -2).value == Decimal("-2")


def test_the_day_counts_in_the_sites_time_zone(program, staff, settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    timezone.deactivate()
    # 2026-06-15 20:00 UTC is already 2026-06-16 in Auckland
    with freeze_time("2026-06-15 20:00:00"):
        assert _record(program, staff, "2026-06-16", 1).recorded_on == dt.date(2026, 6, 16)


@freeze_time(TODAY)
def test_recording_tells_analytics_the_ids_only(program, staff, django_capture_on_commit_callbacks):
    from sandbox_lms.tracking import EVENTS

    EVENTS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = _record(program, staff, "2026-04-01", 42, note="A note nobody else reads")
        services.change_outcome_record(program.uuid, record.id, value=43)
        with pytest.raises(InvalidInput):
            _record(program, staff, "2026-04-01", "not a number")
    sent = [event for event in EVENTS if event["name"].startswith("edx.revmentor.outcome.")]
    assert [event["name"] for event in sent] == ["edx.revmentor.outcome.recorded"]
    assert sent[0]["data"] == {
        "record_id": record.id,
        "program_id": str(program.uuid),
        "course_id": str(program.course_key),
    }
