"""What happens to a learner's data when they leave: unenrollment and account retirement."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from revmentor_plugin.models import Goal, Participant, ParticipantStatus, PulseCheck, Reflection, SessionLog
from revmentor_plugin.services import inputs
from revmentor_plugin.services.matching import forget_user_in_runs
from revmentor_plugin.services.participants import _withdraw

RETIRED_REASON = "A participant's account was retired."
UNENROLLED_REASON = "A participant unenrolled from the course."
REMOVED = "[removed]"


@transaction.atomic
def withdraw_from_course(user: Any, course_key: Any) -> int:
    """Withdraw the user from every program of the course; returns how many were active."""
    key = inputs.parse_course_key(course_key)
    participants = list(
        Participant.objects.select_for_update()
        .filter(user_id=user.pk, program__course_key=key, status=ParticipantStatus.ACTIVE)
        .order_by("pk")
    )
    for participant in participants:
        _withdraw(participant, UNENROLLED_REASON)
    return len(participants)


@transaction.atomic
def retire_user(user: Any) -> None:
    """Remove a retired user's profile data and free text; end their pairs. Idempotent.

    Kept: that the user took part and which pairs existed (ids, dates, statuses), so program
    reports still add up. Gone: every profile field, their reflections and pulse answers, the
    notes of sessions they logged, the text of goals they wrote, the manager links of others
    that point at them, and their name in matching runs.
    """
    participants = list(Participant.objects.select_for_update().filter(user_id=user.pk).order_by("pk"))
    for participant in participants:
        _withdraw(participant, RETIRED_REASON)
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
