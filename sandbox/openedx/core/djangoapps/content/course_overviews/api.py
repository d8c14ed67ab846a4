"""Stand-in for edx-platform ``openedx/core/djangoapps/content/course_overviews/api.py``.

``get_course_overviews(course_ids)`` answers ``CourseOverviewBaseSerializer(overviews,
many=True).data``: one dict per course found, with the overview's fields (``id``,
``display_name``, ...) and ``display_name_with_default``. event-routing-backends reads
``display_name`` from it to name the course in a statement's context
(``event_routing_backends/helpers.py``, ``get_course_from_id``).

The sandbox keeps no course table: every course key names a course (as the module store
stand-in answers every course with the same units), whose display name is its course number.
"""

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey


def get_course_overviews(course_ids):
    overviews = []
    for course_id in course_ids:
        try:
            key = course_id if isinstance(course_id, CourseKey) else CourseKey.from_string(str(course_id))
        except InvalidKeyError:
            continue
        name = f"{key.org} {key.course}"
        overviews.append({"id": str(key), "display_name": name, "display_name_with_default": name})
    return overviews
