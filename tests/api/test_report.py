"""``programs/{uuid}/report/``: the summary staff read, and the streamed CSV pair table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import API, client_for

TODAY = timezone.localdate()


def _log(pair, user, days_ago, minutes=30):
    services.log_session(
        pair.uuid,
        user=user,
        occurred_on=TODAY - dt.timedelta(days=days_ago),
        duration_minutes=minutes,
        led_by="mentor",
    )


@pytest.fixture
def staff(db):
    return client_for(factories.course_staff())


def test_the_summary_adds_up(staff):
    program = factories.program(cadence_days=14)
    recent, mentor_a, mentee_a = factories.active_pair(program)
    stale, mentor_b, _ = factories.active_pair(program)
    idle, *_ = factories.active_pair(program)
    factories.proposed_pair(program)
    _log(recent, mentor_a, 0, minutes=45)
    _log(recent, mentor_a, 7, minutes=15)
    _log(stale, mentor_b, 20)
    services.add_goal(recent.uuid, user=mentee_a, title="Done", progress=100)
    services.add_goal(recent.uuid, user=mentee_a, title="Half", progress=50)

    report = staff.get(f"{API}programs/{program.uuid}/report/").json()

    assert report["pairs_by_status"] == {
        "proposed": 1,
        "active": 3,
        "completed": 0,
        "closed": 0,
        "declined": 0,
    }
    assert report["pairs_by_health"]["total"] == 4
    assert sum(report["pairs_by_health"][k] for k in ("on_track", "needs_attention", "at_risk")) == 4
    assert report["participants"] == {"mentor": 4, "mentee": 4}
    weeks = {row["week"]: row for row in report["sessions_per_week"]}
    for days_ago in (0, 7, 20):
        year, week, _ = (TODAY - dt.timedelta(days=days_ago)).isocalendar()
        assert f"{year}-W{week:02d}" in weeks
    assert report["sessions_total"] == 3
    assert sum(row["minutes"] for row in report["sessions_per_week"]) == 45 + 15 + 30
    assert report["cadence_adherence"] == {"active_pairs": 3, "within_cadence": 1, "share": 0.333}
    assert report["goals"]["total"] == 2
    assert report["goals"]["achieved"] == 1
    assert report["goals"]["average_progress"] == 75.0
    assert idle.status == "active"


def _report(staff, program):
    return staff.get(f"{API}programs/{program.uuid}/report/").json()


def _generation(program, answer):
    factories.join(program, factories.enrolled(), "mentee", self_description={"generation": answer})


def test_pulse_averages_by_direction_cover_a_closed_month_and_hide_small_groups(staff):
    with freeze_time("2026-10-05"):
        program = factories.program()
        pairs = [factories.active_pair(program) for _ in range(5)]
        for index, (pair, _mentor, mentee) in enumerate(pairs):
            factories.pulse(pair, mentee, 4 if index % 2 else 2)  # mentees: 2, 4, 2, 4, 2 -> 2.8
        factories.pulse(pairs[0][0], pairs[0][1], 5)  # a single mentor answered
        # The month is still open: nothing of it is published.
        assert _report(staff, program)["pulse_received"]["mentee"]["suppressed"] is True

    with freeze_time("2026-11-02"):
        report = _report(staff, program)

    received = report["pulse_received"]
    assert received["mentee"] == {
        "period": "2026-10",
        "respondents_at_least": 5,
        "suppressed": False,
        "trust": 2.8,
        "comfort": 2.8,
        "career_support": 2.8,
        "psychosocial_support": 2.8,
        "role_modeling": 2.8,
    }
    # One mentor's average would be their raw answer: suppressed, and no count says one answered.
    assert received["mentor"] == {
        "period": None,
        "respondents_at_least": None,
        "suppressed": True,
        "trust": None,
        "comfort": None,
        "career_support": None,
        "psychosocial_support": None,
        "role_modeling": None,
    }
    assert [month["period"] for month in report["pulse_by_month"]] == ["2026-10"]
    assert "responses" not in json.dumps(report)


def test_differencing_two_reports_does_not_recover_one_pulse_check(staff):
    """ADR 0003, threat "reports differenced over time": the report read before and after one
    person's pulse check (or their deletion at retirement) is the same."""
    with freeze_time("2026-10-05"):
        program = factories.program()
        pairs = [factories.active_pair(program) for _ in range(6)]
        for pair, _mentor, mentee in pairs[:5]:
            factories.pulse(pair, mentee, 3)
    with freeze_time("2026-11-03"):
        before = _report(staff, program)
        late_pair, _late_mentor, late_mentee = pairs[5]
        factories.pulse(late_pair, late_mentee, 1)  # this month: not published until it closes
        after = _report(staff, program)
        assert after["pulse_received"] == before["pulse_received"]
        assert after["pulse_by_month"] == before["pulse_by_month"]
        # Retiring one of October's respondents deletes their answers, not October's figures.
        services.retire_user(pairs[0][2])
        assert _report(staff, program)["pulse_received"] == before["pulse_received"]
    with freeze_time("2026-12-01"):
        # November closed with one respondent: suppressed, so October's stays the latest.
        december = _report(staff, program)
    assert december["pulse_received"]["mentee"] == before["pulse_received"]["mentee"]
    assert december["pulse_by_month"][-1]["mentee"]["suppressed"] is True
    assert december["pulse_by_month"][-1]["mentee"]["trust"] is None


def test_self_description_groups_under_five_are_suppressed(staff):
    with freeze_time("2026-10-05"):
        program = factories.program(diversity_enabled=True)
        for index in range(8):
            _generation(program, "millennial" if index < 6 else "boomer")
    with freeze_time("2026-11-02"):
        groups = _report(staff, program)["self_description"]

    assert groups == {
        "period": "2026-10",
        "respondents_at_least": 5,
        "questions": {
            "generation": {
                "groups": [{"value": "millennial", "participants": 6, "paired": 0}],
                "suppressed_groups": 1,
            }
        },
    }


def test_differencing_two_reports_does_not_recover_one_self_description(staff):
    """One person joining never changes the published breakdown: a new one is published only once
    the minimum group size more people have answered, and only after their month closes."""
    with freeze_time("2026-10-05"):
        program = factories.program(diversity_enabled=True)
        for _ in range(5):
            _generation(program, "millennial")
    with freeze_time("2026-11-02"):
        before = _report(staff, program)["self_description"]
        _generation(program, "millennial")  # a group of 5 would become 6
        assert _report(staff, program)["self_description"] == before
    with freeze_time("2026-12-01"):
        # November closed with one new respondent: fewer than 5 more, so still October's.
        assert _report(staff, program)["self_description"] == before
        for _ in range(4):
            _generation(program, "boomer")
    with freeze_time("2027-01-04"):
        january = _report(staff, program)["self_description"]
    assert january["period"] == "2026-12"
    assert january["questions"]["generation"]["groups"] == [
        {"value": "millennial", "participants": 6, "paired": 0}
    ]
    # Five more people since October's: the six millennials are mixed in with four new boomers.
    assert january["questions"]["generation"]["suppressed_groups"] == 1


def test_no_breakdown_when_the_program_does_not_ask(staff):
    program = factories.program()
    assert staff.get(f"{API}programs/{program.uuid}/report/").json()["self_description"] == {}


def test_csv_streams_the_pair_table(staff):
    program = factories.program()
    pair, mentor, _ = factories.active_pair(program)
    _log(pair, mentor, 1)
    closed, *_ = factories.active_pair(program)
    services.close_pair(closed.uuid, reason='=HYPERLINK("http://evil")')

    response = staff.get(f"{API}programs/{program.uuid}/report/?format=csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert list(rows[0]) == list(services.reports.CSV_COLUMNS)
    by_uuid = {row["uuid"]: row for row in rows}
    assert by_uuid[str(pair.uuid)]["sessions"] == "1"
    assert by_uuid[str(pair.uuid)]["last_session"] == str(TODAY - dt.timedelta(days=1))
    assert by_uuid[str(pair.uuid)]["health"] in {"on_track", "needs_attention", "at_risk"}
    # Free text cannot become a spreadsheet formula.
    assert by_uuid[str(closed.uuid)]["closed_reason"].startswith("'=")
    assert by_uuid[str(closed.uuid)]["health"] == ""


def test_the_pair_table_reads_in_chunks(db):
    program = factories.program()
    made = {str(factories.proposed_pair(program)[0].uuid) for _ in range(7)}
    rows = list(services.pair_table(program.uuid, chunk_size=3))
    assert {row[0] for row in rows} == made
    assert len(rows) == 7


def test_learners_and_other_staff_get_no_report(world):
    url = f"{API}programs/{world.program.uuid}/report/?format=csv"
    assert client_for(world.users["mentor"]).get(url).status_code == 403
    refused = client_for(world.users["other_staff"]).get(url)
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/json"  # errors are JSON even when CSV was asked


def test_the_organizational_outcome_is_shown_next_to_the_programs_activity(db):
    """Each measure's milestones in date order, with the sessions logged up to each day and the
    pairs active on it (issue 16: the organizational outcome tracked)."""
    staff_user = factories.course_staff()
    with freeze_time("2026-03-01 09:00"):
        program = factories.program(organizational_outcome="Leaders fluent in analytics")

    def log(pair, mentor, day):
        with freeze_time(f"{day} 18:00"):
            services.log_session(
                pair.uuid, user=mentor, occurred_on=day, duration_minutes=30, led_by="mentor"
            )

    with freeze_time("2026-03-02 09:00"):
        first, mentor_a, _ = factories.active_pair(program)
    log(first, mentor_a, "2026-03-05")
    log(first, mentor_a, "2026-03-20")
    with freeze_time("2026-04-01 09:00"):
        second, mentor_b, _ = factories.active_pair(program)
    log(second, mentor_b, "2026-04-03")
    with freeze_time("2026-05-10 09:00"):
        services.close_pair(second.uuid, reason="Moved teams")
    log(first, mentor_a, "2026-05-12")
    with freeze_time("2026-06-15 09:00"):
        for measure, day, value, note in (
            ("Leaders on the dashboard weekly", "2026-05-11", 9, "After the second cohort"),
            ("Leaders on the dashboard weekly", "2026-03-01", 2, "Baseline"),
            ("Leaders on the dashboard weekly", "2026-04-02", 5, ""),
            ("Reports read online (share)", "2026-04-02", 0.35, ""),
        ):
            services.record_outcome(
                program.uuid, user=staff_user, measure=measure, value=value, recorded_on=day, note=note
            )
        section = (
            client_for(staff_user)
            .get(f"{API}programs/{program.uuid}/report/")
            .json()["organizational_outcome"]
        )
    assert section["stated"] == "Leaders fluent in analytics"
    assert [m["measure"] for m in section["measures"]] == [
        "Leaders on the dashboard weekly",
        "Reports read online (share)",
    ]
    points = [
        {k: p[k] for k in ("recorded_on", "value", "note", "sessions_to_date", "active_pairs")}
        for p in section["measures"][0]["points"]
    ]
    assert points == [
        {
            "recorded_on": "2026-03-01",
            "value": 2.0,
            "note": "Baseline",
            "sessions_to_date": 0,
            "active_pairs": 0,
        },
        {"recorded_on": "2026-04-02", "value": 5.0, "note": "", "sessions_to_date": 2, "active_pairs": 2},
        # the second pair closed the day before; the session of 12 May is after the milestone
        {
            "recorded_on": "2026-05-11",
            "value": 9.0,
            "note": "After the second cohort",
            "sessions_to_date": 3,
            "active_pairs": 1,
        },
    ]
    assert section["measures"][1]["points"][0]["value"] == 0.35


def test_without_records_the_section_states_the_outcome(staff):
    program = factories.program(organizational_outcome="Leaders fluent in analytics")
    section = staff.get(f"{API}programs/{program.uuid}/report/").json()["organizational_outcome"]
    assert section == {"stated": "Leaders fluent in analytics", "measures": []}
