"""Stand-in for edx-platform ``xmodule/modulestore/django.py`` (``modulestore()``).

The platform's ``modulestore()`` answers the process-wide ``MixedModuleStore``
(``xmodule/modulestore/mixed.py``), whose ``get_items(course_key, qualifiers={"category": ...})``
returns the course's blocks of that category, each with its ``location`` (a usage key stripped
of branch and version, ``@strip_key``) and its ``display_name``. Here the course's units are the
sandbox's unit definitions (``sandbox_lms.courseware.UNITS``), the same in every course, in the
order the course outline lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opaque_keys.edx.keys import CourseKey, UsageKey


@dataclass(frozen=True)
class _Item:
    """What a block read from the store carries that revmentor reads."""

    location: UsageKey
    display_name: str
    category: str


class SandboxModuleStore:
    """``get_items`` over the sandbox's units (category ``vertical``); nothing else is stored."""

    def get_items(self, course_key: CourseKey, **kwargs: Any) -> list[_Item]:
        from sandbox_lms import courseware

        qualifiers = kwargs.get("qualifiers") or {}
        category = qualifiers.get("category")
        if category not in (None, "vertical"):
            return []
        return [
            _Item(courseware.unit_usage_key(course_key, unit), unit.title, "vertical")
            for unit in courseware.UNITS.values()
        ]


_STORE = SandboxModuleStore()


def modulestore() -> SandboxModuleStore:
    return _STORE
