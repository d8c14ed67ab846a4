"""Transactions and row locks: the one lock order, and what a lost race becomes.

Private to ``services``. Every write service runs in :func:`one_transaction` and takes its row
locks through the helpers below, in this order (ADR 0002, "Lock order"):

1. the **program** row, by paths that insert participants or pairs or change the program
   (``join_program``, ``propose_pair``, ``publish_matching_run``, ``update_program``);
2. **matching run** rows (``publish_matching_run``; ``retire_user`` scrubs names in them);
3. **participant** rows, in id order, by primary key alone;
4. **pair** rows, in id order, by primary key alone;
5. the pair's **child rows** (acceptances, goals, sessions, reflections, pulse checks, the
   many-to-many rows of profiles and sessions).

A path may skip a level, never go back up one: whoever holds a pair lock takes no participant
or program lock after it. An action inside a pair (accepting, declining, closing, goals,
sessions, reflections, pulse) locks *both* of the pair's participants, then the pair, with
:func:`lock_pair`; ending a participant's pairs (withdrawal, unenrollment, retirement) locks the
participant *and every partner of an open pair* in one id-ordered set first, with
:func:`lock_with_partners`; closing a program locks the participants of its open pairs. Three
things make the order hold in practice:

* InnoDB locks rows it was not asked to. Inserting a row takes a shared lock on every parent
  row its foreign keys name (an ``AgreementAcceptance`` locks its pair *and* its participant;
  a ``Pair`` its program and both participants), and so does an update that rewrites an index
  holding a foreign key: ending a pair clears ``mentor_seat`` and ``mentee_open``, which sit in
  the ``(mentor, mentor_seat)`` and ``(mentee, mentee_open)`` unique indexes, so it locks *both*
  participants. A path locks those parents itself, in order, before it writes. Accepting used
  to lock the pair and then, by inserting the acceptance, the participant, while withdrawing
  locked the participant and then the pair: MySQL error 1213, a 500, and the withdrawal lost.
* ``SELECT ... FOR UPDATE`` with a join locks the joined rows too (MariaDB has no ``FOR UPDATE
  OF``), and a model's default ordering can add such a join (``Participant`` orders by its
  program, so ``.first()`` joined and locked the program row). Locks are taken by primary key
  on one table, ordered by it, and the rows' relations are read afterwards without locks.
* Rows are locked first and checked after: once a lock is held, the rows are read again, so a
  decision never rests on what another transaction has since changed. This relies on READ
  COMMITTED, the isolation level Django sets on MySQL by default and the LMS keeps (a plain read
  sees the latest committed rows, and ``FOR UPDATE`` on a missing row takes no gap lock).

What a lost race becomes: a broken invariant is a ``Conflict`` (409, with the reason); a
deadlock or a lock wait timeout (MySQL 1213, 1205), or SQLite's "database is locked", rolls the
transaction back and runs the service once more from its start, when its transaction is the
outermost one; a transaction nested in the caller's cannot be retried (on MySQL a deadlock has
already rolled back the caller's work too). If the retry loses as well, or no retry is
possible, the service raises ``Busy`` (503 with ``Retry-After``): nothing was written, nothing
half-written. The REST views opt out of the host's ``ATOMIC_REQUESTS`` so that the service's
transaction is the outermost one, as the LMS's XBlock handler view already is.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Model, Q

from revmentor_plugin.data import OPEN_PAIR_STATUSES
from revmentor_plugin.models import Pair, Participant
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services.errors import Busy, Conflict, is_lock_error

log = logging.getLogger(__name__)
T = TypeVar("T")
M = TypeVar("M", bound=Model)
P = ParamSpec("P")


def guard_integrity(func: Callable[[], T], message: str, *, field: str | None = None) -> T:
    """Run ``func`` in a savepoint; a lost race on a constraint becomes a ``Conflict``."""
    try:
        with transaction.atomic():
            return func()
    except IntegrityError:
        raise Conflict(message, field=field) from None


def in_one_transaction(work: Callable[[], T]) -> T:
    """Run ``work`` in one transaction; a lost lock race is retried once from the start when
    this transaction is the outermost, and is otherwise (or again) ``Busy``."""
    attempts = 1 if transaction.get_connection().in_atomic_block else 2
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return work()
        except Exception as exc:
            if not (isinstance(exc, Busy) or is_lock_error(exc)):
                raise
            if attempt < attempts:
                log.info("revmentor: lost a lock race (%s); retrying the transaction once", exc)
                continue
            if isinstance(exc, Busy):
                raise
            raise Busy() from exc
    raise AssertionError("unreachable")  # pragma: no cover


def one_transaction(func: Callable[P, T]) -> Callable[P, T]:
    """Decorator: the service runs in :func:`in_one_transaction`."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        return in_one_transaction(lambda: func(*args, **kwargs))

    return run


def lock_rows(model: type[M], ids: Iterable[int]) -> list[M]:
    """Lock the rows of one table by primary key, in id order (no join, so nothing else is
    locked); returns them as they are now."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    # ``objects`` is declared per concrete model, not on ``Model`` (django-stubs), hence the ignore.
    return list(model.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))  # type: ignore[attr-defined]


def lock_participants(ids: Iterable[int]) -> dict[int, Participant]:
    """Level 3: participant rows, in id order."""
    return {row.pk: row for row in lock_rows(Participant, ids)}


def _open_pair_people(participant_ids: Iterable[int]) -> set[int]:
    """The participants and everyone they share an open pair with (a plain read)."""
    ids = set(participant_ids)
    people = set(ids)
    for mentor, mentee in Pair.objects.filter(
        Q(mentor__in=ids) | Q(mentee__in=ids), status__in=OPEN_PAIR_STATUSES
    ).values_list("mentor_id", "mentee_id"):
        people.update((mentor, mentee))
    return people


def lock_with_partners(participant_ids: Iterable[int], *, also: Iterable[int] = ()) -> dict[int, Participant]:
    """Before ending the participants' open pairs: lock them, every partner of an open pair and
    the participants ``also`` names, in one id order (ending a pair locks both of its people).

    A pair opened between the read and the locks (opening one needs the participant's lock, so
    none opens after) brings its partner's lock now, out of order: rare, and a deadlock it
    causes is retried like any other.
    """
    ids = set(participant_ids)
    locked = lock_participants(_open_pair_people(ids) | set(also))
    late = _open_pair_people(ids) - set(locked)
    if late:
        locked.update(lock_participants(late))
    return locked


def lock_pairs(ids: Iterable[int]) -> list[Pair]:
    """Level 4: pair rows, in id order, with their program (read after locking)."""
    locked = [row.pk for row in lock_rows(Pair, ids)]
    return list(Pair.objects.filter(pk__in=locked).select_related("program").order_by("pk"))


def lock_pair(pair_uuid: UUID | str) -> Pair:
    """For an action inside a pair: lock both participants (id order), then the pair, and
    return the pair as it is now, with its program and people."""
    row = load.pair_row(pair_uuid)
    lock_participants([row.mentor_id, row.mentee_id])
    lock_rows(Pair, [row.pk])
    return Pair.objects.select_related(*load.PAIR_RELATED).get(pk=row.pk)
