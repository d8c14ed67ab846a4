"""The sandbox's Celery app, configured from Django settings (``CELERY_*``), as the LMS does.

``CELERY_TASK_ALWAYS_EAGER`` runs tasks in-process, so the demo needs no broker or worker.
"""

from celery import Celery

app = Celery("sandbox_lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["revmentor_plugin"])
