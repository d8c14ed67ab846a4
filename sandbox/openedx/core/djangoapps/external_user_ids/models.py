"""Stand-in for edx-platform ``openedx/core/djangoapps/external_user_ids/models.py``.

The ids the platform sends out instead of its own: one random UUID per user and purpose
(``ExternalIdType``: ``xapi``, ``caliper``, ``lti``, ...). event-routing-backends names the actor
of every xAPI statement with the user's ``xapi`` external id
(``event_routing_backends/helpers.py``, ``get_anonymous_user_id``, through
``ExternalId.add_new_user_id``). The platform's models also keep a history table
(django-simple-history) and timestamps (django-model-utils); the sandbox keeps neither.
The types exist from the start, as the platform's data migrations create them.
"""

import uuid as uuid_tools

from django.conf import settings
from django.db import models


class ExternalIdType(models.Model):
    """.. no_pii: Sandbox stand-in."""

    CALIPER = "caliper"
    XAPI = "xapi"
    LTI = "lti"

    name = models.CharField(max_length=32, blank=False, unique=True, db_index=True)
    description = models.TextField()

    class Meta:
        app_label = "external_user_ids"

    def __str__(self):
        return self.name


class ExternalId(models.Model):
    """.. no_pii: Sandbox stand-in; the platform does not count an external id as PII either."""

    external_user_id = models.UUIDField(default=uuid_tools.uuid4, editable=False, unique=True)
    external_id_type = models.ForeignKey(ExternalIdType, db_index=True, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_index=True, on_delete=models.CASCADE)

    class Meta:
        unique_together = (("user", "external_id_type"),)
        app_label = "external_user_ids"

    @classmethod
    def add_new_user_id(cls, user, type_name):
        """The user's id of that type, made on first use: ``(external_id, created)``, or
        ``(None, False)`` when there is no such type."""
        try:
            type_obj = ExternalIdType.objects.get(name=type_name)
        except ExternalIdType.DoesNotExist:
            return None, False
        return cls.objects.get_or_create(user=user, external_id_type=type_obj)
