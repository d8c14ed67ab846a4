"""Stand-in for edx-platform ``openedx/core/djangoapps/ace_common/template_context.py``.

``get_base_template_context(site)`` answers the same keys as the platform's: the home and
dashboard links, the platform's name, contact email and mailing address (the site's
configuration first, then the settings, as ``theming.helpers.get_config_value_from_site_or_settings``
reads them), the social and mobile store links, the logo and the site's configuration values.

Left out: ``marketing_link('ROOT')`` is the LMS's home page here, as ``marketing_link`` answers
without a marketing site (a path; the ``with_link_tracking`` tag makes it absolute on the site),
and ``branding.api.get_logo_url_for_email()`` is the ``LOGO_URL_PNG_FOR_EMAIL`` setting (the
platform's default when no theme sets one).
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from openedx.core.djangoapps.site_configuration import helpers


def _site_or_settings(name, site_config_name=None):
    return helpers.get_value(site_config_name or name.lower(), getattr(settings, name, None))


def get_base_template_context(site):
    """Dict with entries needed for all templates that use the base template."""
    try:
        dashboard_url = reverse("dashboard")
    except NoReverseMatch:
        dashboard_url = reverse("home")
    site_configuration_values = getattr(settings, "SANDBOX_SITE_CONFIGURATION", None) or {}
    return {
        "homepage_url": reverse("home"),
        "dashboard_url": dashboard_url,
        "template_revision": getattr(settings, "EDX_PLATFORM_REVISION", None),
        "platform_name": _site_or_settings("PLATFORM_NAME", "platform_name"),
        "contact_email": _site_or_settings("CONTACT_EMAIL", "contact_email"),
        "contact_mailing_address": _site_or_settings("CONTACT_MAILING_ADDRESS", "contact_mailing_address"),
        "social_media_urls": _site_or_settings("SOCIAL_MEDIA_FOOTER_URLS", "SOCIAL_MEDIA_FOOTER_URLS"),
        "mobile_store_urls": _site_or_settings("MOBILE_STORE_URLS", "MOBILE_STORE_URLS"),
        "logo_url": getattr(settings, "LOGO_URL_PNG_FOR_EMAIL", ""),
        "site_configuration_values": site_configuration_values,
    }
