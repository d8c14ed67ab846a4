"""Stand-in for edx-platform ``openedx/core/djangoapps/site_configuration/helpers.py``.

``get_value(val_name, default=None, **kwargs)`` answers the current site's configured value
when the site has an enabled configuration, else ``default``; a dict ``default`` is copied and
updated with the site's value. The sandbox's one site takes its configuration from the
``SANDBOX_SITE_CONFIGURATION`` setting (empty: no site configuration, as on most installs).

``get_value_for_org(org, val_name, default=None)`` answers the value of the site whose
``course_org_filter`` (one organization or a list) holds ``org``, else ``default``, as
``SiteConfiguration.get_value_for_org`` does (``site_configuration/models.py``).
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


def get_value_for_org(org, val_name, default=None):
    configuration = getattr(settings, "SANDBOX_SITE_CONFIGURATION", None) or {}
    orgs = configuration.get("course_org_filter", [])
    if not isinstance(orgs, list):
        orgs = [orgs]
    if org in orgs:
        return configuration.get(val_name, default)
    return default
