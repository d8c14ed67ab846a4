"""The pair invariants hold in the database itself, even for writes that skip the services.

These run on SQLite and on MariaDB (``make test-mysql``); neither relies on a conditional
unique constraint, which MySQL would silently ignore.
"""

import pytest
from django.db import IntegrityError, transaction

from revmentor_plugin.models import Pair, Participant, Program
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(program):
    users = {name: factories.enrolled(name) for name in ("m1", "m2", "e1", "e2")}
    for name, user in users.items():
        factories.join(program, user, "mentor" if name.startswith("m") else "mentee")
    rows = {p.user.username: p for p in Participant.objects.select_related("user")}
    return Program.objects.get(uuid=program.uuid), rows


def _insert(program, mentor, mentee, **fields):
    with transaction.atomic():
        return Pair.objects.create(program=program, mentor=mentor, mentee=mentee, **fields)


def test_a_mentee_cannot_hold_two_open_pairs(people):
    program, p = people
    _insert(program, p["m1"], p["e1"], mentor_seat=1)
    with pytest.raises(IntegrityError):
        _insert(program, p["m2"], p["e1"], mentor_seat=1)


def test_ended_pairs_free_the_mentee(people):
    program, p = people
    _insert(program, p["m1"], p["e1"], status="closed", mentee_open=None, mentor_seat=None)
    _insert(program, p["m1"], p["e1"], status="declined", mentee_open=None, mentor_seat=None)
    _insert(program, p["m2"], p["e1"], mentor_seat=1)
    assert Pair.objects.filter(mentee=p["e1"]).count() == 3


def test_a_mentor_seat_holds_one_open_pair(people):
    program, p = people
    _insert(program, p["m1"], p["e1"], mentor_seat=1)
    with pytest.raises(IntegrityError):
        _insert(program, p["m1"], p["e2"], mentor_seat=1)


@pytest.mark.parametrize("seat", [0, 11, None])
def test_open_pairs_need_a_seat_in_range(people, seat):
    program, p = people
    with pytest.raises(IntegrityError):
        _insert(program, p["m1"], p["e1"], mentor_seat=seat)


def test_open_pairs_need_the_mentee_marker(people):
    program, p = people
    with pytest.raises(IntegrityError):
        _insert(program, p["m1"], p["e1"], mentor_seat=1, mentee_open=None)


def test_ended_pairs_cannot_keep_markers(people):
    program, p = people
    with pytest.raises(IntegrityError):
        _insert(program, p["m1"], p["e1"], status="closed", mentor_seat=1)


def test_nobody_pairs_with_themselves(people):
    program, p = people
    with pytest.raises(IntegrityError):
        _insert(program, p["m1"], p["m1"], mentor_seat=1)


def test_capacity_and_scales_are_checked(people, program):
    _program, p = people
    p["m1"].capacity = 11
    with pytest.raises(IntegrityError), transaction.atomic():
        p["m1"].save()
