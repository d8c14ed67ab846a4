"""Django app configuration and Open edX plugin wiring.

Everything the host needs to load the plugin is data in ``plugin_app`` (see edx-django-utils'
plugin docs): URLs, settings modules per settings type and signal receivers connected by path.
Nothing here imports edx-platform or reads settings, because plugin modules are imported
before the host's settings exist; ``ready`` (run once they do) registers the Celery tasks.
"""

from django.apps import AppConfig

LMS = "lms.djangoapp"
RETIREMENT_SIGNAL = "openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_MISC"
CMS = "cms.djangoapp"

_SETTINGS = {
    "common": {"relative_path": "settings.common"},
    "production": {"relative_path": "settings.production"},
    "devstack": {"relative_path": "settings.devstack"},
    "test": {"relative_path": "settings.test"},
}


class RevMentorConfig(AppConfig):
    """The revmentor Django app, installed by the LMS and CMS plugin loaders."""

    name = "revmentor_plugin"
    label = "revmentor"
    verbose_name = "Reverse mentoring"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "url_config": {
            # The CMS needs no revmentor URLs: authors use the XBlocks' Studio editors.
            LMS: {
                "namespace": "revmentor",
                "app_name": "revmentor",
                "regex": r"",
                "relative_path": "urls",
            },
        },
        "settings_config": {LMS: _SETTINGS, CMS: _SETTINGS},
        "signals_config": {
            # Retirement and unenrollment happen in the LMS only; connecting them in the CMS too
            # would run each receiver twice in a single-process devstack.
            LMS: {
                "relative_path": "signals.handlers",
                "receivers": [
                    {
                        "receiver_func_name": "on_user_retirement",
                        "signal_path": RETIREMENT_SIGNAL,
                        "dispatch_uid": "revmentor.on_user_retirement",
                    },
                    {
                        "receiver_func_name": "on_course_unenrollment",
                        "signal_path": "openedx_events.learning.signals.COURSE_UNENROLLMENT_COMPLETED",
                        "dispatch_uid": "revmentor.on_course_unenrollment",
                    },
                ],
            },
        },
    }

    def ready(self) -> None:
        from django.apps import apps

        # Register the Celery tasks in every process, not only in the worker that autodiscovers
        # them: the services queue them by name (``services._queue``).
        from revmentor_plugin import tasks  # noqa: F401

        # xAPI statements for our tracking events, where event-routing-backends is installed
        # (the ``aspects`` extra; docs/analytics.rst). Without it there is nothing to register.
        if apps.is_installed("event_routing_backends"):
            from revmentor_plugin.analytics import xapi  # noqa: F401
