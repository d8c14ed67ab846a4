"""Send today's reminder emails (overdue pairs, pending agreements, escalations to staff).

Like the daily task, a run for every course also forgets ``Idempotency-Key`` records older than
a day (ADR 0010).
"""

from django.core.management.base import BaseCommand, CommandError

from revmentor_plugin import services


class Command(BaseCommand):
    help = "Email overdue pairs and pending agreements; escalate to course staff after two cadences."

    def add_arguments(self, parser):
        parser.add_argument("--course", help="only this course key")

    def handle(self, *args, course=None, **options):
        summary = services.send_reminders(course_key=course)
        if course is None:
            services.purge_idempotency_records()
        self.stdout.write(str(summary.as_dict()))
        if summary.failed:
            # Every other reminder went out; a non-zero exit makes cron or Kubernetes say so.
            raise CommandError(f"{len(summary.failed)} reminder failures (see the log and 'failed' above).")
