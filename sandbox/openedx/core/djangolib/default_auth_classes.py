"""Stand-in for edx-platform ``openedx/core/djangolib/default_auth_classes.py``.

The LMS's ``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]`` names these two classes; on the
platform they are edx-drf-extensions' JWT and session classes plus monitoring, which is all
the sandbox keeps. revmentor's views never rely on them (they carry their own classes), but
DRF reads them at import time, so they must exist at these paths.
"""

from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from edx_rest_framework_extensions.auth.session.authentication import SessionAuthenticationAllowInactiveUser


class DefaultJwtAuthentication(JwtAuthentication):
    """The platform's default JWT authentication."""


class DefaultSessionAuthentication(SessionAuthenticationAllowInactiveUser):
    """The platform's default session authentication."""
