"""The idempotency records' life: kept a day, purged daily, gone with the account (ADR 0010)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from revmentor_plugin import services, tasks
from tests import factories

pytestmark = pytest.mark.django_db


def records():
    """The idempotency records (looked up by name, so this module imports on any version)."""
    return apps.get_model("revmentor", "IdempotencyRecord").objects


def add_goal_once(pair, user, key: str, title: str = "Ship"):
    """What an edge does with a key: claim it, run, keep the answer."""
    body = {"title": title}
    with services.idempotent(
        user, scope=f"test goals {pair.uuid}", key=key, fingerprint=services.request_fingerprint(body)
    ) as attempt:
        if attempt.replay is not None:
            return attempt.replay
        goal = services.add_goal(pair.uuid, user=user, title=title)
        attempt.keep(201, f'{{"id": {goal.id}}}')
        return goal


def test_a_kept_answer_is_replayed_and_the_work_runs_once(program):
    pair, _mentor, mentee = factories.active_pair(program)
    goal = add_goal_once(pair, mentee, "k1")
    replay = add_goal_once(pair, mentee, "k1")
    assert (replay.status, replay.body) == (201, f'{{"id": {goal.id}}}')
    assert len(services.goals_of_pair(pair.uuid)) == 1


def test_an_exception_in_the_work_rolls_it_back_and_lets_the_key_go(program):
    pair, _mentor, mentee = factories.active_pair(program)
    # The with body is the work: a first write, then a refused one.
    with (  # noqa: PT012
        pytest.raises(services.InvalidInput),
        services.idempotent(mentee, scope="test", key="k1", fingerprint="f") as attempt,
    ):
        assert attempt.replay is None
        services.add_goal(pair.uuid, user=mentee, title="Written, then rolled back")
        services.add_goal(pair.uuid, user=mentee, title="")
    assert services.goals_of_pair(pair.uuid) == []
    assert not records().exists()


def test_purge_deletes_what_is_older_than_a_day(program):
    pair, mentor, mentee = factories.active_pair(program)
    with freeze_time(timezone.now() - dt.timedelta(hours=25)):
        add_goal_once(pair, mentor, "old")
    add_goal_once(pair, mentee, "fresh")
    assert services.purge_idempotency_records() == 1
    assert list(records().values_list("user", flat=True)) == [mentee.pk]


def test_the_daily_task_and_the_command_purge(program):
    pair, _mentor, mentee = factories.active_pair(program)
    for run in (tasks.send_reminders.delay, lambda: call_command("send_revmentor_reminders", verbosity=0)):
        with freeze_time(timezone.now() - dt.timedelta(days=2)):
            add_goal_once(pair, mentee, f"old-{run}")
        run()
        assert not records().exists()


def test_the_command_for_one_course_leaves_the_records_alone(program):
    pair, _mentor, mentee = factories.active_pair(program)
    with freeze_time(timezone.now() - dt.timedelta(days=2)):
        add_goal_once(pair, mentee, "old")
    call_command("send_revmentor_reminders", course=str(factories.COURSE), stdout=None)
    assert records().count() == 1


def test_retirement_deletes_the_users_records_only(program):
    pair, mentor, mentee = factories.active_pair(program)
    add_goal_once(pair, mentee, "mine", title="A goal with my words")
    add_goal_once(pair, mentor, "theirs")
    for _ in range(2):  # idempotent
        services.retire_user(mentee)
        assert list(records().values_list("user", flat=True)) == [mentor.pk]


def test_long_scopes_are_bounded_and_stay_distinct(program):
    mentee = factories.active_pair(program)[2]
    long_a, long_b = "a" * 400, "a" * 399 + "b"
    for scope in (long_a, long_b):
        with services.idempotent(mentee, scope=scope, key="k", fingerprint="f") as attempt:
            assert attempt.replay is None
            attempt.keep(200, "{}")
    scopes = list(records().values_list("scope", flat=True))
    assert len(scopes) == 2
    assert all(len(scope) <= 255 for scope in scopes)
    with services.idempotent(mentee, scope=long_a, key="k", fingerprint="f") as attempt:
        assert attempt.replay is not None
