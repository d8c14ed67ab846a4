"""Stand-in for edx-platform's account retirement signals (same module path, same names)."""

from django.dispatch import Signal

USER_RETIRE_MAILINGS = Signal()
USER_RETIRE_LMS_CRITICAL = Signal()
USER_RETIRE_LMS_MISC = Signal()
