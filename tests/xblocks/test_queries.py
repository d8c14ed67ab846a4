"""A view costs the same number of queries whatever the number of goals, sessions, reflections or
pairs (each list is read with its related rows in a fixed number of queries): each block's
learner view and its staff view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from revmentor_plugin import services
from tests import factories

TYPES = ("revmentor_pairing", "revmentor_goals", "revmentor_session_log", "revmentor_reflection")


def queries_for(harness, block_type, user) -> int:
    block = harness.block(block_type, user)  # the runtime (user service) is built outside the count
    with CaptureQueriesContext(connection) as captured:
        html = block.render("student_view", {"child_of_vertical": True}).content
    assert 'data-state="' in html
    return len(captured)


def add_goals(pair, user, n):
    for i in range(n):
        services.add_goal(
            pair.uuid, user=user, title=f"Goal {i}", skill="python", owner=("mentee", "mentor")[i % 2]
        )


def add_sessions(pair, mentor, mentee, n):
    goal = services.add_goal(pair.uuid, user=mentee, title="Anchor goal")
    for i in range(n):
        session = services.log_session(
            pair.uuid,
            user=(mentor, mentee)[i % 2],
            occurred_on=timezone.localdate() - dt.timedelta(days=i),
            duration_minutes=30,
            led_by="mentor",
            skills=["python", "social-media"],
            goals=[goal.id],
            notes=f"Session {i}",
        )
        if i % 3 == 0:
            services.confirm_session(pair.uuid, session.id, user=(mentee, mentor)[i % 2])


def add_reflections(pair, mentor, mentee, n):
    for i in range(n):
        author = (mentee, mentor)[i % 2]
        services.write_reflection(
            pair.uuid, user=author, body=f"Reflection {i}", visibility=("private", "pair", "staff")[i % 3]
        )
        factories.pulse(pair, author, 4, 4, 3, 3, 3)


@pytest.mark.parametrize(
    ("block_type", "grow"),
    [
        ("revmentor_goals", lambda pair, mentor, mentee, n: add_goals(pair, mentee, n)),
        ("revmentor_session_log", add_sessions),
        ("revmentor_reflection", add_reflections),
    ],
)
def test_learner_view_queries_do_not_grow_with_rows(
    harness, program, django_assert_num_queries, block_type, grow
):
    pair, mentor, mentee = factories.active_pair(program)
    grow(pair, mentor, mentee, 1)
    queries_for(harness, block_type, mentee)  # completion is published (and recorded) on the first view
    one = queries_for(harness, block_type, mentee)
    grow(pair, mentor, mentee, 19)
    block = harness.block(block_type, mentee)
    with django_assert_num_queries(one):
        block.render("student_view", {"child_of_vertical": True})


@pytest.mark.parametrize("block_type", TYPES)
def test_staff_summary_queries_do_not_grow_with_pairs(
    harness, program, django_assert_num_queries, block_type
):
    staff = factories.course_staff()
    factories.active_pair(program)
    one = queries_for(harness, block_type, staff)
    for _ in range(9):
        pair, _mentor, mentee = factories.active_pair(program)
        add_goals(pair, mentee, 2)
    for _ in range(10):
        factories.proposed_pair(program)
    block = harness.block(block_type, staff)
    with django_assert_num_queries(one):
        block.render("student_view", {"child_of_vertical": True})


def learner_with_ended_pairs(program, ended: int):
    """A mentee whose ``ended`` earlier pairs were closed, now in an active pair."""
    mentee = factories.enrolled()
    for _ in range(ended):
        pair, _mentor, _mentee = factories.active_pair(program, mentee=mentee)
        services.close_pair(pair.uuid, reason="Finished")
    factories.active_pair(program, mentee=mentee)
    return mentee


def test_pairing_learner_view_queries_do_not_grow_with_pairs(harness, program, django_assert_num_queries):
    """The pairing block shows the learner's open pair: their ended pairs and the program's other
    pairs and participants cost nothing more."""
    few = learner_with_ended_pairs(program, 1)
    queries_for(harness, "revmentor_pairing", few)  # completion is published on the first view
    one = queries_for(harness, "revmentor_pairing", few)
    many = learner_with_ended_pairs(program, 3)
    for _ in range(6):
        factories.active_pair(program)
    queries_for(harness, "revmentor_pairing", many)
    block = harness.block("revmentor_pairing", many)
    with django_assert_num_queries(one):
        block.render("student_view", {"child_of_vertical": True})
