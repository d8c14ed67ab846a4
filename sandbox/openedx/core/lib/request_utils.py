"""Stand-in for edx-platform ``openedx/core/lib/request_utils.py`` (the REST exception handler).

The platform's ``ignored_error_exception_handler`` marks configured errors as ignored for
monitoring and otherwise answers exactly as DRF's own handler; the sandbox has no monitoring.
"""

from rest_framework.views import exception_handler


def ignored_error_exception_handler(exc, context):
    return exception_handler(exc, context)
