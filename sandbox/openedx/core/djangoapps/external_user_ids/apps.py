from django.apps import AppConfig


class ExternalUserIdsConfig(AppConfig):
    name = "openedx.core.djangoapps.external_user_ids"
    label = "external_user_ids"
    default_auto_field = "django.db.models.AutoField"
