"""xAPI transformers for the ``edx.revmentor.*`` events, registered with event-routing-backends.

Imported by ``RevMentorConfig.ready`` only when event-routing-backends is installed (the
``aspects`` extra). One transformer class per event, built from the table in
:mod:`revmentor_plugin.analytics`, on event-routing-backends' own ``XApiTransformer``: it
names the actor by the user's anonymous xAPI id (``helpers.get_anonymous_user_id``), makes the
statement id and timestamp, and runs the platform's transformer filters. What we add: the verb,
the object (an activity id under the LMS root), the course and the program as context, and
the listed payload fields (ids, roles, counts) as context extensions. No text anyone wrote,
and nothing from a self-description, is in an event, and nothing unlisted is copied.
"""

from __future__ import annotations

from string import Formatter

from event_routing_backends.helpers import get_course_from_id
from event_routing_backends.processors.xapi import constants
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from event_routing_backends.processors.xapi.transformer import XApiTransformer
from tincan import Activity, ActivityDefinition, ActivityList, ContextActivities, LanguageMap, Verb

from revmentor_plugin import analytics


def _ids_in(path: str) -> list[str]:
    """The fields a path template names (``{pair_id}`` ...)."""
    return [field for _, field, _, _ in Formatter().parse(path) if field]


class RevMentorTransformer(XApiTransformer):
    """The statement of one ``edx.revmentor.*`` event; subclasses set ``statement``."""

    statement: analytics.Statement

    @property
    def _verb(self) -> Verb:  # read by XApiTransformer.get_verb, behind its filter
        iri, display = analytics.VERBS[self.statement.verb]
        return Verb(id=iri, display=LanguageMap({constants.EN: display}))

    def get_object(self) -> Activity:
        kind = analytics.OBJECTS[self.statement.object]
        # Every id the path names must be in the event (get_data raises ValueError otherwise):
        # an object id with "None" in it would merge unrelated activities.
        ids = {name: self.get_data("data." + name, required=True) for name in _ids_in(kind.path)}
        object_type, _, object_id = kind.path.format(**ids).rpartition("/")
        return Activity(
            id=self.get_object_iri(object_type, object_id),
            definition=ActivityDefinition(type=kind.type, name=LanguageMap({constants.EN_US: kind.name})),
        )

    def _course_id(self) -> str | None:
        # The payload names the program's course; the request's context names one only on the
        # LMS's course URLs (and our REST API's are not those).
        return self.get_data("data.course_id") or self.get_data("context.course_id")

    def get_context_activities(self) -> ContextActivities | None:
        course_id = self._course_id()
        if course_id is None:
            return None
        course = get_course_from_id(course_id)
        parent = Activity(
            id=self.get_object_iri("course", course_id),
            object_type=constants.XAPI_ACTIVITY_COURSE,
            definition=ActivityDefinition(
                type=constants.XAPI_ACTIVITY_COURSE,
                name=LanguageMap({constants.EN_US: course["display_name"]}),
            ),
        )
        grouping = []
        program_id = self.get_data("data.program_id")
        if program_id is not None and self.statement.object not in ("program", "matching"):
            program = analytics.OBJECTS["program"]
            grouping.append(
                Activity(
                    id=self.get_object_iri("revmentor/program", program_id),
                    definition=ActivityDefinition(
                        type=program.type, name=LanguageMap({constants.EN_US: program.name})
                    ),
                )
            )
        return ContextActivities(parent=ActivityList([parent]), grouping=ActivityList(grouping) or None)

    def get_context_extensions(self):
        extensions = super().get_context_extensions()
        for field in analytics.EXTENSION_FIELDS:
            value = self.get_data("data." + field)
            if value is not None:
                extensions[analytics.EXTENSION_BASE + field.replace("_", "-")] = value
        return extensions


def _register() -> dict[str, type[RevMentorTransformer]]:
    registered = {}
    for name, statement in analytics.XAPI_EVENTS.items():
        class_name = "".join(part.title() for part in name.replace("_", ".").split(".")) + "Transformer"
        transformer = type(
            class_name, (RevMentorTransformer,), {"statement": statement, "__module__": __name__}
        )
        registered[analytics.PREFIX + name] = XApiTransformersRegistry.register(analytics.PREFIX + name)(
            transformer
        )
    return registered


#: The registered transformer class of each event name.
TRANSFORMERS = _register()
