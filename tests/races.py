"""Racing requests: each call runs in its own thread, so with its own database connection and
transaction, as the LMS's request threads (or two browser tabs) have. Used with
``django_db(transaction=True)``: the threads must see what the test wrote."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from rest_framework.test import APIClient

API = "/api/revmentor/v1/"


def race(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """Start the calls together (a barrier); each result is the call's return value or the
    exception it raised, in the order of ``calls``."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def request(user: Any, method: str, path: str, body: Any = None) -> Callable[[], Any]:
    """One REST request by ``user``, answered as the LMS would: an exception is a 500 response."""

    def call() -> Any:
        client = APIClient(raise_request_exception=False)
        client.force_authenticate(user)
        return getattr(client, method)(API + path, body or {}, format="json")

    return call


def statuses(responses: Sequence[Any]) -> list[int]:
    return sorted(response.status_code for response in responses)
