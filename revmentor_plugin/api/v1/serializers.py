"""Serializers of REST API v1: they shape data and validate input; they never save.

Output serializers read the frozen data classes the services return (``revmentor_plugin.data``).
Input serializers check types, ranges, choices, dates and lengths so that bad input answers 400
naming the field before a service is called; the services check again (and check what needs the
database: catalog slugs, usernames, invariants), and their ``InvalidInput`` maps to the same 400.

Field names are the contract of DESIGN §6.
"""

from __future__ import annotations

from typing import Any

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from rest_framework import serializers

from revmentor_plugin import policy
from revmentor_plugin.policy import Action

MAX_CAPACITY = 10  # models.MAX_CAPACITY; the API may not import the models (import-linter).
ROLES = ("mentor", "mentee")
PROGRAM_STATUSES = ("draft", "enrolling", "active", "closed")
PARTICIPANT_STATUSES = ("active", "withdrawn")
PAIR_STATUSES = ("proposed", "active", "completed", "closed", "declined")
PAIR_SOURCES = ("matching", "staff", "request")
HEALTH_STATUSES = ("on_track", "needs_attention", "at_risk")
GOAL_STATUSES = ("open", "in_progress", "achieved", "dropped")
SESSION_MODES = ("in_person", "video", "phone", "chat", "other")
VISIBILITIES = ("private", "pair", "staff")
PULSE_DIMENSIONS = ("trust", "comfort", "career_support", "psychosocial_support", "role_modeling")
# Long free text (notes, reflections, details) is capped by the services with
# REVMENTOR_MAX_TEXT_LENGTH; this outer bound only keeps absurd payloads out early.
LONG_TEXT = 100_000


class CourseKeyField(serializers.CharField):
    """A course key such as ``course-v1:Org+Course+Run``, as a ``CourseKey``."""

    default_error_messages = {"invalid_key": "Not a valid course key."}

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> CourseKey:
        text = super().to_internal_value(data)
        try:
            return CourseKey.from_string(text)
        except InvalidKeyError:
            self.fail("invalid_key")

    def to_representation(self, value: Any) -> str:
        return str(value)


class StrictSerializer(serializers.Serializer):
    """Input serializer that names unknown fields instead of silently dropping them."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    return serializers.CharField(max_length=max_length, **kwargs)


def _slugs(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=80), max_length=100, required=False, **kwargs
    )


# ---------------------------------------------------------------------------------------------
# Output


class SkillSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ProgramSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    course_id = serializers.CharField(source="course_key")
    name = serializers.CharField()
    description = serializers.CharField()
    organizational_outcome = serializers.CharField()
    expectations = serializers.CharField()
    expectations_version = serializers.IntegerField()
    cadence_days = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PROGRAM_STATUSES)
    mentor_label = serializers.CharField()
    mentee_label = serializers.CharField()
    default_capacity = serializers.IntegerField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    diversity_enabled = serializers.BooleanField()
    matching_weights = serializers.DictField(child=serializers.FloatField())
    skills = SkillSerializer(many=True)


class ParticipantSerializer(serializers.Serializer):
    """A participant. ``self_description`` and ``reminders_opt_out`` appear only to whom
    ``policy`` shows the private profile (the participant themselves); pass ``user`` in the context."""

    username = serializers.CharField()
    program = serializers.UUIDField(source="program_uuid")
    role = serializers.ChoiceField(choices=ROLES)
    status = serializers.ChoiceField(choices=PARTICIPANT_STATUSES)
    skills_offered = serializers.ListField(child=serializers.CharField())
    skills_sought = serializers.ListField(child=serializers.CharField())
    interests = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    timezone = serializers.CharField()
    capacity = serializers.IntegerField()
    seniority = serializers.IntegerField(allow_null=True)
    department = serializers.CharField()
    manager = serializers.CharField(allow_null=True)
    learning_preferences = serializers.CharField()
    motivations = serializers.CharField()
    self_description = serializers.DictField(child=serializers.CharField(), required=False)
    reminders_opt_out = serializers.BooleanField(required=False)
    created = serializers.DateTimeField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not policy.allows(self.context.get("user"), Action.VIEW_PRIVATE_PROFILE, instance):
            for name in policy.PRIVATE_PROFILE_FIELDS:
                data.pop(name, None)
        return data


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HEALTH_STATUSES)
    reasons = serializers.ListField(child=serializers.CharField())


class PairSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    program = serializers.UUIDField(source="program_uuid")
    course_id = serializers.CharField(source="course_key")
    mentor = serializers.CharField(source="mentor.username")
    mentee = serializers.CharField(source="mentee.username")
    status = serializers.ChoiceField(choices=PAIR_STATUSES)
    source = serializers.ChoiceField(choices=PAIR_SOURCES)
    score = serializers.FloatField(allow_null=True)
    explanation = serializers.ListField(child=serializers.CharField())
    accepted_by = serializers.ListField(child=serializers.ChoiceField(choices=ROLES))
    health = HealthSerializer(allow_null=True)
    created = serializers.DateTimeField()
    activated_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_reason = serializers.CharField()


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    details = serializers.CharField()
    owner = serializers.ChoiceField(choices=ROLES)
    skill = serializers.CharField(allow_null=True)
    usage_key = serializers.CharField(allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=GOAL_STATUSES)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    created = serializers.DateTimeField()
    modified = serializers.DateTimeField()


class SessionSerializer(serializers.Serializer):
    """A session. ``notes`` is null for viewers who may not read it (course staff, ADR 0003)."""

    id = serializers.IntegerField()
    occurred_on = serializers.DateField()
    duration_minutes = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=SESSION_MODES)
    led_by = serializers.ChoiceField(choices=ROLES)
    skills = serializers.ListField(child=serializers.CharField())
    goals = serializers.ListField(child=serializers.IntegerField())
    notes = serializers.CharField(allow_null=True)
    logged_by = serializers.CharField(source="logged_by_username")
    logged_by_role = serializers.ChoiceField(source="logged_by", choices=ROLES)
    confirmed = serializers.BooleanField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    created = serializers.DateTimeField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_notes", False):
            data["notes"] = None
        return data


class ReflectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField()
    author_role = serializers.ChoiceField(choices=ROLES)
    prompt = serializers.CharField()
    body = serializers.CharField()
    visibility = serializers.ChoiceField(choices=VISIBILITIES)
    session = serializers.IntegerField(allow_null=True)
    created = serializers.DateTimeField()


class PulseSerializer(serializers.Serializer):
    """The caller's own ratings, as they were recorded (nobody else ever reads them)."""

    author_role = serializers.ChoiceField(choices=ROLES)
    trust = serializers.IntegerField()
    comfort = serializers.IntegerField()
    career_support = serializers.IntegerField()
    psychosocial_support = serializers.IntegerField()
    role_modeling = serializers.IntegerField()
    created = serializers.DateTimeField()


class WeekSerializer(serializers.Serializer):
    week = serializers.CharField(help_text="ISO week, such as 2026-W07.")
    sessions = serializers.IntegerField()
    minutes = serializers.IntegerField()


class AdherenceSerializer(serializers.Serializer):
    active_pairs = serializers.IntegerField()
    within_cadence = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class GoalOutcomeSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    achieved = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    average_progress = serializers.FloatField(allow_null=True)


class PulseAverageSerializer(serializers.Serializer):
    period = serializers.CharField(
        allow_null=True, required=False, help_text="The closed month (YYYY-MM) the averages cover."
    )
    respondents_at_least = serializers.IntegerField(
        allow_null=True,
        help_text="A lower bound on the people who answered (the minimum group size, then 10, 20, "
        "50, 100, ...); never the exact number.",
    )
    suppressed = serializers.BooleanField(help_text="Fewer respondents than the minimum group size.")
    trust = serializers.FloatField(allow_null=True)
    comfort = serializers.FloatField(allow_null=True)
    career_support = serializers.FloatField(allow_null=True)
    psychosocial_support = serializers.FloatField(allow_null=True)
    role_modeling = serializers.FloatField(allow_null=True)


class PulseReceivedSerializer(serializers.Serializer):
    mentor = PulseAverageSerializer(help_text="What mentors said they received.")
    mentee = PulseAverageSerializer(help_text="What mentees said they received.")


class PulseMonthSerializer(PulseReceivedSerializer):
    period = serializers.CharField(help_text="A closed month, YYYY-MM.")


class ReportSerializer(serializers.Serializer):
    program = serializers.UUIDField(source="program_uuid")
    generated_on = serializers.DateField()
    cadence_days = serializers.IntegerField()
    min_group_size = serializers.IntegerField()
    participants = serializers.DictField(child=serializers.IntegerField())
    pairs_by_status = serializers.DictField(child=serializers.IntegerField())
    pairs_by_health = serializers.DictField(child=serializers.IntegerField())
    sessions_total = serializers.IntegerField()
    sessions_per_week = WeekSerializer(many=True)
    cadence_adherence = AdherenceSerializer()
    goals = GoalOutcomeSerializer()
    pulse_received = PulseReceivedSerializer(
        help_text="Per direction, the latest closed month in which at least min_group_size people "
        "answered. Figures of a month are frozen when it ends and never change (ADR 0003)."
    )
    pulse_by_month = PulseMonthSerializer(many=True, help_text="The last 12 closed months, oldest first.")
    self_description = serializers.DictField(
        help_text="The latest published breakdown: period, respondents_at_least and, per question, "
        "groups of at least min_group_size people and how many groups were suppressed. A new "
        "breakdown is published only once min_group_size more people have answered. Empty unless "
        "the program enables its diversity criterion and a breakdown has been published."
    )


# ---------------------------------------------------------------------------------------------
# Input


class ProgramCreateSerializer(StrictSerializer):
    course_id = CourseKeyField()
    name = serializers.CharField(max_length=200)
    description = _text(LONG_TEXT)
    organizational_outcome = serializers.CharField(max_length=LONG_TEXT)
    expectations = _text(LONG_TEXT)
    cadence_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    status = serializers.ChoiceField(choices=PROGRAM_STATUSES, required=False)
    mentor_label = serializers.CharField(max_length=60, required=False)
    mentee_label = serializers.CharField(max_length=60, required=False)
    default_capacity = serializers.IntegerField(min_value=1, max_value=MAX_CAPACITY, required=False)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    matching_weights = serializers.DictField(child=serializers.FloatField(), required=False)
    diversity_enabled = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": ["The end date is before the start date."]})
        return attrs


class ProgramUpdateSerializer(ProgramCreateSerializer):
    """A PATCH: every field optional; the course cannot change."""

    course_id = None

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class ProfileSerializer(StrictSerializer):
    skills_offered = _slugs()
    skills_sought = _slugs()
    interests = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=50, required=False
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=20), max_length=20, required=False
    )
    timezone = serializers.CharField(max_length=64, required=False)
    capacity = serializers.IntegerField(min_value=0, max_value=MAX_CAPACITY, required=False)
    seniority = serializers.IntegerField(min_value=0, max_value=20, required=False, allow_null=True)
    department = _text(120)
    manager = _text(150, allow_null=True)
    learning_preferences = _text(2000)
    motivations = _text(2000)
    self_description = serializers.DictField(child=serializers.CharField(max_length=80), required=False)
    reminders_opt_out = serializers.BooleanField(required=False)


class JoinSerializer(ProfileSerializer):
    """Join the program (no ``username``), or, for staff, add ``username`` to it."""

    username = serializers.CharField(max_length=150, required=False)
    role = serializers.ChoiceField(choices=ROLES)


class WithdrawSerializer(StrictSerializer):
    reason = _text(500)


class SkillCreateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=80, required=False)


class PairCreateSerializer(StrictSerializer):
    mentor = serializers.CharField(max_length=150)
    mentee = serializers.CharField(max_length=150)


class DeclineSerializer(StrictSerializer):
    reason = _text(500)


class CloseSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500)
    completed = serializers.BooleanField(required=False, default=False)


class GoalCreateSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    details = _text(LONG_TEXT)
    owner = serializers.ChoiceField(choices=ROLES, required=False)
    skill = serializers.CharField(max_length=80, required=False, allow_null=True, allow_blank=True)
    usage_key = serializers.CharField(max_length=255, required=False, allow_null=True, allow_blank=True)
    target_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=GOAL_STATUSES, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)


class GoalUpdateSerializer(GoalCreateSerializer):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class SessionCreateSerializer(StrictSerializer):
    occurred_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    led_by = serializers.ChoiceField(choices=ROLES)
    mode = serializers.ChoiceField(choices=SESSION_MODES, required=False)
    skills = _slugs()
    goals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), max_length=100, required=False
    )
    notes = _text(LONG_TEXT)


class ReflectionCreateSerializer(StrictSerializer):
    body = serializers.CharField(max_length=LONG_TEXT)
    visibility = serializers.ChoiceField(choices=VISIBILITIES, required=False)
    prompt = _text(1000)
    session = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, allow_null=True)


class PulseCreateSerializer(StrictSerializer):
    trust = serializers.IntegerField(min_value=1, max_value=5)
    comfort = serializers.IntegerField(min_value=1, max_value=5)
    career_support = serializers.IntegerField(min_value=1, max_value=5)
    psychosocial_support = serializers.IntegerField(min_value=1, max_value=5)
    role_modeling = serializers.IntegerField(min_value=1, max_value=5)
