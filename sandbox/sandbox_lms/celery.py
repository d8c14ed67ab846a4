"""The sandbox's Celery app, configured from Django settings as the LMS's is.

Mirrors edx-platform's ``openedx/core/lib/celery/__init__.py``: ``config_from_object`` with no
namespace, so Celery reads the old-style setting names (``CELERY_ALWAYS_EAGER``,
``CELERYBEAT_SCHEDULE``, ``BROKER_URL``), and a ``CELERY_TASK_*``-style name is ignored there as in
the LMS. ``CELERY_ALWAYS_EAGER`` runs tasks in-process, so the demo needs no broker or worker.
"""

from celery import Celery

app = Celery("sandbox_lms")
app.config_from_object("django.conf:settings")
app.autodiscover_tasks(["revmentor_plugin"])
