"""Racing requests on MariaDB/MySQL: row locks and unique constraints leave one winner.

Each thread has its own database connection and transaction, as concurrent web requests do.
SQLite serialises every write, so these run on MySQL/MariaDB only (``make test-mysql``, CI).
"""

import logging

import pytest
from django.apps import apps
from django.db import connection
from rest_framework.test import APIClient

from revmentor_plugin import services
from revmentor_plugin.models import Goal, Pair, Participant
from revmentor_plugin.services.errors import Conflict
from tests import factories, races

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("mysql_only")]
THREADS = 8


def _race(calls):
    """Run the calls at once; return (successes, conflicts, other errors)."""
    results = races.race(calls)
    return (
        [r for r in results if not isinstance(r, Exception)],
        [r for r in results if isinstance(r, Conflict)],
        [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)],
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
    answers = ok  # each thread's (status, content)
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


# ---------------------------------------------------------------------------------------------
# Lock order (ADR 0002): different write paths racing through the REST edge, where a deadlock
# used to answer 500 and lose the write of the request the database killed.

ITERATIONS = 15


def _retries(caplog):
    return [r for r in caplog.records if "lost a lock race" in r.getMessage()]


def test_withdrawing_a_participant_while_they_accept_never_loses_the_withdrawal(caplog):
    """Accepting inserts an acceptance (locking the participant) under the pair's lock; ending
    the pair locks both participants. With one lock order nothing deadlocks, so nothing is even
    retried, whoever wins."""
    caplog.set_level(logging.INFO, logger="revmentor_plugin.services._locking")
    program = factories.program()
    staff = factories.course_staff()
    for iteration in range(ITERATIONS):
        pair, mentor, mentee = factories.proposed_pair(program)
        # The withdrawn mentee accepts the pair's last acceptance, or their partner does.
        first, last = (mentor, mentee) if iteration % 2 else (mentee, mentor)
        services.accept_agreement(pair.uuid, user=first)
        accepted, withdrawn = races.race(
            [
                races.request(last, "post", f"pairs/{pair.uuid}/accept/"),
                races.request(staff, "delete", f"programs/{program.uuid}/participants/{mentee.username}/"),
            ]
        )
        assert accepted.status_code in (200, 409), accepted.content
        assert withdrawn.status_code == 200, withdrawn.content
        assert services.get_participant(program.uuid, mentee.username).status == "withdrawn"
        assert services.get_pair(pair.uuid).status == "closed"
    assert _retries(caplog) == []


def test_parallel_joins_by_one_user_make_one_participant(caplog):
    caplog.set_level(logging.INFO, logger="revmentor_plugin.services._locking")
    program = factories.program()
    for _ in range(3):
        learner = factories.enrolled()
        join = races.request(learner, "post", f"programs/{program.uuid}/participants/", {"role": "mentee"})
        responses = races.race([join] * 6)
        assert races.statuses(responses) == [201] + [409] * 5, [r.content for r in responses]
        assert Participant.objects.filter(program__uuid=program.uuid, user=learner).count() == 1
        details = {r.json()["detail"] for r in responses if r.status_code == 409}
        assert details == {"You have already joined this program."}
    assert _retries(caplog) == []
