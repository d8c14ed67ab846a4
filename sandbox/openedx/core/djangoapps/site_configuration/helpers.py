"""Stand-in for edx-platform ``openedx/core/djangoapps/site_configuration/helpers.py``.

``get_value(val_name, default=None, **kwargs)`` answers the current site's configured value
when the site has an enabled configuration, else ``default``; a dict ``default`` is copied and
updated with the site's value. The sandbox's one site takes its configuration from the
``SANDBOX_SITE_CONFIGURATION`` setting (empty: no site configuration, as on most installs).
"""

from django.conf import settings


def get_value(val_name, default=None, **kwargs):
    configuration = getattr(settings, "SANDBOX_SITE_CONFIGURATION", None) or {}
    configured = configuration.get(val_name, default) if configuration else default
    if default == "":
        return configured
    try:
        value = dict(default)
        value.update(configured)
    except (TypeError, ValueError, AttributeError):
        value = configured
    return value
