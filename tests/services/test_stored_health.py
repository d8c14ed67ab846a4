"""Stored pair health (ADR 0016): after any sequence of writes and day changes, each pair's
stored health is the health computed afresh, and reads word it as before."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from revmentor_plugin import services, tasks
from revmentor_plugin.models import Goal, Pair, PlannedSession
from revmentor_plugin.services.health import accepted_roles, evaluate, facts_for_pairs
from tests import factories

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def fresh_and_stored(program_uuid) -> list[tuple[tuple, tuple]]:
    """Each pair of the program: (health computed now from its rows, its stored health)."""
    today = timezone.localdate()
    rows = list(Pair.objects.filter(program__uuid=program_uuid).select_related("program").order_by("pk"))
    facts = facts_for_pairs(rows, accepted_roles(rows), today=today)
    result = []
    for pair in rows:
        found = evaluate(facts[pair.pk], today) if pair.pk in facts else None
        fresh = (found.status.value, list(found.reasons), found.next_planned) if found else ("", [], None)
        stored = (pair.health_status, pair.health_reasons, pair.health_next_planned)
        result.append((fresh, stored))
    return result


def _world():
    """A program with two pairs: one active, one proposed (each with its own people)."""
    program = factories.program(cadence_days=7)
    pairs = []
    for i in range(2):
        pair, mentor, mentee = (factories.active_pair if i == 0 else factories.proposed_pair)(program)
        pairs.append((pair.uuid, mentor, mentee))
    return program, pairs


class StoredHealthMachine(RuleBasedStateMachine):
    """Writes through the services and days passing; the invariant compares stored and fresh."""

    world: tuple = ()

    def __init__(self):
        super().__init__()
        self.clock = freeze_time(START)
        self.frozen = self.clock.start()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.program, self.pairs = self.world

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.clock.stop()

    def _try(self, write):
        with contextlib.suppress(services.RevMentorError):  # a refused write changes nothing
            write()

    def _people(self, index, by_mentor):
        uuid, mentor, mentee = self.pairs[index]
        return uuid, (mentor if by_mentor else mentee), (mentee if by_mentor else mentor)

    @rule(index=st.integers(0, 1), days_ago=st.integers(0, 20), by_mentor=st.booleans())
    def log_session(self, index, days_ago, by_mentor):
        uuid, user, _other = self._people(index, by_mentor)
        day = timezone.localdate() - dt.timedelta(days=days_ago)
        self._try(
            lambda: services.log_session(
                uuid, user=user, occurred_on=day, duration_minutes=30, led_by="mentor"
            )
        )

    @rule(index=st.integers(0, 1))
    def add_goal(self, index):
        uuid, user, _other = self._people(index, True)
        self._try(lambda: services.add_goal(uuid, user=user, title="Goal"))

    @rule(index=st.integers(0, 1), progress=st.integers(0, 100), drop=st.booleans())
    def change_goal(self, index, progress, drop):
        uuid, user, _other = self._people(index, False)
        goal = Goal.objects.filter(pair__uuid=uuid).order_by("pk").first()
        if goal is not None:
            changes = {"status": "dropped"} if drop else {"progress": progress}
            self._try(lambda: services.update_goal(uuid, goal.pk, user=user, **changes))

    @rule(index=st.integers(0, 1), low=st.booleans(), by_mentor=st.booleans())
    def pulse(self, index, low, by_mentor):
        uuid, user, _other = self._people(index, by_mentor)
        answers = factories.pulse_answers(4, trust=2) if low else factories.pulse_answers(4)
        self._try(lambda: services.record_pulse(uuid, user=user, **answers))

    @rule(index=st.integers(0, 1), by_mentor=st.booleans())
    def accept(self, index, by_mentor):
        uuid, user, _other = self._people(index, by_mentor)
        self._try(lambda: services.accept_agreement(uuid, user=user))

    @rule(index=st.integers(0, 1), days_ahead=st.integers(0, 20))
    def plan_and_confirm(self, index, days_ahead):
        uuid, mentee, mentor = self._people(index, False)
        day = timezone.localdate() + dt.timedelta(days=days_ahead)

        def plan():
            planned = services.propose_session(
                uuid, user=mentee, starts_at=f"{day}T18:00", duration_minutes=30
            )
            services.confirm_planned_session(uuid, planned.id, user=mentor)

        self._try(plan)

    @rule(index=st.integers(0, 1), reschedule=st.booleans())
    def call_off_plan(self, index, reschedule):
        uuid, user, _other = self._people(index, True)
        plan = PlannedSession.objects.filter(pair__uuid=uuid, status="confirmed").order_by("pk").first()
        if plan is None:
            return
        if reschedule:
            later = f"{timezone.localdate() + dt.timedelta(days=10)}T18:00"
            self._try(lambda: services.reschedule_planned_session(uuid, plan.pk, user=user, starts_at=later))
        else:
            self._try(lambda: services.cancel_planned_session(uuid, plan.pk, user=user))

    @rule(index=st.integers(0, 1), completed=st.booleans())
    def close(self, index, completed):
        uuid = self.pairs[index][0]
        self._try(lambda: services.close_pair(uuid, reason="Done.", completed=completed))

    @rule(cadence=st.sampled_from([3, 7, 14]))
    def change_cadence(self, cadence):
        services.update_program(self.program.uuid, cadence_days=cadence)

    @rule(text=st.sampled_from(["Meet weekly.", "Meet every two weeks.", "Meet monthly."]))
    def change_expectations(self, text):
        services.update_program(self.program.uuid, expectations=text)

    @rule(days=st.integers(1, 20), by_read=st.booleans())
    def days_pass(self, days, by_read):
        self.frozen.tick(dt.timedelta(days=days))
        if by_read:  # the daily task has not run: the staff page's counts recompute first
            services.health_counts(self.program.uuid)
        else:
            services.refresh_daily_health()

    @invariant()
    def stored_is_fresh(self):
        for fresh, stored in fresh_and_stored(self.program.uuid):
            assert stored == fresh


@pytest.mark.django_db(transaction=False)
def test_stored_health_always_equals_the_computed_one():
    with freeze_time(START):
        StoredHealthMachine.world = _world()
    run_state_machine_as_test(
        StoredHealthMachine,
        settings=settings(
            max_examples=50,
            stateful_step_count=10,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# ---------------------------------------------------------------------------------------------
# Each write path, one by one


def _stored(pair_uuid) -> tuple[str, list[str]]:
    pair = Pair.objects.get(uuid=pair_uuid)
    return pair.health_status, [reason["code"] for reason in pair.health_reasons]


def _fresh(program_uuid):
    for fresh, stored in fresh_and_stored(program_uuid):
        assert stored == fresh


@freeze_time(START)
def test_each_write_stores_the_health_it_changes(program):
    pair, mentor, mentee = factories.proposed_pair(program)
    assert _stored(pair.uuid) == ("on_track", ["waiting_for_agreement"])  # in the INSERT
    services.accept_agreement(pair.uuid, user=mentor)
    services.accept_agreement(pair.uuid, user=mentee)
    assert _stored(pair.uuid) == ("on_track", ["first_session_due", "recent_sessions"])
    services.log_session(
        pair.uuid, user=mentee, occurred_on=START.date(), duration_minutes=30, led_by="mentor"
    )
    assert _stored(pair.uuid) == ("on_track", ["last_session", "recent_sessions"])
    goal = services.add_goal(pair.uuid, user=mentor, title="Goal")
    assert _stored(pair.uuid)[1][-1] == "goal_progress"
    services.update_goal(pair.uuid, goal.id, user=mentor, status="dropped")
    assert _stored(pair.uuid)[1][-1] == "recent_sessions"
    factories.pulse(pair, mentee, 4, trust=2)
    assert _stored(pair.uuid) == ("at_risk", ["low_pulse"])
    factories.pulse(pair, mentee, 4)
    plan = services.propose_session(pair.uuid, user=mentee, starts_at="2026-03-05T10:00", duration_minutes=30)
    services.confirm_planned_session(pair.uuid, plan.id, user=mentor)
    assert Pair.objects.get(uuid=pair.uuid).health_next_planned == dt.date(2026, 3, 5)
    services.cancel_planned_session(pair.uuid, plan.id, user=mentor)
    assert Pair.objects.get(uuid=pair.uuid).health_next_planned is None
    services.update_program(program.uuid, expectations="Meet weekly, always.")
    assert _stored(pair.uuid) == ("needs_attention", ["expectations_not_accepted"])
    _fresh(program.uuid)
    services.close_pair(pair.uuid, reason="Done.", completed=True)
    assert _stored(pair.uuid) == ("", [])
    _fresh(program.uuid)


@freeze_time(START)
def test_a_program_closing_or_a_withdrawal_clears_the_health_of_the_pairs_it_ends(program):
    first, _mentor, mentee = factories.active_pair(program)
    second, *_people = factories.proposed_pair(program)
    services.withdraw_participant(program.uuid, mentee.username)
    assert _stored(first.uuid) == ("", [])
    services.update_program(program.uuid, status="closed")
    assert _stored(second.uuid) == ("", [])


def test_the_daily_task_stores_what_the_day_changes(program):
    with freeze_time(START):
        pair, *_people = factories.proposed_pair(program)
    with freeze_time(START + dt.timedelta(days=8)):
        tasks.send_reminders.delay()
        row = Pair.objects.get(uuid=pair.uuid)
        assert (row.health_status, row.health_on) == ("needs_attention", dt.date(2026, 3, 10))
        assert services.refresh_daily_health() == 0  # nothing left stale today


def test_a_read_never_shows_yesterdays_health(program):
    """Before the daily task runs, a read recomputes its stale rows and stores them."""
    with freeze_time(START):
        pair, *_people = factories.proposed_pair(program)
    with freeze_time(START + dt.timedelta(days=8)):
        health = services.get_pair(pair.uuid).health
        assert health.status == "needs_attention"
        assert health.reasons[0] == "Agreement pending for 8 days"
        assert Pair.objects.get(uuid=pair.uuid).health_on == dt.date(2026, 3, 10)
        assert services.health_counts(program.uuid) == {
            "on_track": 0,
            "needs_attention": 1,
            "at_risk": 0,
            "total": 1,
        }


def test_the_health_filter_and_order_page_in_sql(program):
    with freeze_time(START):
        on_track, *_people = factories.active_pair(program)
        at_risk = factories.busy_pair(program, by_mentee={"pulse": factories.pulse_answers(4, trust=2)}).pair
        ended, *_people = factories.proposed_pair(program)
        services.close_pair(ended.uuid, reason="No.")
        staff = factories.course_staff()
        listing = services.pair_listing_for(staff, program.uuid, ordering="health")
        assert listing.count() == 3
        assert [pair.uuid for pair in listing[0:3]] == [at_risk.uuid, on_track.uuid, ended.uuid]
        backwards = services.pair_listing_for(staff, program.uuid, ordering="-health")
        assert [pair.uuid for pair in backwards[0:3]] == [ended.uuid, on_track.uuid, at_risk.uuid]
        risky = services.pair_listing_for(staff, program.uuid, health="at_risk")
        assert [pair.uuid for pair in risky[0:10]] == [at_risk.uuid]
