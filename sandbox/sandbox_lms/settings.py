"""Settings of the sandbox LMS: loads revmentor exactly as edx-platform's LMS does.

``get_plugin_apps`` and ``add_plugins`` read the ``lms.djangoapp`` entry points of installed
packages (so revmentor must be pip-installed, as in a real site). ``REVMENTOR_DB=mysql`` switches
to the local MariaDB for the MySQL suite.
"""

from __future__ import annotations

import os
from pathlib import Path

from edx_django_utils.plugins import add_plugins, get_plugin_apps

LMS = "lms.djangoapp"
BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SANDBOX_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SANDBOX_SECRET_KEY", "sandbox-only-not-a-secret")
DEBUG = os.environ.get("SANDBOX_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "sandbox_lms.urls"
WSGI_APPLICATION = "sandbox_lms.wsgi.application"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
COURSE_ID_PATTERN = r"(?P<course_id>[^/+]+(/|\+)[^/+]+(/|\+)[^/?]+)"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

if os.environ.get("REVMENTOR_DB") == "mysql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("MYSQL_DATABASE", "revmentor"),
            "USER": os.environ.get("MYSQL_USER", "root"),
            "PASSWORD": os.environ.get("MYSQL_PASSWORD", ""),
            "HOST": os.environ.get("MYSQL_HOST", "127.0.0.1"),
            "PORT": os.environ.get("MYSQL_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4"},
            "TEST": {"NAME": os.environ.get("MYSQL_TEST_DATABASE", "test_revmentor"), "CHARSET": "utf8mb4"},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SANDBOX_SQLITE", str(VAR_DIR / "sandbox.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "eventtracking.django.apps.EventTrackingConfig",
    "common.djangoapps.student",
    "sandbox_lms",
]
# As lms/envs/common.py does: every installed lms.djangoapp plugin joins INSTALLED_APPS.
INSTALLED_APPS.extend(get_plugin_apps(LMS))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ]
        },
    }
]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication",
        "edx_rest_framework_extensions.auth.session.authentication.SessionAuthenticationAllowInactiveUser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
JWT_AUTH = {
    "JWT_AUTH_HEADER_PREFIX": "JWT",  # as the LMS sets it
    "JWT_AUTH_COOKIE": "edx-jwt-cookie",
    "JWT_ISSUER": "http://127.0.0.1:8000/oauth2",
    "JWT_AUDIENCE": "sandbox",
    "JWT_SECRET_KEY": SECRET_KEY,
    "JWT_ISSUERS": [
        {"ISSUER": "http://127.0.0.1:8000/oauth2", "AUDIENCE": "sandbox", "SECRET_KEY": SECRET_KEY}
    ],
}

# revmentor's API docs (/api-docs/): Swagger UI and Redoc from local static files, no CDN.
INSTALLED_APPS += ["drf_spectacular", "drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS = {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The platform's analytics tracker; the sandbox keeps the latest events in memory (and logs them).
EVENT_TRACKING_ENABLED = True
EVENT_TRACKING_BACKENDS = {
    "memory": {"ENGINE": "sandbox_lms.tracking.MemoryBackend", "OPTIONS": {}},
}

# The Celery app of the host; the sandbox runs tasks in-process.
CELERY_TASK_ALWAYS_EAGER = True

# A host pipeline that revmentor's plugin_settings must keep (the tests check it survives).
OPEN_EDX_FILTERS_CONFIG = {
    "org.openedx.learning.instructor.dashboard.tabs.requested.v1": {
        "fail_silently": False,
        "pipeline": ["sandbox_lms.filters.AddHostReportsTab"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"revmentor_plugin": {"handlers": ["console"], "level": "INFO"}},
}

# As lms/envs/common.py and devstack.py do: each plugin's settings modules adjust ours.
add_plugins(__name__, LMS, "common")
add_plugins(__name__, LMS, "devstack")
