"""Stand-in for edx-platform ``openedx/core/djangoapps/ace_common/apps.py``.

In the LMS the app joins ``INSTALLED_APPS`` as a plugin app (``plugin_app`` with its settings);
the sandbox lists it in its settings and sets the ACE settings there (see ``sandbox_lms/settings.py``).
"""

from django.apps import AppConfig


class AceCommonConfig(AppConfig):
    name = "openedx.core.djangoapps.ace_common"
    label = "ace_common"
    verbose_name = "ACE Common"
