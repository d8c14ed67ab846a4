"""What each ``edx.revmentor.*`` tracking event becomes as an xAPI statement, as plain data.

The table is read by the settings (to let the events through event-routing-backends' allowed
list) and by :mod:`revmentor_plugin.analytics.xapi` (the transformers, imported only where
event-routing-backends is installed). Nothing here imports Django or event-routing-backends:
settings modules import it before the host's settings exist. docs/analytics.rst shows the
same table; ADR 0020 says why each verb.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "edx.revmentor."

#: Verbs: ADL's (``http://adlnet.gov/expapi/verbs/``) where one fits, else Activity Streams 1.0
#: (``http://activitystrea.ms/schema/1.0/``), both in the xAPI vocabulary registry.
ADL = "http://adlnet.gov/expapi/verbs/"
AS = "http://activitystrea.ms/schema/1.0/"

VERBS: dict[str, tuple[str, str]] = {
    "joined": (AS + "join", "joined"),
    "created": (AS + "create", "created"),
    "initialized": (ADL + "initialized", "initialized"),
    "accepted": (AS + "accept", "accepted"),
    "completed": (ADL + "completed", "completed"),
    "terminated": (ADL + "terminated", "terminated"),
    "rejected": (AS + "reject", "rejected"),
    "attended": (ADL + "attended", "attended"),
    "confirmed": (AS + "confirm", "confirmed"),
    "added": (AS + "add", "added"),
    "authored": (AS + "author", "authored"),
    "responded": (ADL + "responded", "responded"),
    "scheduled": (AS + "schedule", "scheduled"),
    "cancelled": (AS + "cancel", "cancelled"),
    "shared": (ADL + "shared", "shared"),
}


@dataclass(frozen=True)
class ObjectKind:
    """An activity: its id's path under the LMS root (filled from the event's ids), its type
    and a fixed, generic name (never anything a person wrote)."""

    path: str
    type: str
    name: str


OBJECTS: dict[str, ObjectKind] = {
    "program": ObjectKind("revmentor/program/{program_id}", AS + "group", "Mentoring program"),
    "matching": ObjectKind(
        "revmentor/program/{program_id}/matching", AS + "process", "Mentoring program matching"
    ),
    "outcome": ObjectKind(
        "revmentor/program/{program_id}/outcome/{record_id}",
        "http://adlnet.gov/expapi/activities/objective",
        "Mentoring program outcome milestone",
    ),
    "pair": ObjectKind("revmentor/pair/{pair_id}", AS + "group", "Mentoring pair"),
    "agreement": ObjectKind("revmentor/pair/{pair_id}/agreement", AS + "offer", "Mentoring agreement"),
    "session": ObjectKind(
        "revmentor/pair/{pair_id}/session/{session_id}",
        "http://adlnet.gov/expapi/activities/meeting",
        "Mentoring session",
    ),
    "plan": ObjectKind(
        "revmentor/pair/{pair_id}/plan/{plan_id}",
        "http://adlnet.gov/expapi/activities/meeting",
        "Planned mentoring session",
    ),
    "goal": ObjectKind(
        "revmentor/pair/{pair_id}/goal/{goal_id}",
        "http://adlnet.gov/expapi/activities/objective",
        "Mentoring goal",
    ),
    "reflection": ObjectKind("revmentor/pair/{pair_id}/reflection", AS + "note", "Mentoring reflection"),
    "pulse": ObjectKind(
        "revmentor/pair/{pair_id}/pulse",
        "http://id.tincanapi.com/activitytype/survey",
        "Mentoring pulse check",
    ),
    "confidence": ObjectKind(
        "revmentor/program/{program_id}/confidence",
        "http://id.tincanapi.com/activitytype/survey",
        "Mentoring confidence rating",
    ),
}

#: Extension keys, one per payload field that may travel. Anything else in a payload stays out
#: of the statement, so a field added to an event later is not forwarded until it is listed.
EXTENSION_BASE = "https://w3id.org/xapi/revmentor/extensions/"
EXTENSION_FIELDS = (
    "role",
    "led_by",
    "owner",
    "visibility",
    "proposed_by",
    "confirmed_by",
    "source",
    "version",
    "duration_minutes",
    "matched",
    "unmatched",
    "created",
    "skipped",
    "phase",
)


@dataclass(frozen=True)
class Statement:
    """How one event is told in xAPI: a key of :data:`VERBS` and one of :data:`OBJECTS`."""

    verb: str
    object: str


#: Every event the plugin emits (``services.events.emit``), without the ``edx.revmentor.`` prefix.
XAPI_EVENTS: dict[str, Statement] = {
    "participant.joined": Statement("joined", "program"),
    "participant.reinstated": Statement("joined", "program"),
    "matching.computed": Statement("created", "matching"),
    "matching.published": Statement("shared", "matching"),
    "outcome.recorded": Statement("added", "outcome"),
    "pair.proposed": Statement("created", "pair"),
    "pair.activated": Statement("initialized", "pair"),
    "pair.completed": Statement("completed", "pair"),
    "pair.closed": Statement("terminated", "pair"),
    "pair.declined": Statement("rejected", "pair"),
    "agreement.accepted": Statement("accepted", "agreement"),
    "session.logged": Statement("attended", "session"),
    "session.confirmed": Statement("confirmed", "session"),
    "plan.proposed": Statement("scheduled", "plan"),
    "plan.rescheduled": Statement("scheduled", "plan"),
    "plan.confirmed": Statement("confirmed", "plan"),
    "plan.declined": Statement("rejected", "plan"),
    "plan.cancelled": Statement("cancelled", "plan"),
    "goal.added": Statement("added", "goal"),
    "goal.achieved": Statement("completed", "goal"),
    "reflection.written": Statement("authored", "reflection"),
    "pulse.recorded": Statement("responded", "pulse"),
    "confidence.rated": Statement("responded", "confidence"),
}


def event_names() -> list[str]:
    """The full tracking event names, in the table's order."""
    return [PREFIX + name for name in XAPI_EVENTS]
