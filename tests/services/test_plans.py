"""Planned sessions: propose, confirm, reschedule, decline, cancel, and log from the plan."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from revmentor_plugin.services.plans import confirmed_plans_between
from tests import factories

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = "2026-03-02 12:00:00"


@pytest.fixture
def pair(program):
    """An active pair: the mentor in Paris, the mentee in Los Angeles."""
    mentor, mentee = factories.enrolled(), factories.enrolled()
    factories.join(program, mentor, "mentor", timezone="Europe/Paris")
    factories.join(program, mentee, "mentee", timezone="America/Los_Angeles")
    return factories.active_pair(program, mentor, mentee)


def _propose(pair, **fields):
    data, _mentor, mentee = pair
    fields = {"starts_at": "2026-03-10T09:00", "duration_minutes": 45, **fields}
    return services.propose_session(data.uuid, user=mentee, **fields)


@freeze_time(NOW)
def test_a_proposal_is_entered_in_the_proposers_zone_and_stored_in_utc(pair):
    plan = _propose(pair, location="https://meet.example/abc")
    assert plan.starts_at == dt.datetime(2026, 3, 10, 16, 0, tzinfo=UTC)  # 09:00 PDT = 16:00 UTC
    assert (plan.timezone, plan.status, plan.proposed_by, plan.sequence) == (
        "America/Los_Angeles",
        "proposed",
        "mentee",
        0,
    )
    assert plan.uid.endswith("@revmentor")
    assert plan.confirmed_at is None
    # The mentor in Paris (still on winter time) sees 17:00 that day.
    paris = services.in_zone(plan.starts_at, "Europe/Paris")
    assert (paris.date(), paris.hour, paris.minute) == (dt.date(2026, 3, 10), 17, 0)


@freeze_time(NOW)
def test_a_daylight_saving_change_between_the_zones_is_kept(pair):
    # The USA moves its clocks on 8 March 2026, Europe on 29 March: between them, Paris is 8
    # hours ahead of Los Angeles instead of 9.
    before = _propose(pair, starts_at="2026-03-06T09:00")
    between = _propose(pair, starts_at="2026-03-13T09:00")
    after = _propose(pair, starts_at="2026-04-03T09:00")
    assert [services.in_zone(p.starts_at, "Europe/Paris").hour for p in (before, between, after)] == [
        18,
        17,
        18,
    ]
    assert [p.starts_at.hour for p in (before, between, after)] == [17, 16, 16]
    assert [services.in_zone(p.starts_at, "America/Los_Angeles").hour for p in (before, between, after)] == [
        9,
        9,
        9,
    ]


@freeze_time(NOW)
def test_partners_twelve_hours_apart(program):
    mentor, mentee = factories.enrolled(), factories.enrolled()
    factories.join(program, mentor, "mentor", timezone="Pacific/Auckland")  # UTC+13 in March
    factories.join(program, mentee, "mentee", timezone="Europe/London")  # UTC+0 until 29 March
    data, _, _ = factories.active_pair(program, mentor, mentee)
    plan = services.propose_session(data.uuid, user=mentee, starts_at="2026-03-10T20:00", duration_minutes=30)
    auckland = services.in_zone(plan.starts_at, "Pacific/Auckland")
    # 20:00 on Tuesday in London is 09:00 on Wednesday in Auckland: another day.
    assert (auckland.date(), auckland.hour) == (dt.date(2026, 3, 11), 9)
    # After both changes (London +1 on 29 March, Auckland -1 on 5 April) they are 11 hours apart.
    later = services.propose_session(
        data.uuid, user=mentee, starts_at="2026-04-14T20:00", duration_minutes=30
    )
    assert services.in_zone(later.starts_at, "Pacific/Auckland").hour == 7


@freeze_time(NOW)
def test_a_time_skipped_by_the_clocks_is_refused_and_a_repeated_one_is_the_first(pair):
    data, _, _mentee = pair
    with pytest.raises(InvalidInput) as exc:
        _propose(pair, starts_at="2026-03-08T02:30")  # Los Angeles jumps from 02:00 to 03:00
    assert "starts_at" in exc.value.errors
    repeated = _propose(pair, starts_at="2026-11-01T01:30")  # 01:00-02:00 happens twice
    assert repeated.starts_at == dt.datetime(2026, 11, 1, 8, 30, tzinfo=UTC)  # the first, PDT
    assert [p.id for p in services.planned_sessions_of_pair(data.uuid)] == [repeated.id]


@freeze_time(NOW)
def test_an_explicit_zone_wins_over_the_profile(pair):
    plan = _propose(pair, timezone="Asia/Tokyo")
    assert (plan.timezone, plan.starts_at.hour) == ("Asia/Tokyo", 0)


@freeze_time(NOW)
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts_at": "2026-03-01T09:00"}, "starts_at"),  # passed
        ({"starts_at": "2027-03-10T09:00"}, "starts_at"),  # more than a year ahead
        ({"starts_at": "2026-03-10T09:00+01:00"}, "starts_at"),  # an offset: the zone says it
        ({"starts_at": "10/03/2026 09:00"}, "starts_at"),
        ({"starts_at": None}, "starts_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": "45"}, "duration_minutes"),
        ({"mode": "carrier-pigeon"}, "mode"),
        ({"location": "x" * 501}, "location"),
        ({"location": "line\nbreak"}, "location"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_bad_proposals_name_the_field_and_write_nothing(pair, fields, field):
    with pytest.raises(InvalidInput) as exc:
        _propose(pair, **fields)
    assert field in exc.value.errors
    assert services.planned_sessions_of_pair(pair[0].uuid) == []


@freeze_time(NOW)
def test_the_partner_confirms_not_the_proposer(pair):
    data, mentor, mentee = pair
    plan = _propose(pair)
    with pytest.raises(Conflict):
        services.confirm_planned_session(data.uuid, plan.id, user=mentee)
    confirmed = services.confirm_planned_session(data.uuid, plan.id, user=mentor)
    assert (confirmed.status, confirmed.sequence) == ("confirmed", 0)
    assert confirmed.confirmed_at == dt.datetime(2026, 3, 2, 12, tzinfo=UTC)
    again = services.confirm_planned_session(data.uuid, plan.id, user=mentor)
    assert again == confirmed


@freeze_time(NOW)
def test_a_reschedule_moves_the_time_bumps_the_sequence_and_asks_the_other_side(pair):
    data, mentor, mentee = pair
    plan = _propose(pair, location="Room 4")
    services.confirm_planned_session(data.uuid, plan.id, user=mentor)
    moved = services.reschedule_planned_session(data.uuid, plan.id, user=mentor, starts_at="2026-03-11T18:00")
    assert moved.uid == plan.uid
    assert (moved.status, moved.sequence, moved.proposed_by, moved.timezone) == (
        "proposed",
        1,
        "mentor",
        "Europe/Paris",
    )
    assert moved.starts_at == dt.datetime(2026, 3, 11, 17, tzinfo=UTC)
    assert (moved.location, moved.duration_minutes, moved.confirmed_at) == ("Room 4", 45, None)
    with pytest.raises(Conflict):
        services.confirm_planned_session(data.uuid, plan.id, user=mentor)
    assert services.confirm_planned_session(data.uuid, plan.id, user=mentee).status == "confirmed"


@freeze_time(NOW)
def test_decline_and_cancel(pair):
    data, mentor, mentee = pair
    declined = _propose(pair)
    with pytest.raises(Conflict):
        services.decline_planned_session(data.uuid, declined.id, user=mentee)
    assert services.decline_planned_session(data.uuid, declined.id, user=mentor).status == "declined"
    with pytest.raises(InvalidTransition):
        services.confirm_planned_session(data.uuid, declined.id, user=mentor)
    with pytest.raises(InvalidTransition):
        services.reschedule_planned_session(data.uuid, declined.id, user=mentor, starts_at="2026-03-12T10:00")

    kept = _propose(pair)
    services.confirm_planned_session(data.uuid, kept.id, user=mentor)
    cancelled = services.cancel_planned_session(data.uuid, kept.id, user=mentee)
    assert (cancelled.status, cancelled.sequence, cancelled.uid) == ("cancelled", 1, kept.uid)
    assert services.cancel_planned_session(data.uuid, kept.id, user=mentor).sequence == 1


@freeze_time(NOW)
def test_only_the_pair_plans_and_only_when_active(program, pair):
    data, _mentor, _ = pair
    proposed, p_mentor, _ = factories.proposed_pair(program)
    with pytest.raises(InvalidTransition):
        services.propose_session(
            proposed.uuid, user=p_mentor, starts_at="2026-03-10T09:00", duration_minutes=30
        )
    other, other_mentor, _ = factories.active_pair(program)
    plan = _propose(pair)
    with pytest.raises(NotFound):
        services.confirm_planned_session(other.uuid, plan.id, user=other_mentor)
    with pytest.raises(NotFound):
        services.cancel_planned_session(data.uuid, 10**6, user=_mentor)


def test_next_planned_days_and_logging_from_the_plan(pair):
    data, mentor, mentee = pair
    with freeze_time(NOW):
        plan = _propose(pair, duration_minutes=50, mode="phone")
        services.confirm_planned_session(data.uuid, plan.id, user=mentor)
        unconfirmed = _propose(pair, starts_at="2026-03-09T09:00")
        pair_id = services.get_pair(data.uuid).id
        assert services.next_planned_days([pair_id]) == {pair_id: dt.date(2026, 3, 10)}
        assert services.plans_to_log(data.uuid) == []
        with pytest.raises(InvalidTransition):
            services.log_planned_session(data.uuid, plan.id, user=mentee, led_by="mentor")
    with freeze_time("2026-03-10 18:00:00"):
        assert services.next_planned_days([pair_id]) == {pair_id: dt.date(2026, 3, 10)}  # still today's
        assert [p.id for p in services.plans_to_log(data.uuid)] == [plan.id]
        with pytest.raises(InvalidTransition):
            services.log_planned_session(data.uuid, unconfirmed.id, user=mentee, led_by="mentor")
        session = services.log_planned_session(data.uuid, plan.id, user=mentee, led_by="mentor", notes="Good")
        assert (session.occurred_on, session.duration_minutes, session.mode, session.notes) == (
            dt.date(2026, 3, 10),
            50,
            "phone",
            "Good",
        )
        assert services.plans_to_log(data.uuid) == []
        with pytest.raises(Conflict):
            services.log_planned_session(data.uuid, plan.id, user=mentor, led_by="mentor")
        assert services.confirm_session(data.uuid, session.id, user=mentor).confirmed
        with pytest.raises(InvalidInput):
            services.log_planned_session(
                data.uuid, plan.id, user=mentee, led_by="mentor", occurred_on="2026-01-01"
            )


def test_zone_helper_matches_zoneinfo():
    moment = dt.datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert services.in_zone(moment, "Asia/Kolkata") == moment.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata"))


def test_a_confirmed_plan_keeps_an_overdue_pair_on_track(pair):
    data, mentor, mentee = pair
    with freeze_time("2026-03-02 12:00:00"):
        services.add_goal(data.uuid, user=mentee, title="Learn pandas")
        services.log_session(
            data.uuid, user=mentor, occurred_on="2026-03-02", duration_minutes=30, led_by="mentor"
        )
    with freeze_time("2026-03-20 12:00:00"):  # 18 days without a session, cadence 14
        health = services.get_pair(data.uuid).health
        assert (health.status, health.reasons[0]) == (
            "at_risk",
            "No session for 18 days (cadence: every 14 days) and none planned",
        )
        plan = _propose(pair, starts_at="2026-03-24T09:00")
        assert services.get_pair(data.uuid).health.status == "at_risk"  # proposed is not planned yet
        services.confirm_planned_session(data.uuid, plan.id, user=mentor)
        health = services.get_pair(data.uuid).health
        assert health.status == "on_track", health.reasons
        assert "Next session planned in 4 days" in health.reasons
        services.cancel_planned_session(data.uuid, plan.id, user=mentee)
        assert services.get_pair(data.uuid).health.status == "at_risk"


def test_a_pair_that_ends_calls_off_the_plans_still_ahead(pair):
    data, mentor, _mentee = pair
    with freeze_time(NOW):
        past = _propose(pair, starts_at="2026-03-03T09:00")
        services.confirm_planned_session(data.uuid, past.id, user=mentor)
        ahead = _propose(pair, starts_at="2026-03-20T09:00")
        services.confirm_planned_session(data.uuid, ahead.id, user=mentor)
        asked = _propose(pair, starts_at="2026-03-21T09:00")
    with freeze_time("2026-03-05 12:00:00"):
        services.close_pair(data.uuid, reason="We are done", completed=True)
        plans = {p.id: (p.status, p.sequence) for p in services.planned_sessions_of_pair(data.uuid)}
    assert plans == {past.id: ("confirmed", 0), ahead.id: ("cancelled", 1), asked.id: ("cancelled", 1)}


def test_withdrawing_calls_off_the_plans_too(program, pair):
    data, mentor, _mentee = pair
    with freeze_time(NOW):
        plan = _propose(pair)
        services.withdraw_participant(program.uuid, mentor.username, reason="Too busy")
        assert services.get_planned_session(data.uuid, plan.id).status == "cancelled"


def test_confirmed_plans_between_for_the_day_before_reminder(program, pair):
    data, mentor, _mentee = pair
    with freeze_time(NOW):
        soon = _propose(pair, starts_at="2026-03-03T09:00")  # 17:00 UTC tomorrow
        services.confirm_planned_session(data.uuid, soon.id, user=mentor)
        _propose(pair, starts_at="2026-03-03T10:00")  # only proposed
        later = _propose(pair, starts_at="2026-03-10T09:00")
        services.confirm_planned_session(data.uuid, later.id, user=mentor)
        other, other_mentor, other_mentee = factories.active_pair(program)
        ended = services.propose_session(
            other.uuid, user=other_mentee, starts_at="2026-03-03T08:00", duration_minutes=30
        )
        services.confirm_planned_session(other.uuid, ended.id, user=other_mentor)
        services.close_pair(other.uuid, reason="Stopped")
        now = timezone.now()
        assert [p.id for p in confirmed_plans_between(now, now + dt.timedelta(days=2))] == [soon.id]
        in_a_week = confirmed_plans_between(now, now + dt.timedelta(days=9))
        assert [p.id for p in in_a_week] == [soon.id, later.id]
