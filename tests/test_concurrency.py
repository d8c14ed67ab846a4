"""Racing requests on MariaDB/MySQL: row locks and unique constraints leave one winner.

Each thread has its own database connection and transaction, as concurrent web requests do.
SQLite serialises every write, so these run on MySQL/MariaDB only (``make test-mysql``, CI).
"""

import threading

import pytest
from django.apps import apps
from django.db import connection, connections
from rest_framework.test import APIClient

from revmentor_plugin import services
from revmentor_plugin.models import Goal, Pair
from revmentor_plugin.services.errors import Conflict
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("mysql_only")]
THREADS = 8


def _race(calls):
    """Run the calls at once; return (successes, conflicts, other errors)."""
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            results.append(("ok", call()))
        except Conflict as exc:
            results.append(("conflict", exc))
        except Exception as exc:
            results.append(("error", exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (
        [r for r in results if r[0] == "ok"],
        [r for r in results if r[0] == "conflict"],
        [r for r in results if r[0] == "error"],
    )


def test_racing_to_pair_one_mentee_leaves_one_open_pair():
    assert connection.vendor == "mysql"
    program = factories.program()
    mentee = factories.enrolled("contested")
    factories.join(program, mentee, "mentee")
    mentors = [factories.enrolled(f"mentor{i}") for i in range(THREADS)]
    for mentor in mentors:
        factories.join(program, mentor, "mentor")
    ok, conflicts, errors = _race(
        [
            lambda m=m: services.propose_pair(program.uuid, mentor=m.username, mentee="contested")
            for m in mentors
        ]
    )
    assert errors == []
    assert (len(ok), len(conflicts)) == (1, THREADS - 1)
    assert Pair.objects.filter(mentee__user=mentee, status__in=("proposed", "active")).count() == 1


@pytest.mark.parametrize("capacity", [1, 3])
def test_racing_past_a_mentors_capacity_is_impossible(capacity):
    program = factories.program()
    mentor = factories.enrolled("busy")
    factories.join(program, mentor, "mentor", capacity=capacity)
    mentees = [factories.enrolled(f"mentee{i}") for i in range(THREADS)]
    for mentee in mentees:
        factories.join(program, mentee, "mentee")
    ok, conflicts, errors = _race(
        [lambda e=e: services.propose_pair(program.uuid, mentor="busy", mentee=e.username) for e in mentees]
    )
    assert errors == []
    assert (len(ok), len(conflicts)) == (capacity, THREADS - capacity)
    open_pairs = Pair.objects.filter(mentor__user=mentor, status__in=("proposed", "active"))
    assert sorted(open_pairs.values_list("mentor_seat", flat=True)) == list(range(1, capacity + 1))


def test_racing_accepts_activate_once():
    program = factories.program()
    pair, mentor, mentee = factories.proposed_pair(program)
    _ok, conflicts, errors = _race(
        [lambda u=u: services.accept_agreement(pair.uuid, user=u) for u in [mentor, mentee] * 4]
    )
    assert (errors, conflicts) == ([], [])
    assert services.get_pair(pair.uuid).status == "active"
    assert services.get_pair(pair.uuid).accepted_by == ("mentor", "mentee")


@pytest.mark.parametrize("atomic_requests", [False, True], ids=["autocommit", "atomic-requests"])
def test_racing_posts_with_one_idempotency_key_make_one_goal(atomic_requests):
    """A double click or a retry racing the first request: one goal, never a duplicate (ADR 0010).

    With each request in its own transaction (``ATOMIC_REQUESTS``, as the LMS runs), a repeat
    waits on the first's claim and replays its answer; in autocommit it may instead be told
    that the first is still in progress (409).
    """
    program = factories.program()
    pair, _mentor, mentee = factories.active_pair(program)
    url = f"/api/revmentor/v1/pairs/{pair.uuid}/goals/"

    def post():
        client = APIClient()
        client.force_authenticate(mentee)
        response = client.post(url, {"title": "Raced"}, format="json", HTTP_IDEMPOTENCY_KEY="one-click")
        return response.status_code, response.content

    previous = connection.settings_dict.get("ATOMIC_REQUESTS", False)
    connection.settings_dict["ATOMIC_REQUESTS"] = atomic_requests  # every thread's connection reads it
    try:
        ok, _conflicts, errors = _race([post] * THREADS)
    finally:
        connection.settings_dict["ATOMIC_REQUESTS"] = previous
    assert errors == []
    answers = [answer for _, answer in ok]
    assert {status for status, _ in answers} <= {201, 409}
    created = {content for status, content in answers if status == 201}
    assert len(created) == 1  # the first answer, and replays of it byte for byte
    assert Goal.objects.filter(pair__uuid=pair.uuid).count() == 1
    records = apps.get_model("revmentor", "IdempotencyRecord").objects
    assert records.filter(user=mentee, status=201).count() == 1


def test_closing_a_program_while_pairs_are_proposed_leaves_no_open_pair():
    """A new pair locks its program's row first, so it is made either before the program closes
    (and closing ends it) or not at all (issue 10, item 12)."""
    program = factories.program()
    people = []
    for i in range(THREADS - 1):
        mentor, mentee = factories.enrolled(f"closing_mentor{i}"), factories.enrolled(f"closing_mentee{i}")
        factories.join(program, mentor, "mentor")
        factories.join(program, mentee, "mentee")
        people.append((mentor.username, mentee.username))
    calls = [lambda m=m, e=e: services.propose_pair(program.uuid, mentor=m, mentee=e) for m, e in people]
    calls.append(lambda: services.update_program(program.uuid, status="closed"))
    ok, conflicts, errors = _race(calls)
    assert errors == []
    assert len(ok) + len(conflicts) == THREADS
    assert services.get_program(program.uuid).status == "closed"
    assert not Pair.objects.filter(program__uuid=program.uuid, status__in=("proposed", "active")).exists()
