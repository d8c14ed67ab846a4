"""The sandbox host's own tables: block completions, as edx-completion's ``BlockCompletion`` keeps them."""

from django.conf import settings
from django.db import models
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class BlockCompletion(models.Model):
    """How complete a user has made a block (0.0 to 1.0), from the blocks' ``completion`` events.

    .. no_pii: Sandbox stand-in for edx-completion's table.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    context_key = CourseKeyField(max_length=255)
    block_key = UsageKeyField(max_length=255)
    block_type = models.CharField(max_length=64)
    completion = models.FloatField()
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = (("context_key", "block_key", "user"),)

    def __str__(self) -> str:
        return f"{self.user_id} {self.block_key} {self.completion}"
