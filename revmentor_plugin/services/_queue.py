"""Handing work to a Celery worker, without the services importing the tasks.

``revmentor_plugin.tasks`` is an edge above the services: each task calls one service (docs/DESIGN.md
§4). A service that queues work therefore names the task rather than importing it, and
:func:`enqueue` finds it in the Celery app's registry once the transaction commits. The app
config imports ``revmentor_plugin.tasks`` when Django starts, so every process that may queue a
task has registered it (the worker finds them by autodiscovery, as for any Open edX plugin).
Looking the task up in the registry, rather than ``send_task``, keeps ``CELERY_ALWAYS_EAGER``
working (the sandbox and the tests run tasks in-process).
"""

from __future__ import annotations

from celery import current_app  # type: ignore[import-untyped]  # Celery ships no types; one call here
from django.db import transaction

#: The registered names of the tasks (``tasks.py``); renaming one strands queued messages.
RUN_MATCHING = "revmentor.run_matching"
IMPORT_PARTICIPANTS = "revmentor.import_participants"
SEND_REMINDERS = "revmentor.send_reminders"


def enqueue(task_name: str, *args: int) -> None:
    """Queue the task ``task_name`` with ``args`` once the current transaction commits (at once
    outside a transaction), so the worker never reads rows that are not committed yet."""
    transaction.on_commit(lambda: current_app.tasks[task_name].delay(*args))
