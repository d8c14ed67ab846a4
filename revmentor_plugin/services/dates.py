"""Which day it is: the one rule for dates in the domain.

A day is a date in the site's time zone (``TIME_ZONE``, UTC in the LMS by default), never the
UTC date of a timestamp: pair health, its history, reminders, reports, the session log and the
goals block all count days with these two functions, so a pair started late in the evening is
started on the same day everywhere.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today, in the site's time zone."""
    return timezone.localdate()


def day_of(moment: dt.datetime) -> dt.date:
    """The day a timestamp (an aware datetime, as the models store) falls on, in the site's time zone."""
    return timezone.localdate(moment)
