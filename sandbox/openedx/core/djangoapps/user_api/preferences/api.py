"""Stand-in for edx-platform ``openedx/core/djangoapps/user_api/preferences/api.py``.

``get_user_preference(requesting_user, preference_key, username=None)`` answers the value of one
preference of ``username`` (by default the requesting user's own), or None when it is not set.
``set_user_preference(requesting_user, preference_key, preference_value, username=None)`` sets
it. The platform's versions also check that the requesting user may read or change another
user's preferences and validate the value with a serializer; the sandbox's callers only ever
name the user themselves, so those checks are left out.
"""

from django.contrib.auth import get_user_model

from openedx.core.djangoapps.user_api.models import UserPreference


def _user(requesting_user, username):
    if username is None or username == requesting_user.username:
        return requesting_user
    return get_user_model().objects.get(username=username)


def get_user_preference(requesting_user, preference_key, username=None):
    user = _user(requesting_user, username)
    return (
        UserPreference.objects.filter(user=user, key=preference_key).values_list("value", flat=True).first()
    )


def set_user_preference(requesting_user, preference_key, preference_value, username=None):
    user = _user(requesting_user, username)
    UserPreference.objects.update_or_create(
        user=user, key=preference_key, defaults={"value": preference_value}
    )
