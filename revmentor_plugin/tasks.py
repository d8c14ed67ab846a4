"""Celery tasks. Each is a thin wrapper around service calls.

``run_matching`` computes large matching runs outside the request, ``import_participants``
checks and writes large CSV imports. ``send_reminders`` (see ``services.send_reminders``) is
beat-ready and daily; it first stores each open pair's health for the new day (ADR 0016), then
deletes the ``Idempotency-Key`` records older than a day (ADR 0010) and stores the day's health
counts of every program with open pairs (ADR 0017), so operators schedule nothing more.

Tasks are an edge (docs/DESIGN.md §4): they call ``revmentor_plugin.services`` and the services never
import them; a service queues a task by its name (``services._queue``), which is why the names
come from there. The app config imports this module, so the tasks are registered wherever a
service may queue one.
"""

from celery import shared_task

from revmentor_plugin import services


@shared_task(name=services.RUN_MATCHING_TASK, ignore_result=True)
def run_matching(run_id: int) -> None:
    """Compute a recorded matching run."""
    services.compute_matching_run(run_id)


@shared_task(name=services.SEND_REMINDERS_TASK, ignore_result=True)
def send_reminders() -> None:
    """Store today's pair health, send today's reminders, forget expired idempotency keys and
    store today's health counts of each program; schedule it daily with Celery beat."""
    services.refresh_daily_health()
    services.send_reminders()
    services.purge_idempotency_records()
    services.snapshot_health()


@shared_task(name=services.IMPORT_PARTICIPANTS_TASK, ignore_result=True)
def import_participants(import_id: int) -> None:
    """Check and write a recorded CSV import of participants (every row or none)."""
    services.run_import(import_id)
