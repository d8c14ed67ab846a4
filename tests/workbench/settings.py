"""Django settings to run revmentor's blocks in xblock-sdk's workbench, with what the LMS adds.

The base is the SDK's own ``workbench.settings`` (its URLs, templates, runtime, key-value store),
so the blocks meet an XBlock runtime nobody on this project wrote. On top of it come only the
pieces edx-platform's LMS would have for these blocks, each set the LMS's way and naming the
platform file it mirrors, plus a ``user`` service standing in for the LMS's
(``tests/workbench/user_service.py``). Nothing is written into the repository: the SDK's
``var/workbench.db`` and ``var/workbench.log`` (relative to the working directory) are replaced.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

from edx_django_utils.plugins import add_plugins, get_plugin_apps
from workbench.settings import *  # noqa: F403
from workbench.settings import INSTALLED_APPS, MIDDLEWARE, WORKBENCH

LMS = "lms.djangoapp"
#: Scratch space outside the repository (the SDK's default is ``var/`` in the working directory).
SCRATCH = Path(os.environ.get("REVMENTOR_WORKBENCH_VAR", tempfile.gettempdir())) / "revmentor-workbench"
SCRATCH.mkdir(parents=True, exist_ok=True)

# Test-only SQLite files outside the repository (the SDK's default, var/workbench.db, would land
# in the working directory). A file rather than memory, as in the sandbox's settings: the live
# server's request threads get a connection each instead of sharing one, which is not
# thread-safe; one per process, so concurrent runs do not meet.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(SCRATCH / "workbench.sqlite3"),
        "OPTIONS": {"timeout": 20},
        "TEST": {"NAME": str(SCRATCH / f"test-{os.getpid()}.sqlite3")},
    }
}
# The SDK's sample FS service (filethumbs) writes under workbench/static/djpyfs relative to cwd.
DJFS = {"type": "osfs", "directory_root": str(SCRATCH / "djpyfs"), "url_root": "/static/djpyfs"}
# The SDK logs django and django.request to var/workbench.log; log to the console instead, as
# the sandbox does (sandbox/sandbox_lms/settings.py), so pytest captures it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR"},
        "revmentor_plugin": {"handlers": ["console"], "level": "WARNING"},
    },
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # lms/envs/test.py

# openedx/envs/common.py: USE_TZ, TIME_ZONE, COURSE_ID_PATTERN; LMS_ROOT_URL is set by every
# deployment (Tutor: the LMS host), and the sandbox uses this one.
USE_TZ = True
TIME_ZONE = "UTC"
COURSE_ID_PATTERN = r"(?P<course_id>[^/+]+(/|\+)[^/+]+(/|\+)[^/?]+)"
LMS_ROOT_URL = "http://127.0.0.1:8000"

# lms/envs/common.py INSTALLED_APPS: the platform's student app (enrollments and course roles;
# its stand-in lives in sandbox/common/djangoapps/student), Django REST framework and the
# analytics tracker.
INSTALLED_APPS = [
    *INSTALLED_APPS,
    "common.djangoapps.student",
    "rest_framework",
    "eventtracking.django.apps.EventTrackingConfig",
]
# openedx/envs/common.py installs edx-celeryutils' and django-config-models' apps in every LMS;
# event-routing-backends (an lms.djangoapp plugin, installed with the ``aspects`` extra) needs them.
if importlib.util.find_spec("event_routing_backends"):
    INSTALLED_APPS += ["celery_utils", "config_models"]

# openedx/envs/common.py EVENT_TRACKING_BACKENDS: the tracking log through event-tracking's
# routing and logger backends (the LMS also has a segment.io route, off without a key).
EVENT_TRACKING_ENABLED = True
EVENT_TRACKING_BACKENDS = {
    "tracking_logs": {
        "ENGINE": "eventtracking.backends.routing.RoutingBackend",
        "OPTIONS": {
            "backends": {
                "logger": {
                    "ENGINE": "eventtracking.backends.logger.LoggerBackend",
                    "OPTIONS": {"name": "tracking", "max_event_size": 50000},
                }
            },
        },
    },
}

# lms/envs/common.py MIDDLEWARE has crum.CurrentRequestUserMiddleware (third there); the blocks'
# masquerade check reads the current request through crum.
MIDDLEWARE = [*MIDDLEWARE, "crum.CurrentRequestUserMiddleware"]

# The runtime's ``user`` service: edx-platform's DjangoXBlockUserService
# (common/djangoapps/xblock_django/user_service.py), stood in for by ours; the SDK's other
# services (fs, settings) and options stay.
WORKBENCH = {
    **WORKBENCH,
    "services": {
        **WORKBENCH["services"],
        "user": "tests.workbench.user_service.DjangoXBlockUserService",
    },
}

# The end of lms/envs/common.py: every installed lms.djangoapp plugin joins INSTALLED_APPS and its
# common settings run; lms/envs/test.py then runs the plugins' test settings.
INSTALLED_APPS.extend(get_plugin_apps(LMS))
add_plugins(__name__, LMS, "common")
add_plugins(__name__, LMS, "test")
