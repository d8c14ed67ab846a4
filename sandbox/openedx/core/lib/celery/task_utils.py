"""Stand-in for edx-platform ``openedx/core/lib/celery/task_utils.py``: ``emulate_http_request``.

As the platform's: a request carrying ``site`` and ``user`` goes through the given middleware's
``process_request`` (by default crum's ``CurrentRequestUserMiddleware``, which makes it the
*current* request that the ACE template tags read), the body runs, then ``process_response``, or
``process_exception`` and the exception is raised again. Left out: the platform's default list
also has ``CurrentSiteThemeMiddleware`` (the sandbox has no themes), and it starts from
``get_request_or_stub()`` where the sandbox starts from a bare ``HttpRequest``.
"""

from contextlib import contextmanager

from crum import CurrentRequestUserMiddleware
from django.http import HttpRequest, HttpResponse


@contextmanager
def emulate_http_request(site=None, user=None, middleware_classes=None):
    request = HttpRequest()
    request.site = site
    request.user = user
    middleware_classes = middleware_classes or [CurrentRequestUserMiddleware]
    middleware_instances = [klass() for klass in middleware_classes]
    response = HttpResponse()
    for middleware in middleware_instances:
        if hasattr(middleware, "process_request"):
            middleware.process_request(request)
    try:
        yield
    except Exception as exc:
        for middleware in reversed(middleware_instances):
            if hasattr(middleware, "process_exception"):
                middleware.process_exception(request, exc)
        raise
    else:
        for middleware in reversed(middleware_instances):
            if hasattr(middleware, "process_response"):
                middleware.process_response(request, response)
