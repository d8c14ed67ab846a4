"""Settings of the sandbox LMS: what edx-platform's LMS sets where revmentor meets it, in its order.

Each part names the platform file it mirrors (read from openedx/edx-platform, Verawood):

1. ``lms/envs/common.py`` (with ``openedx/envs/common.py``): the base settings, then
   ``INSTALLED_APPS.extend(get_plugin_apps(...))`` and the plugins' *common* settings.
2. ``lms/envs/production.py``: ``lms.yml`` over the module (here ``sandbox/lms.yml``), every key
   replaced except the few production.py merges, ``ENV_TOKENS`` kept, then the plugins'
   *production* settings. Operators' sites run in this order, so the sandbox and the tests do
   too: a plugin that only works with its common settings fails here as it would there.

``REVMENTOR_DB=mysql`` switches to the local MariaDB for the MySQL suite.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import yaml
from edx_django_utils.plugins import add_plugins, get_plugin_apps

from sandbox_lms.jwt_keys import jwt_jwks_values

LMS = "lms.djangoapp"
BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SANDBOX_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# ---------------------------------------------------------------------------------------------
# 1. lms/envs/common.py (and openedx/envs/common.py)

SECRET_KEY = os.environ.get("SANDBOX_SECRET_KEY", "sandbox-only-not-a-secret-0123456789abcdef")
DEBUG = os.environ.get("SANDBOX_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "sandbox_lms.urls"
WSGI_APPLICATION = "sandbox_lms.wsgi.application"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True
# lms/envs/common.py lists "eo", the dummy language edx-i18n-tools writes, among LANGUAGES, and
# keeps a learner's language preference in this cookie (LanguagePreferenceMiddleware sets it
# from the ``pref-lang`` preference; LocaleMiddleware reads it).
LANGUAGES = [
    ("en", "English"),
    ("eo", "Dummy Language (Esperanto)"),
]
LANGUAGE_COOKIE_NAME = "openedx-language-preference"
# lms/envs/common.py: REPO_ROOT is edx-platform's checkout, LOCALE_PATHS its conf/locale (none of
# revmentor's strings). The plugin's settings add its own catalogs: those atlas pulled under
# REPO_ROOT/conf/plugins-locale/xblock.v1/revmentor_plugin (pull_xblock_translations), then the
# bundled conf/locale ("eo": make dummy_translations).
REPO_ROOT = VAR_DIR / "platform"
LOCALE_PATHS: list[str] = []
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
COURSE_ID_PATTERN = r"(?P<course_id>[^/+]+(/|\+)[^/+]+(/|\+)[^/?]+)"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# openedx/envs/common.py: LMS_ROOT_URL = None, set by every deployment (Tutor: the LMS host).
LMS_ROOT_URL = os.environ.get("SANDBOX_LMS_ROOT_URL", "http://127.0.0.1:8000")
CMS_BASE_URL = os.environ.get("SANDBOX_CMS_ROOT_URL", "http://127.0.0.1:8001")
# The current site's configuration (site_configuration.helpers.get_value); none by default.
SANDBOX_SITE_CONFIGURATION: dict = {}

# lms/envs/common.py: the LMS's default database has "ATOMIC_REQUESTS": True (every view runs in
# one transaction unless it says ``transaction.non_atomic_requests``, as the XBlock handler view
# handle_xblock_callback in lms/djangoapps/courseware/block_render.py does), and no
# isolation_level, so Django's READ COMMITTED on MySQL.
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
            "ATOMIC_REQUESTS": True,
            "TEST": {"NAME": os.environ.get("MYSQL_TEST_DATABASE", "test_revmentor"), "CHARSET": "utf8mb4"},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SANDBOX_SQLITE", str(VAR_DIR / "sandbox.sqlite3")),
            "OPTIONS": {"timeout": 20},
            "ATOMIC_REQUESTS": True,
            # A file, not Django's default in-memory test database: the live server's request
            # threads would otherwise share one SQLite connection, which is not thread-safe, as
            # the staff page's parallel API calls showed. In the LMS each thread has its own.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rest_framework",
    "eventtracking.django.apps.EventTrackingConfig",
    "common.djangoapps.student",
    # lms/envs/common.py installs edx-ace's app and the platform's user_api; ace_common joins as a
    # plugin app (stand-ins of both under sandbox/openedx/core/djangoapps).
    "edx_ace",
    # openedx/core/djangoapps/ace_common/settings/common.py installs django-push-notifications'
    # app for ACE's push channel (ACE loads every channel it ships, enabled or not).
    "push_notifications",
    "openedx.core.djangoapps.user_api",
    "openedx.core.djangoapps.ace_common",
    "openedx.core.djangoapps.external_user_ids",
    "sandbox_lms",
]
# openedx/envs/common.py installs these two apps of the platform's requirements (edx-celeryutils,
# django-config-models) in every LMS; event-routing-backends' models and tasks need them. The
# sandbox installs them where event-routing-backends is installed (the ``aspects`` extra).
if importlib.util.find_spec("event_routing_backends"):
    INSTALLED_APPS += ["celery_utils", "config_models"]
# lms/envs/common.py: the LMS's one default site (django.contrib.sites), which platform emails
# sent from tasks use as their request's site.
SITE_ID = 1
# lms/envs/common.py: the names and addresses the platform's emails show (get_base_template_context
# reads them, a site's configuration first) and the default sender.
PLATFORM_NAME = "Your Platform Name Here"
CONTACT_EMAIL = "info@example.com"
CONTACT_MAILING_ADDRESS = "SET-ME-PLEASE"
DEFAULT_FROM_EMAIL = "registration@example.com"
LOGO_URL_PNG_FOR_EMAIL = ""

# edx-ace, as the LMS configures it. edx-platform sets these in the ace_common plugin's settings
# (openedx/core/djangoapps/ace_common/settings/common.py, formerly in lms/envs/common.py; an
# operator overrides them in lms.yml through ace_common/settings/production.py): every email goes
# through Django's mail backend (the "django_email" channel), transactional or not.
ACE_ENABLED_CHANNELS = ["django_email"]
# The LMS enables "bulk_email_optout", a policy of lms/djangoapps/bulk_email (not in the sandbox),
# that only acts on messages whose context names ``course_ids``; revmentor's carry none.
ACE_ENABLED_POLICIES: list[str] = []
ACE_CHANNEL_SAILTHRU_DEBUG = True
ACE_CHANNEL_SAILTHRU_TEMPLATE_NAME = "Automated Communication Engine Email"
ACE_CHANNEL_SAILTHRU_API_KEY = None
ACE_CHANNEL_SAILTHRU_API_SECRET = None
ACE_CHANNEL_DEFAULT_EMAIL = "django_email"
ACE_CHANNEL_TRANSACTIONAL_EMAIL = "django_email"
ACE_ROUTING_KEY = "edx.lms.core.default"

# The LMS's middleware that revmentor meets, in the LMS's order: crum's current request (3rd in
# the LMS; the legacy dashboard step and the blocks' masquerade check read it), the JWT cookie
# middleware before the session, TrackMiddleware after the messages (the tracker context that
# names who made the request, which the events revmentor emits carry), and
# EnsureJWTAuthSettingsMiddleware near the end.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "crum.CurrentRequestUserMiddleware",
    "django.middleware.common.CommonMiddleware",
    "edx_rest_framework_extensions.auth.jwt.middleware.JwtAuthCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "common.djangoapps.track.middleware.TrackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "edx_rest_framework_extensions.auth.jwt.middleware.EnsureJWTAuthSettingsMiddleware",
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
                "django.template.context_processors.csrf",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ]
        },
    }
]
# The Mako lookup of common/djangoapps/edxmako (stand-in in sandbox/common/djangoapps/edxmako):
# the LMS's own template directory, to which plugins append theirs in their settings.
MAKO_TEMPLATE_DIRS_BASE = [BASE_DIR / "mako"]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# openedx/envs/common.py: REST_FRAMEWORK as the LMS sets it, with no DEFAULT_SCHEMA_CLASS (the
# platform documents its APIs with drf-yasg), so a view that needs drf-spectacular's must say so.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "openedx.core.djangolib.default_auth_classes.DefaultJwtAuthentication",
        "openedx.core.djangolib.default_auth_classes.DefaultSessionAuthentication",
    ],
    "DEFAULT_PAGINATION_CLASS": "edx_rest_framework_extensions.paginators.DefaultPagination",
    "DEFAULT_RENDERER_CLASSES": ("rest_framework.renderers.JSONRenderer",),
    "EXCEPTION_HANDLER": "openedx.core.lib.request_utils.ignored_error_exception_handler",
    "PAGE_SIZE": 10,
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_THROTTLE_RATES": {
        "user": "60/minute",
        "service_user": "800/minute",
        "registration_validation": "30/minute",
        "high_service_user": "2000/minute",
    },
}
# openedx/envs/common.py: JWT_AUTH; the signing keys are set below as lms/envs/test.py sets its own.
JWT_AUTH = {
    "JWT_VERIFY_EXPIRATION": True,
    "JWT_PAYLOAD_GET_USERNAME_HANDLER": lambda d: d.get("username"),
    "JWT_LEEWAY": 1,
    "JWT_DECODE_HANDLER": "edx_rest_framework_extensions.auth.jwt.decoder.jwt_decode_handler",
    "JWT_AUTH_COOKIE": "edx-jwt-cookie",
    "JWT_EXPIRATION": 30,
    "JWT_IN_COOKIE_EXPIRATION": 60 * 60,
    "JWT_LOGIN_CLIENT_ID": "login-service-client-id",
    "JWT_LOGIN_SERVICE_USERNAME": "login_service_user",
    "JWT_SUPPORTED_VERSION": "1.2.0",
    "JWT_ALGORITHM": "HS256",
    "JWT_SECRET_KEY": SECRET_KEY,
    "JWT_SIGNING_ALGORITHM": "RS512",
    "JWT_PRIVATE_SIGNING_JWK": None,
    "JWT_PUBLIC_SIGNING_JWK_SET": None,
    "JWT_ISSUER": "http://127.0.0.1:8000/oauth2",
    "JWT_AUDIENCE": "change-me",
    "JWT_ISSUERS": [
        {"ISSUER": "http://127.0.0.1:8000/oauth2", "AUDIENCE": "change-me", "SECRET_KEY": SECRET_KEY}
    ],
    "JWT_AUTH_COOKIE_HEADER_PAYLOAD": "edx-jwt-cookie-header-payload",
    "JWT_AUTH_COOKIE_SIGNATURE": "edx-jwt-cookie-signature",
    "JWT_AUTH_HEADER_PREFIX": "JWT",
}
JWT_AUTH.update(jwt_jwks_values(VAR_DIR))
# lms/envs/common.py: JWT claims never overwrite the LMS's own user records.
EDX_DRF_EXTENSIONS = {"JWT_PAYLOAD_USER_ATTRIBUTE_MAPPING": {}, "VERIFY_LMS_USER_ID_PROPERTY_NAME": "id"}

# The platform's analytics tracker; the sandbox keeps the latest events in memory (and logs them).
EVENT_TRACKING_ENABLED = True
EVENT_TRACKING_BACKENDS = {
    "memory": {"ENGINE": "sandbox_lms.tracking.MemoryBackend", "OPTIONS": {}},
}

# The Celery app of the host reads old-style names (openedx/core/lib/celery/__init__.py has no
# namespace; lms/envs/test.py sets CELERY_ALWAYS_EAGER); the sandbox runs tasks in-process.
CELERY_ALWAYS_EAGER = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"revmentor_plugin": {"handlers": ["console"], "level": "INFO"}},
}

# The end of lms/envs/common.py: every installed lms.djangoapp plugin joins INSTALLED_APPS, and
# its common settings run.
INSTALLED_APPS.extend(get_plugin_apps(LMS))
add_plugins(__name__, LMS, "common")

# Sandbox only: revmentor's API docs (/api-docs/), Swagger UI and Redoc from local static files.
INSTALLED_APPS += ["drf_spectacular", "drf_spectacular_sidecar"]
SPECTACULAR_SETTINGS = {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# ---------------------------------------------------------------------------------------------
# 2. lms/envs/production.py

#: The keys production.py merges into the settings instead of replacing them.
MERGED_YAML_KEYS = (
    "FEATURES",
    "TRACKING_BACKENDS",
    "EVENT_TRACKING_BACKENDS",
    "JWT_AUTH",
    "CELERY_QUEUES",
    "REST_FRAMEWORK",
    "EVENT_BUS_PRODUCER_CONFIG",
    "DEFAULT_FILE_STORAGE",
    "STATICFILES_STORAGE",
)
with open(os.environ.get("LMS_CFG", BASE_DIR.parent / "lms.yml"), encoding="utf-8") as config_file:
    _YAML_TOKENS = yaml.safe_load(config_file) or {}
vars().update({key: value for key, value in _YAML_TOKENS.items() if key not in MERGED_YAML_KEYS})
JWT_AUTH.update(_YAML_TOKENS.get("JWT_AUTH", {}))
REST_FRAMEWORK.update(_YAML_TOKENS.get("REST_FRAMEWORK", {}))
ENV_TOKENS = _YAML_TOKENS
AUTH_TOKENS = _YAML_TOKENS

# Load production.py in plugins
add_plugins(__name__, LMS, "production")
