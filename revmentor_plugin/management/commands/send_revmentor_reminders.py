"""Send today's reminder emails (overdue pairs, pending agreements, escalations to staff).

Like the daily task, a run for every course first stores each open pair's health for today
(ADR 0016); it also stores today's health counts of each program with open pairs (ADR 0017), and
a run for every course forgets ``Idempotency-Key`` records older than a day (ADR 0010). It prints
one summary line ("Sent: 3 overdue, 2 agreement, ...; failed: 0") and a line per failure
(program, reason and error class, never an address); a failure makes the exit code non-zero.
"""

from django.core.management.base import BaseCommand, CommandError

from revmentor_plugin import services


class Command(BaseCommand):
    help = (
        "Email overdue pairs and pending agreements (on days 2, 5 and 10); escalate to course staff "
        "after two cadences without a session or 14 days without an acceptance."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", help="only this course key")

    def handle(self, *args, course=None, **options):
        if course is None:
            services.refresh_daily_health()
        summary = services.send_reminders(course_key=course)
        if course is None:
            services.purge_idempotency_records()
        services.snapshot_health(course_key=course)
        self.stdout.write(summary.as_text())
        for failure in summary.failed:
            reason = failure["reason"] or "the whole program"
            self.stdout.write(f"Failed: program {failure['program']}, {reason}: {failure['error']}")
        if summary.failed:
            # Every other reminder went out; a non-zero exit makes cron or Kubernetes say so.
            raise CommandError(f"{len(summary.failed)} reminder failures (see the log and the lines above).")
