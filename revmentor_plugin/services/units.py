"""The course's units: which a goal may be about, and the LMS's link to each.

The units come from the host (``host.course_units``: the platform's modulestore). A unit chosen
for a goal must be one of the course's: a key of another course, or of no unit of this course,
is a 400 naming the field. When the host cannot list units (no platform), only the course is
checked.
"""

from __future__ import annotations

from uuid import UUID

from opaque_keys.edx.keys import CourseKey, UsageKey

from revmentor_plugin import host
from revmentor_plugin.data import CourseUnit
from revmentor_plugin.models import Program
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import inputs
from revmentor_plugin.services.errors import InvalidInput


def course_units(course_key: CourseKey) -> list[CourseUnit]:
    """The course's units, in the order the host lists them (empty when it cannot list them)."""
    return [
        CourseUnit(usage_key=key, display_name=name, url=unit_path(course_key, key))
        for key, name in host.course_units(course_key) or ()
    ]


def unit_path(course_key: CourseKey, usage_key: UsageKey) -> str:
    """The LMS's path to a unit or block of the course: ``/courses/<course>/jump_to/<key>``
    (``jump_to`` in edx-platform's ``lms/urls.py``), which redirects to the page showing it."""
    return f"/courses/{course_key}/jump_to/{usage_key}"


def course_unit(course_key: CourseKey, value: inputs.Raw, field: str = "usage_key") -> UsageKey | None:
    """``value`` as the usage key of a unit of the course, None for none; anything else is a 400."""
    key = inputs.parse_usage_key(value, field)
    if key is None:
        return None
    message = "Not a unit of this course."
    if key.course_key != course_key:
        raise InvalidInput({field: message})
    known = host.course_units(course_key)
    if known is not None and key not in {unit_key for unit_key, _name in known}:
        raise InvalidInput({field: message})
    return key


def note_pairing_unit(program_uuid: UUID | str, usage_key: UsageKey) -> bool:
    """Record the unit holding the program's pairing block (reminders link there); True when
    it changed. Writes nothing when it is already recorded, never the program's ``modified``
    (the agreement reminders count from it), and nothing for a key of another course."""
    program = (
        Program.objects.filter(uuid=load.parse_uuid(program_uuid, "program"), course_key=usage_key.course_key)
        .only("pk", "pairing_unit")
        .first()
    )
    if program is None or program.pairing_unit == usage_key:
        return False
    Program.objects.filter(pk=program.pk).update(pairing_unit=usage_key)
    return True


__all__ = ["course_unit", "course_units", "note_pairing_unit", "unit_path"]
