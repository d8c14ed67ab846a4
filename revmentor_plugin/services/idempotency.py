"""Idempotency keys: a retried or double-sent creating request runs once (ADR 0010).

A client sends an ``Idempotency-Key`` header (1 to 255 printable ASCII characters; the IETF
draft's quoted form ``"..."`` is accepted too) with a creating POST. The edges (the REST base
view, the blocks' creating handlers) wrap the request in :func:`idempotent`:

* the first request with a key *claims* it (a row, committed before the work starts, so a
  concurrent repeat sees it), runs, and keeps its answer if it succeeded (2xx);
* a repeat by the same user, on the same endpoint (``scope``), with the same key and the same body,
  within :data:`KEEP_FOR`, gets that first answer back (:attr:`Attempt.replay`) and runs nothing;
* the same key with a different body is :class:`IdempotencyKeyReused`; a repeat while the first
  is still running is :class:`RequestInProgress`; a malformed key is :class:`InvalidInput`
  naming the header;
* a request that fails (4xx, 5xx, an exception) lets go of its key, so a corrected retry with the
  same key runs.

The work and the keeping of its answer commit together; if the work fails, both roll back.
Without the header an edge calls nothing here, and behaves as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from revmentor_plugin.models import IdempotencyRecord
from revmentor_plugin.services.errors import IdempotencyKeyReused, InvalidInput, RequestInProgress

if TYPE_CHECKING:
    from django.contrib.auth.models import User

HEADER = "Idempotency-Key"
#: How long a key's first answer is kept and replayed.
KEEP_FOR = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 255
MAX_SCOPE_LENGTH = 255
#: Tries to claim a key whose record vanishes or expires meanwhile, before answering "in progress".
CLAIM_TRIES = 3

KEY_MESSAGE = f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters."
REUSED_MESSAGE = f"This {HEADER} was already used for a different request. Send a new key for a new request."
IN_PROGRESS_MESSAGE = f"A request with this {HEADER} is still being processed. Retry in a moment."


@dataclass(frozen=True)
class StoredResponse:
    """The first answer to a key: its status and its body's JSON text, as sent."""

    status: int
    body: str


class Attempt:
    """What a request learns from :func:`idempotent`.

    ``replay`` is the stored first answer when this is a repeat (send it, run nothing); otherwise
    the caller runs the request and hands its answer to :meth:`keep`.
    """

    def __init__(self, replay: StoredResponse | None = None):
        self.replay = replay
        self.answer: StoredResponse | None = None

    def keep(self, status: int, body: str) -> None:
        """Keep this answer for repeats; only a success (2xx) is kept."""
        self.answer = StoredResponse(status=status, body=body)


def clean_key(value: object) -> str:
    """The key in a header value, or ``InvalidInput`` naming the header.

    A structured-field string (the IETF draft's ``"..."``, with ``\\"`` and ``\\\\`` escapes)
    and a bare token (Stripe's form) name the same key.
    """
    if not isinstance(value, str):
        raise InvalidInput({HEADER: KEY_MESSAGE})
    key = value.strip(" \t")
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " <= char <= "~" for char in key):
        raise InvalidInput({HEADER: KEY_MESSAGE})
    return key


def request_fingerprint(payload: Any) -> str:  # any decoded JSON
    """The SHA-256 of a decoded JSON request body, independent of key order and spacing."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _bounded_scope(scope: str) -> str:
    """The scope as stored: itself when short enough, else a prefix and the digest of the whole."""
    if len(scope) <= MAX_SCOPE_LENGTH:
        return scope
    digest = _digest(scope)
    return f"{scope[: MAX_SCOPE_LENGTH - len(digest) - 1]}#{digest}"


def _claim(
    user: User, scope: str, key_digest: str, body_print: str
) -> tuple[int | None, StoredResponse | None]:
    """Claim the key (its record's id) or find its first answer; raise when neither is possible."""
    for _ in range(CLAIM_TRIES):
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=user, scope=scope, key_digest=key_digest, fingerprint=body_print
                )
            return record.pk, None
        except IntegrityError:
            pass
        # A plain read: under READ COMMITTED (Django's default on MySQL) it sees the committed
        # claim; a locking read here could deadlock with other repeats holding the same key.
        found = IdempotencyRecord.objects.filter(user=user, scope=scope, key_digest=key_digest).first()
        if found is None:  # the first request failed and let the key go meanwhile
            continue
        if found.created < timezone.now() - KEEP_FOR:
            IdempotencyRecord.objects.filter(pk=found.pk, created=found.created).delete()
            continue
        if found.fingerprint != body_print:
            raise IdempotencyKeyReused(REUSED_MESSAGE, field=HEADER)
        if found.status is None:
            raise RequestInProgress(IN_PROGRESS_MESSAGE, field=HEADER)
        return None, StoredResponse(status=found.status, body=found.response_body)
    raise RequestInProgress(IN_PROGRESS_MESSAGE, field=HEADER)


def _release(record_pk: int) -> None:
    IdempotencyRecord.objects.filter(pk=record_pk).delete()


@contextlib.contextmanager
def idempotent(user: User, *, scope: str, key: str | None, fingerprint: str) -> Iterator[Attempt]:
    """Run the ``with`` body at most once per ``(user, scope, key)`` within :data:`KEEP_FOR`.

    ``scope`` names the endpoint (REST: method, route and URL arguments; blocks: usage id and
    handler); ``fingerprint`` is the request body's (:func:`request_fingerprint`). Raises ``InvalidInput``
    (bad key), ``IdempotencyKeyReused`` or ``RequestInProgress`` before the body runs. The body
    runs in a transaction with the keeping of its answer; when it raises or its answer is not a
    success, the key is let go.
    """
    record_pk, stored = _claim(user, _bounded_scope(scope), _digest(clean_key(key)), fingerprint)
    if stored is not None:
        yield Attempt(replay=stored)
        return
    assert record_pk is not None  # _claim returns a claimed key's id or its stored answer
    attempt = Attempt()
    kept = False
    try:
        with transaction.atomic():
            yield attempt
            answer = attempt.answer
            if answer is not None and 200 <= answer.status < 300:
                IdempotencyRecord.objects.filter(pk=record_pk).update(
                    status=answer.status, response_body=answer.body
                )
                kept = True
    finally:
        if not kept:
            _release(record_pk)


def purge_idempotency_records(*, now: dt.datetime | None = None) -> int:
    """Delete the records older than :data:`KEEP_FOR` (the daily task); returns how many."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _ = IdempotencyRecord.objects.filter(created__lt=cutoff).delete()
    return deleted


def forget_keys_of(user: User) -> int:
    """Delete every record of the user (account retirement): the answers may quote their text."""
    deleted, _ = IdempotencyRecord.objects.filter(user_id=user.pk).delete()
    return deleted
