"""The retry of a lost lock race (``services._locking``), driven by the database's real errors:
SQLite's "database is locked", InnoDB's lock wait timeout (1205) and a deadlock (1213)."""

import pytest
from django.db import connection, transaction

from revmentor_plugin import services
from revmentor_plugin.models import Skill
from tests import factories, locks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def skill():
    program = factories.program()
    return Skill.objects.filter(program__uuid=program.uuid).order_by("pk").first()


def rename(skill, name):
    Skill.objects.filter(pk=skill.pk).update(name=name)


def test_a_lost_lock_race_is_retried_once_from_the_start(skill):
    attempts = []
    with locks.blocked(skill) as blocker:

        def work():
            attempts.append(len(attempts) + 1)
            if len(attempts) == 1:
                try:
                    rename(skill, "First attempt")  # the database refuses the lock
                finally:
                    blocker.release()
            rename(skill, "Renamed")
            return "done"

        assert services.in_one_transaction(work) == "done"
    assert attempts == [1, 2]
    skill.refresh_from_db()
    assert skill.name == "Renamed"


def test_losing_again_is_busy_and_writes_nothing(skill):
    attempts = []
    other = Skill.objects.exclude(pk=skill.pk).filter(program=skill.program).first()

    def work():
        attempts.append(1)
        rename(other, "Half a write")  # SQLite refuses this one already; MySQL the next
        rename(skill, "Renamed")

    with locks.blocked(skill), pytest.raises(services.Busy) as caught:
        services.in_one_transaction(work)
    assert len(attempts) == 2
    assert services.is_lock_error(caught.value.__cause__)
    assert {row.name for row in Skill.objects.filter(pk__in=[skill.pk, other.pk])} == {skill.name, other.name}


def test_a_transaction_nested_in_the_callers_is_not_retried(skill):
    """The caller's transaction is what would have to start again (on MySQL a deadlock has
    rolled it back already): the service says Busy at once and the caller decides."""
    attempts = []

    def work():
        attempts.append(1)
        rename(skill, "Renamed")

    with locks.blocked(skill), pytest.raises(services.Busy), transaction.atomic():
        services.in_one_transaction(work)
    assert attempts == [1]


def test_other_database_errors_are_not_retried(skill):
    attempts = []

    def work():
        attempts.append(1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    with pytest.raises(Exception, match="no_such_table") as caught:
        services.in_one_transaction(work)
    assert attempts == [1]
    assert not isinstance(caught.value, services.Busy)


@pytest.mark.usefixtures("mysql_only")
def test_a_real_deadlock_is_retried(skill):
    program = skill.program
    for i in range(20):
        services.add_skill(program.uuid, name=f"Ballast {i}")
    first, second = Skill.objects.filter(program=program).order_by("pk")[:2]
    ballast = Skill.objects.filter(program=program, name__startswith="Ballast")
    attempts = []
    errors = []

    def work():
        attempts.append(1)
        if len(attempts) == 1:
            try:
                locks.provoke_deadlock(first, second, ballast)
            except Exception as exc:
                errors.append(exc)
                raise
        rename(first, "Renamed")
        return "done"

    assert services.in_one_transaction(work) == "done"
    assert [exc.args[0] for exc in errors] == [1213]
    assert len(attempts) == 2
    first.refresh_from_db()
    assert first.name == "Renamed"
