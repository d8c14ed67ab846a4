"""Stand-in for edx-platform ``openedx/core/djangoapps/user_api/models.py``: ``UserPreference``.

The same table shape as the platform's: one row per user and key (``unique_together``), the
value as text, reached from the user as ``user.preferences``. The platform's model also
signals its changes for tracking; the sandbox leaves that out.
"""

from django.conf import settings
from django.db import models


class UserPreference(models.Model):
    """A user's preference, stored as a key/value pair.

    .. pii: Sandbox stand-in: the values (a language, a time zone) describe the user.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, db_index=True, related_name="preferences", on_delete=models.CASCADE
    )
    key = models.CharField(max_length=255, db_index=True)
    value = models.TextField()

    class Meta:
        unique_together = ("user", "key")
