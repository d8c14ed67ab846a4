"""Analytics events, sent through the host's tracker once the transaction commits.

Event names are ``edx.revmentor.<object>.<action>``; payloads carry ids and roles, never free
text, so they are safe to forward to a learning record store.
"""

from __future__ import annotations

from django.db import transaction

from revmentor_plugin import host
from revmentor_plugin.models import Pair, Program

PREFIX = "edx.revmentor."


def emit(name: str, *, program: Program | None = None, pair: Pair | None = None, **data: object) -> None:
    """Queue ``edx.revmentor.<name>`` to be emitted after the current transaction commits."""
    payload = dict(data)
    if pair is not None:
        program = program or pair.program
        payload["pair_id"] = str(pair.uuid)
    if program is not None:
        payload["program_id"] = str(program.uuid)
        payload["course_id"] = str(program.course_key)
    transaction.on_commit(lambda: host.emit_tracking_event(PREFIX + name, payload))
