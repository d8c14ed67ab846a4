"""Stand-in for edx-platform ``common/djangoapps/track/middleware.py``: ``TrackMiddleware``.

What revmentor meets of it is the ``edx.request`` tracker context it opens around every request,
which names who made the request: the events revmentor emits while serving it carry that
context, and event-routing-backends' xAPI transformer takes the actor from it
(``BaseTransformerMixin.extract_username_or_userid``). The same keys as the platform's, filled
the same way: the session key replaced by a hash peppered with ``SECRET_KEY``, the user's id and
username as the session's middleware left ``request.user`` (no id and an empty username for
anyone anonymous, which a JWT-authenticated API request still is at this point), the request's
headers, and the course of a course URL (``common/djangoapps/track/contexts.py``,
``course_context_from_url``).

Left out: the request event the platform also emits for each request (``views.server_track``);
revmentor neither emits nor reads it. The client's address is ``REMOTE_ADDR`` (the platform asks
django-ipware, which also reads forwarding headers the sandbox never receives).
"""

from __future__ import annotations

import contextlib
import hashlib
import re

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin
from eventtracking import tracker
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

CONTEXT_NAME = "edx.request"
HEADERS = {
    "SERVER_NAME": "host",
    "HTTP_USER_AGENT": "agent",
    "PATH_INFO": "path",
    "HTTP_REFERER": "referer",
    "HTTP_ACCEPT_LANGUAGE": "accept_language",
}
COURSE_IN_PATH = re.compile(r"/(course-v1:[^/]+)")


class TrackMiddleware(MiddlewareMixin):
    def process_request(self, request):
        user = getattr(request, "user", None)
        context = {
            "session": _tracking_session(request),
            "user_id": user.pk if user is not None else "",
            "username": user.username if user is not None else "",
            "ip": request.META.get("REMOTE_ADDR", ""),
            **{key: request.META.get(header, "") for header, key in HEADERS.items()},
            "client_id": request.META.get("HTTP_X_EDX_GA_CLIENT_ID"),
            **course_context(request.path),
        }
        tracker.get_tracker().enter_context(CONTEXT_NAME, context)

    def process_response(self, request, response):
        # KeyError: process_request did not run (an earlier middleware answered).
        with contextlib.suppress(KeyError):
            tracker.get_tracker().exit_context(CONTEXT_NAME)
        return response


def _tracking_session(request) -> str:
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if not key:
        return ""
    hasher = hashlib.shake_128()
    hasher.update(settings.SECRET_KEY.encode())
    hasher.update(key.encode())
    return hasher.hexdigest(16)


def course_context(path: str) -> dict[str, str]:
    """``course_id`` and ``org_id`` of the course a URL names, else empty strings."""
    found = COURSE_IN_PATH.search(path)
    if found:
        try:
            key = CourseKey.from_string(found.group(1))
        except InvalidKeyError:
            pass
        else:
            return {"course_id": str(key), "org_id": key.org}
    return {"course_id": "", "org_id": ""}
