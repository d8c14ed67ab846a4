"""The session log's cadence status in words."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.services.health import cadence_status
from tests import factories

TODAY = dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("last", "started", "cadence", "text", "overdue"),
    [
        (TODAY - dt.timedelta(days=11), None, 14, "Next session due in 3 days", False),
        (TODAY - dt.timedelta(days=13), None, 14, "Next session due in 1 day", False),
        (TODAY - dt.timedelta(days=14), None, 14, "Next session due today", False),
        (TODAY - dt.timedelta(days=19), None, 14, "Overdue by 5 days", True),
        (TODAY - dt.timedelta(days=8), None, 7, "Overdue by 1 day", True),
        (None, TODAY - dt.timedelta(days=2), 14, "First session due in 12 days", False),
        (None, TODAY - dt.timedelta(days=14), 14, "First session due today", False),
        (None, TODAY - dt.timedelta(days=20), 14, "First session overdue by 6 days", True),
    ],
)
def test_cadence_in_words(last, started, cadence, text, overdue):
    assert cadence_status(last_session=last, started=started or TODAY, cadence_days=cadence, today=TODAY) == (
        text,
        overdue,
    )


def test_the_block_shows_overdue_from_the_program_cadence(harness, db):
    program = factories.program(cadence_days=7)
    with freeze_time("2026-03-01"):
        pair, mentor, mentee = factories.active_pair(program)
        services.log_session(
            pair.uuid, user=mentor, occurred_on="2026-03-01", duration_minutes=30, led_by="mentor"
        )
    with freeze_time("2026-03-13"):
        html = harness.render("revmentor_session_log", mentee)
    assert "Overdue by 5 days" in html
    assert "rm-overdue" in html


def test_the_block_counts_days_in_the_site_time_zone_as_health_does(harness, db, settings):
    """One rule for dates (``services.day_of``): a pair started late in the evening, local time,
    started that evening's day, in the session log as in health, not on the next UTC day."""
    settings.TIME_ZONE = "America/New_York"
    program = factories.program(cadence_days=7)
    with freeze_time("2026-03-02 02:00:00"):  # 1 March, 21:00 in New York
        pair, _mentor, mentee = factories.active_pair(program)
    assert services.day_of(services.get_pair(pair.uuid).activated_at) == dt.date(2026, 3, 1)
    with freeze_time("2026-03-09 12:00:00"):  # 9 March, 8:00 in New York: due on 8 March
        html = harness.render("revmentor_session_log", mentee)
        health = services.get_pair(pair.uuid).health
    assert "First session overdue by 1 day" in html
    assert "rm-overdue" in html
    assert health.status == "at_risk"  # overdue with nothing planned
