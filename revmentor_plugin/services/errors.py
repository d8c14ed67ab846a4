"""Typed domain errors, each with the HTTP status every edge answers it with.

``http_status`` on each class (400 invalid, 404 unknown, 409 conflict, 422 a reused idempotency
key, 503 busy with ``Retry-After``) and :func:`http_status_of` are the one mapping: the REST
exception handler and the blocks' ``domain_errors`` read the status here and only choose their
own body shape (docs/DESIGN.md §6).

A service never lets an ``IntegrityError``, a database lock error or a half-finished write
escape: it validates first, writes inside one transaction, and turns a lost race into one of
these (``services._locking`` says how).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import OperationalError

#: MySQL/MariaDB error codes of a lost lock race: the transaction was chosen as a deadlock victim
#: (1213, ``ER_LOCK_DEADLOCK``: the whole transaction is rolled back) or waited longer than
#: ``innodb_lock_wait_timeout`` (1205, ``ER_LOCK_WAIT_TIMEOUT``: the statement is).
MYSQL_LOCK_ERRORS = frozenset({1205, 1213})
#: SQLite's messages for a write lock it could not get (``SQLITE_BUSY``, ``SQLITE_LOCKED``).
SQLITE_LOCK_MESSAGES = ("database is locked", "database table is locked")


class RevMentorError(Exception):
    """Base of every error the services raise on purpose."""

    code = "error"
    #: The status every edge answers with; None for the base class, which no service raises.
    http_status: int | None = None

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [self.message]}


class InvalidInput(RevMentorError):
    """One or more inputs are wrong; ``errors`` names each field with its messages."""

    code = "invalid"
    http_status = 400

    def __init__(self, errors: Mapping[str, str | list[str]]):
        self.errors = {name: [msg] if isinstance(msg, str) else list(msg) for name, msg in errors.items()}
        first_field, first = next(iter(self.errors.items()))
        super().__init__(first[0], field=first_field)

    def as_dict(self) -> dict[str, list[str]]:
        return dict(self.errors)


class InvalidRows(InvalidInput):
    """A file some of whose rows are wrong. ``rows`` reports every problem of every row, each
    ``{"row": n, "username": ..., "errors": {column: [messages]}}``; ``file`` sums them up."""

    def __init__(self, summary: str, rows: list[dict[str, Any]]):
        super().__init__({"file": summary})
        self.rows = rows

    def as_dict(self) -> dict[str, Any]:
        return {**self.errors, "rows": self.rows}


class NotFound(RevMentorError):
    """The thing named does not exist (or the caller may not know that it does)."""

    code = "not_found"
    http_status = 404


class Conflict(RevMentorError):
    """The request is well formed but breaks an invariant: already paired, at capacity, ..."""

    code = "conflict"
    http_status = 409


class InvalidTransition(Conflict):
    """The object is not in a state that allows this action (e.g. accepting a closed pair)."""

    code = "invalid_transition"


class IdempotencyKeyReused(Conflict):
    """The ``Idempotency-Key`` was already used for a different request (REST answers 422)."""

    code = "idempotency_key_reused"
    http_status = 422


class RequestInProgress(Conflict):
    """The first request sent with this ``Idempotency-Key`` is still running (409)."""

    code = "request_in_progress"


class Busy(RevMentorError):
    """The database stayed locked by other requests, even after one retry: nothing was written,
    and the same request is likely to succeed in a moment (REST: 503 with ``Retry-After``)."""

    code = "busy"
    http_status = 503
    retry_after = 2  # seconds, sent as ``Retry-After``

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(
            message or "Other changes are being saved at this moment, so nothing was changed. Try again.",
            field=field,
        )


def is_lock_error(exc: BaseException) -> bool:
    """Whether ``exc`` is the database refusing a lock (deadlock, lock wait timeout, SQLite's
    "database is locked"), as opposed to a bug or an outage."""
    if not isinstance(exc, OperationalError):
        return False
    if exc.args and exc.args[0] in MYSQL_LOCK_ERRORS:
        return True
    text = str(exc)
    return any(message in text for message in SQLITE_LOCK_MESSAGES)


def domain_error_of(exc: BaseException) -> RevMentorError | None:
    """The domain error ``exc`` stands for: itself, :class:`Busy` for a database lock error that
    escaped a service (after its retry), or None for anything else (a bug, an edge's own error)."""
    if isinstance(exc, RevMentorError):
        return exc
    if is_lock_error(exc):
        return Busy()
    return None


def http_status_of(exc: BaseException) -> int | None:
    """The HTTP status of a domain error or a database lock error (503); None for anything else."""
    error = domain_error_of(exc)
    return error.http_status if error is not None else None
