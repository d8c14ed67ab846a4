"""What happens to a learner's data when they leave: unenrollment and account retirement.

Both run inside the host's transaction (a signal receiver), so they take their locks in the
order of ``services._locking``: matching runs, then the participants with every partner of
their open pairs in id order (ending a pair locks both of its people), then pairs.
"""

from __future__ import annotations

from typing import Any

from revmentor_plugin.models import (
    Goal,
    MatchingRun,
    Participant,
    ParticipantStatus,
    PulseCheck,
    Reflection,
    SessionLog,
)
from revmentor_plugin.services import _common as c
from revmentor_plugin.services._locking import lock_rows, lock_with_partners, one_transaction
from revmentor_plugin.services.matching import forget_user_in_runs
from revmentor_plugin.services.participants import withdraw_locked

RETIRED_REASON = "A participant's account was retired."
UNENROLLED_REASON = "A participant unenrolled from the course."
REMOVED = "[removed]"


@one_transaction
def withdraw_from_course(user: Any, course_key: Any) -> int:
    """Withdraw the user from every program of the course; returns how many were active."""
    key = c.parse_course_key(course_key)
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
def retire_user(user: Any) -> None:
    """Remove a retired user's profile data and free text; end their pairs. Idempotent.

    Kept: that the user took part and which pairs existed (ids, dates, statuses), so program
    reports still add up. Gone: every profile field, their reflections and pulse answers, the
    notes of sessions they logged, the text of goals they wrote, the manager links of others
    that point at them, and their name in matching runs.
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
        participant.interests = []
        participant.languages = []
        participant.timezone = "UTC"
        participant.seniority = None
        participant.department = ""
        participant.manager = None
        participant.learning_preferences = ""
        participant.motivations = ""
        participant.self_description = {}
        participant.reminders_opt_out = True
        participant.save()
        participant.skills_offered.clear()
        participant.skills_sought.clear()
    ids = [participant.pk for participant in participants]
    Reflection.objects.filter(author_id__in=ids).delete()
    PulseCheck.objects.filter(author_id__in=ids).delete()
    SessionLog.objects.filter(logged_by_id__in=ids).exclude(notes="").update(notes="")
    Goal.objects.filter(created_by_id__in=ids).exclude(title=REMOVED).update(title=REMOVED, details="")
    Participant.objects.filter(manager_id=user.pk).update(manager=None)
    forget_user_in_runs(user.username, [participant.program_id for participant in participants])
