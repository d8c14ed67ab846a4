"""Stand-in for edx-platform ``openedx/core/djangoapps/user_api/apps.py`` (app label ``user_api``)."""

from django.apps import AppConfig


class UserAPIConfig(AppConfig):
    name = "openedx.core.djangoapps.user_api"
    label = "user_api"
    default_auto_field = "django.db.models.AutoField"
