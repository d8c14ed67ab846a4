from django.apps import AppConfig


class SandboxLmsConfig(AppConfig):
    name = "sandbox_lms"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        # As edx-platform's plugins app does once every app is loaded.
        from edx_django_utils.plugins import connect_plugin_receivers

        connect_plugin_receivers("lms.djangoapp")
