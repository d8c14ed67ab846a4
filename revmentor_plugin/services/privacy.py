"""What happens to a learner's data when they leave: unenrollment and account retirement.

``retire_user`` follows the retirement inventory of ADR 0008: every field that can hold a
person's words or name, what retirement does to it, and the test that proves it.

Both run inside the host's transaction (a signal receiver), so they take their locks in the
order of ``services._locking``: matching runs, then the participants with every partner of
their open pairs in id order (ending a pair locks both of its people), then pairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin.data import ParticipantStatus, Role
from revmentor_plugin.models import (
    ConfidenceRating,
    Goal,
    MatchingRun,
    OutcomeRecord,
    Pair,
    Participant,
    PlannedSession,
    PulseCheck,
    Reflection,
    ReminderLog,
    SessionLog,
)
from revmentor_plugin.services import inputs
from revmentor_plugin.services._locking import lock_rows, lock_with_partners, one_transaction
from revmentor_plugin.services.idempotency import forget_keys_of
from revmentor_plugin.services.imports import forget_user_in_imports
from revmentor_plugin.services.matching import forget_user_in_runs
from revmentor_plugin.services.pairs import declined_reason
from revmentor_plugin.services.participants import WITHDREW_REASON, withdraw_locked

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RETIRED_REASON = "A participant's account was retired."
UNENROLLED_REASON = "A participant unenrolled from the course."
REASON_REMOVED = "The reason given was removed when a participant's account was retired."
REMOVED = "[removed]"
# A retired participant's profile (ADR 0008); the reminder switch is on so that nobody emails them.
RETIRED_PROFILE: dict[str, object] = {
    "interests": [],
    "languages": [],
    "timezone": "UTC",
    "seniority": None,
    "department": "",
    "manager_id": None,
    "learning_preferences": "",
    "motivations": "",
    "self_description": {},
    "reminders_opt_out": True,
}
# Closing reasons the plugin itself writes: no one's words, so retirement keeps them.
FIXED_REASONS = (
    "",
    RETIRED_REASON,
    UNENROLLED_REASON,
    REASON_REMOVED,
    WITHDREW_REASON,
    *(declined_reason(role) for role in Role),
)


@one_transaction
def withdraw_from_course(user: User, course_key: CourseKey | str) -> int:
    """Withdraw the user from every program of the course; returns how many were active."""
    key = inputs.parse_course_key(course_key)
    ids = set(
        Participant.objects.filter(
            user_id=user.pk, program__course_key=key, status=ParticipantStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    locked = lock_with_partners(ids)
    participants = [row for pk, row in locked.items() if pk in ids and row.status == ParticipantStatus.ACTIVE]
    withdraw_locked(participants, UNENROLLED_REASON)
    return len(participants)


@one_transaction
def retire_user(user: User) -> None:
    """Remove a retired user's profile data, words and name; end their pairs. Idempotent.

    Kept: that the user took part and which pairs existed (ids, dates, statuses, scores), so
    program reports still add up. Gone (ADR 0008 lists every field): every profile field, their
    reflections, pulse answers and confidence ratings, the notes of sessions they logged, the
    places, links and zones of their pairs' planned sessions, the text of goals they wrote, the
    explanations and typed closing reasons of their pairs (whoever wrote the reason: it is about
    them), the manager links of others that point at them, their reminder log,
    their name and id in matching runs and in CSV import reports, the runs they requested and
    the outcome milestones they recorded (the milestones stay: course content).
    """
    own = Participant.objects.filter(user_id=user.pk).order_by()
    managed = Participant.objects.filter(manager_id=user.pk).order_by()
    lock_rows(
        MatchingRun,
        MatchingRun.objects.filter(program__in=own.values("program")).values_list("pk", flat=True),
    )
    own_ids = set(own.values_list("pk", flat=True))
    locked = lock_with_partners(own_ids, also=managed.values_list("pk", flat=True))
    participants = [row for pk, row in locked.items() if pk in own_ids]
    withdraw_locked(participants, RETIRED_REASON)
    for participant in participants:
        changed = [name for name, value in RETIRED_PROFILE.items() if getattr(participant, name) != value]
        for name in changed:
            setattr(participant, name, RETIRED_PROFILE[name])
        if changed:  # a second retirement writes nothing
            participant.save(update_fields=[*changed, "modified"])
        participant.skills_offered.clear()
        participant.skills_sought.clear()
    ids = [participant.pk for participant in participants]
    Reflection.objects.filter(author_id__in=ids).delete()
    PulseCheck.objects.filter(author_id__in=ids).delete()
    ConfidenceRating.objects.filter(participant_id__in=ids).delete()
    SessionLog.objects.filter(logged_by_id__in=ids).exclude(notes="").update(notes="")
    Goal.objects.filter(created_by_id__in=ids).exclude(title=REMOVED).update(title=REMOVED, details="")
    pairs = Pair.objects.filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids))
    # Explanations quote both profiles (interests, department, skills); JSON equality differs
    # between databases, so the already-empty ones are not filtered out in SQL.
    pairs.update(explanation=[])
    pairs.exclude(closed_reason__in=FIXED_REASONS).update(closed_reason=REASON_REMOVED)
    # A planned meeting's place or link is the pair's, and its zone a profile's: both go.
    PlannedSession.objects.filter(pair__in=pairs).exclude(location="", timezone="UTC").update(
        location="", timezone="UTC"
    )
    Participant.objects.filter(manager_id=user.pk).update(manager=None)
    ReminderLog.objects.filter(user_id=user.pk).delete()
    MatchingRun.objects.filter(requested_by_id=user.pk).update(requested_by=None)
    OutcomeRecord.objects.filter(recorded_by_id=user.pk).update(recorded_by=None)
    program_ids = [participant.program_id for participant in participants]
    forget_user_in_runs(user.username, program_ids, user_id=user.pk)
    forget_keys_of(user)  # the answers kept for their Idempotency-Key repeats quote their text
    forget_user_in_imports(user)
