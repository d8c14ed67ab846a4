"""Celery tasks. Each is a thin wrapper around service calls.

``run_matching`` computes large matching runs outside the request, ``import_participants``
checks and writes large CSV imports. ``send_reminders`` (see ``services.reminders``) is
beat-ready and daily; it also deletes the ``Idempotency-Key`` records older than a day (ADR 0010),
so operators schedule nothing more.
"""

from celery import shared_task

from revmentor_plugin.services import idempotency, imports, matching, reminders


@shared_task(name="revmentor.run_matching", ignore_result=True)
def run_matching(run_id: int) -> None:
    """Compute a recorded matching run."""
    matching.compute_matching_run(run_id)


@shared_task(name="revmentor.send_reminders", ignore_result=True)
def send_reminders() -> None:
    """Send today's reminders and forget expired idempotency keys; schedule it daily with Celery beat."""
    reminders.send_reminders()
    idempotency.purge_idempotency_records()


@shared_task(name="revmentor.import_participants", ignore_result=True)
def import_participants(import_id: int) -> None:
    """Check and write a recorded CSV import of participants (every row or none)."""
    imports.run_import(import_id)
