"""Serializers of REST API v1: they shape data and validate input; they never save.

Output serializers read the frozen data classes the services return (``revmentor_plugin.data``).

Input serializers do not define any rule of their own: each is built from the
``services.inputs.Spec`` of the service the view calls (``input_serializer``), and its
validation *is* that spec's, the one the XBlock handlers meet through the services (ADR 0009).
DRF's own fields are there only to describe the body in the OpenAPI schema; DRF's coercions
(``CharField`` turning ``5`` into ``"5"``, ``IntegerField`` taking ``"5"`` or ``5.0``,
``BooleanField`` taking ``"yes"``) never run. A bad value answers 400 naming its field, and an
unknown field is named too. What needs the database (catalog slugs, usernames, invariants) the
service checks next, and its ``InvalidInput`` maps to the same 400.

Field names are the contract of docs/DESIGN.md §6.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from revmentor_plugin import data as vocab
from revmentor_plugin import policy, services

ROLES = vocab.Role.values()


def pulse_fields(make: Callable[[], serializers.Field]) -> dict[str, serializers.Field]:
    """One field per pulse dimension, in the dimensions' order (made in order: DRF orders the
    fields of a serializer by when they were made)."""
    return {dimension.value: make() for dimension in vocab.PulseDimension}


# ---------------------------------------------------------------------------------------------
# Output

#: Unbound date fields whose formats (DRF's settings, the current time zone) the hand-written
#: representations below reuse.
_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()


def _when(field: serializers.Field, value: Any) -> Any:
    return None if value is None else field.to_representation(value)


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
    previous_expectations = serializers.CharField(
        help_text="The text the last change of the expectations replaced (empty before any change)."
    )
    expectations_changed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the expectations last changed (null before any change)."
    )
    cadence_days = serializers.IntegerField()
    status = serializers.ChoiceField(choices=vocab.ProgramStatus.values())
    mentor_label = serializers.CharField()
    mentee_label = serializers.CharField()
    default_capacity = serializers.IntegerField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    diversity_enabled = serializers.BooleanField()
    matching_weights = serializers.DictField(child=serializers.FloatField())
    skills = SkillSerializer(many=True)
    leadership_items = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text="The leadership and visibility items mentors rate their confidence in: {key, label}.",
    )


class ExpectationsChangeSerializer(serializers.Serializer):
    """What saving a new text of the expectations would do now."""

    expectations_version = serializers.IntegerField(help_text="The current version of the text.")
    pairs_to_accept_again = serializers.IntegerField(
        help_text="Open pairs (proposed or active) that would be asked to accept the new text."
    )


class ParticipantSerializer(serializers.Serializer):
    """A participant. ``self_description`` and ``reminders_opt_out`` appear only to whom
    ``policy`` shows the private profile (the participant themselves); pass ``user`` in the context."""

    username = serializers.CharField()
    program = serializers.UUIDField(source="program_uuid")
    role = serializers.ChoiceField(choices=ROLES)
    status = serializers.ChoiceField(choices=vocab.ParticipantStatus.values())
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
        for name in policy.hidden_profile_fields(self.context.get("user"), instance):
            data.pop(name, None)
        return data


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=vocab.HealthStatus.values())
    reasons = serializers.ListField(child=serializers.CharField())
    next_planned = serializers.DateField(
        allow_null=True, help_text="The day of the next confirmed planned session, if any."
    )

    def to_representation(self, instance: vocab.Health) -> dict[str, Any]:
        # What DRF's field-by-field walk gives (tests/api/test_pair_representation.py), written
        # out: every pair in every list carries one (ADR 0023).
        return {
            "status": str(instance.status),
            "reasons": [str(reason) for reason in instance.reasons],
            "next_planned": _when(_DATE, instance.next_planned),
        }


class ReasonSerializer(serializers.Serializer):
    """Why matching paired two people, or left someone out: a code and its parameters (skill
    slugs, language codes, numbers). ``text`` reasons carry words as written (``params.text``)."""

    code = serializers.CharField()
    params = serializers.DictField()


def _reason(reason: dict[str, Any]) -> dict[str, Any]:
    """A stored reason as ``ReasonSerializer`` gives it."""
    params = reason["params"]
    return {
        "code": str(reason["code"]),
        "params": None if params is None else {str(key): value for key, value in params.items()},
    }


class PairSerializer(serializers.Serializer):
    """``explanation``: the reasons in words for the caller (the pair's mentor or mentee, or
    staff), in the caller's language; ``reasons``: the same, structured."""

    uuid = serializers.UUIDField()
    program = serializers.UUIDField(source="program_uuid")
    course_id = serializers.CharField(source="course_key")
    mentor = serializers.CharField(source="mentor.username")
    mentee = serializers.CharField(source="mentee.username")
    status = serializers.ChoiceField(choices=vocab.PairStatus.values())
    source = serializers.ChoiceField(choices=vocab.PairSource.values())
    score = serializers.FloatField(allow_null=True)
    explanation = serializers.SerializerMethodField()
    reasons = ReasonSerializer(many=True)
    accepted_by = serializers.ListField(child=serializers.ChoiceField(choices=ROLES))
    health = HealthSerializer(allow_null=True)
    created = serializers.DateTimeField()
    activated_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_reason = serializers.CharField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_explanation(self, pair: vocab.PairData) -> list[str]:
        user = self.context.get("user")
        return services.explanation_for(pair, services.viewer_of(pair, getattr(user, "pk", None)))

    def to_representation(self, instance: vocab.PairData) -> dict[str, Any]:
        """The fields above, in their order and DRF's formats, written out: DRF's walk over them
        (binding a copy of every field, then reading each through its source) was a third of a
        page of pairs' time. tests/api/test_pair_representation.py holds this equal to that walk
        for pairs in every state; the fields stay the OpenAPI schema (ADR 0023)."""
        pair = instance
        return {
            "uuid": str(pair.uuid),
            "program": str(pair.program_uuid),
            "course_id": str(pair.course_key),
            "mentor": str(pair.mentor.username),
            "mentee": str(pair.mentee.username),
            "status": str(pair.status),
            "source": str(pair.source),
            "score": None if pair.score is None else float(pair.score),
            "explanation": self.get_explanation(pair),
            "reasons": [_reason(reason) for reason in pair.reasons],
            "accepted_by": [str(role) for role in pair.accepted_by],
            "health": None if pair.health is None else _HEALTH.to_representation(pair.health),
            "created": _when(_DATETIME, pair.created),
            "activated_at": _when(_DATETIME, pair.activated_at),
            "closed_at": _when(_DATETIME, pair.closed_at),
            "closed_reason": str(pair.closed_reason),
        }


_HEALTH = HealthSerializer()


class PartnerContactSerializer(serializers.Serializer):
    """The caller's partner in an active pair: ``name`` is the platform's profile name (the
    username when it has none); ``email`` the account's address ("" when it has none)."""

    username = serializers.CharField()
    role = serializers.ChoiceField(choices=ROLES)
    name = serializers.CharField()
    email = serializers.CharField()


class PairPreviewSerializer(serializers.Serializer):
    """A pair as matching would judge it, before anyone makes it: the score and explanation the
    engine gives it, and whether its rules allow it now (``reason`` says why not)."""

    mentor = serializers.CharField()
    mentee = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    explanation = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)
    allowed = serializers.BooleanField()
    reason = serializers.CharField()


class PartnerProposalsSerializer(serializers.Serializer):
    mentee = serializers.CharField()
    results = PairPreviewSerializer(many=True)


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    details = serializers.CharField()
    owner = serializers.ChoiceField(choices=ROLES)
    skill = serializers.CharField(allow_null=True)
    usage_key = serializers.CharField(allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=vocab.GoalStatus.values())
    progress = serializers.IntegerField(min_value=0, max_value=100)
    created = serializers.DateTimeField()
    modified = serializers.DateTimeField()


class SessionSerializer(serializers.Serializer):
    """A session. ``notes`` is null for viewers who may not read it (course staff, ADR 0003)."""

    id = serializers.IntegerField()
    occurred_on = serializers.DateField()
    duration_minutes = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=vocab.SessionMode.values())
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


class PlannedSessionSerializer(serializers.Serializer):
    """A planned session. ``starts_at`` is UTC; ``local_starts_at`` is the wall-clock time in
    ``timezone``, the zone it was entered in. ``location`` is null for viewers who may not read
    pair-only content (course staff, ADR 0003)."""

    id = serializers.IntegerField()
    uid = serializers.CharField(help_text="The iCalendar UID, stable for the plan's whole life.")
    sequence = serializers.IntegerField(help_text="The iCalendar SEQUENCE.")
    status = serializers.ChoiceField(choices=vocab.PlanStatus.values())
    starts_at = serializers.DateTimeField()
    local_starts_at = serializers.SerializerMethodField()
    timezone = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=vocab.SessionMode.values())
    location = serializers.CharField(allow_null=True)
    proposed_by = serializers.ChoiceField(choices=ROLES)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    created = serializers.DateTimeField()
    modified = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(help_text="YYYY-MM-DDTHH:MM in ``timezone``."))
    def get_local_starts_at(self, instance: Any) -> str:
        return services.in_zone(instance.starts_at, instance.timezone).strftime("%Y-%m-%dT%H:%M")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_location", False):
            data["location"] = None
        return data


class ReflectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField()
    author_role = serializers.ChoiceField(choices=ROLES)
    prompt = serializers.CharField()
    body = serializers.CharField()
    visibility = serializers.ChoiceField(choices=vocab.Visibility.values())
    session = serializers.IntegerField(allow_null=True)
    created = serializers.DateTimeField()


PulseSerializer = type(
    "PulseSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "The caller's own ratings, as they were recorded (nobody else ever reads them).",
        "__module__": __name__,
        "author_role": serializers.ChoiceField(choices=ROLES),
        **pulse_fields(serializers.IntegerField),
        "learner_comfort": serializers.IntegerField(
            allow_null=True, help_text="Mentees only, optional: comfort in the learner role."
        ),
        "created": serializers.DateTimeField(),
    },
)


class OutcomeRecordSerializer(serializers.Serializer):
    """A milestone of the program's organizational outcome, as course staff recorded it."""

    id = serializers.IntegerField()
    program = serializers.UUIDField(source="program_uuid")
    measure = serializers.CharField()
    value = serializers.FloatField()
    note = serializers.CharField()
    recorded_on = serializers.DateField()
    recorded_by = serializers.CharField(
        allow_null=True, help_text="Who recorded it (a username); null once that account is gone."
    )
    created = serializers.DateTimeField()
    modified = serializers.DateTimeField()


class OutcomePointSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The record's id (outcome-records/{record_id}/).")
    recorded_on = serializers.DateField()
    value = serializers.FloatField()
    note = serializers.CharField()
    sessions_to_date = serializers.IntegerField(
        help_text="Sessions the program's pairs logged up to and including that day."
    )
    active_pairs = serializers.IntegerField(help_text="Pairs active on that day.")


class OutcomeMeasureSerializer(serializers.Serializer):
    measure = serializers.CharField()
    points = OutcomePointSerializer(many=True, help_text="Oldest first.")


class OrganizationalOutcomeSerializer(serializers.Serializer):
    stated = serializers.CharField(help_text="The program's stated organizational outcome.")
    measures = OutcomeMeasureSerializer(many=True, help_text="Each measure recorded, alphabetically.")


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


PulseAverageSerializer = type(
    "PulseAverageSerializer",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "period": serializers.CharField(
            allow_null=True, required=False, help_text="The closed month (YYYY-MM) the averages cover."
        ),
        "respondents_at_least": serializers.IntegerField(
            allow_null=True,
            help_text="A lower bound on the people who answered (the minimum group size, then 10, 20, "
            "50, 100, ...); never the exact number.",
        ),
        "suppressed": serializers.BooleanField(help_text="Fewer respondents than the minimum group size."),
        **pulse_fields(lambda: serializers.FloatField(allow_null=True)),
    },
)


class PulseReceivedSerializer(serializers.Serializer):
    mentor = PulseAverageSerializer(help_text="What mentors said they received.")
    mentee = PulseAverageSerializer(help_text="What mentees said they received.")


class PulseMonthSerializer(PulseReceivedSerializer):
    period = serializers.CharField(help_text="A closed month, YYYY-MM.")


# Role reversal and trust over time (issue 16; services.reversal, docs/outcomes.rst).


class LedWeekSerializer(serializers.Serializer):
    week = serializers.CharField(help_text="ISO week, such as 2026-W07 (the weeks of sessions_per_week).")
    sessions = serializers.IntegerField()
    led_by_mentor = serializers.IntegerField(help_text="Sessions the mentor (the junior person) led.")
    share = serializers.FloatField(allow_null=True)


class SessionsLedSerializer(serializers.Serializer):
    sessions = serializers.IntegerField()
    led_by_mentor = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Null when no session was logged.")
    by_week = LedWeekSerializer(many=True)


class AgreementWeekSerializer(serializers.Serializer):
    week = serializers.CharField(help_text="ISO week in which both members had accepted, e.g. 2026-W41.")
    agreed_pairs = serializers.IntegerField(help_text="Pairs whose agreement was reached that week.")
    median_days = serializers.FloatField(help_text="Their median days from proposal to agreement.")


class TimeToAgreementSerializer(serializers.Serializer):
    agreed_pairs = serializers.IntegerField(help_text="Pairs both members accepted.")
    waiting_pairs = serializers.IntegerField(help_text="Proposed pairs still waiting for an acceptance.")
    median_days = serializers.FloatField(allow_null=True)
    quartile_1_days = serializers.FloatField(allow_null=True)
    quartile_3_days = serializers.FloatField(allow_null=True)
    by_week = AgreementWeekSerializer(
        many=True, help_text="Weeks in which agreements were reached, oldest first."
    )


class PulseCellSerializer(serializers.Serializer):
    average = serializers.FloatField(allow_null=True, help_text="1 to 5; null when suppressed or unanswered.")
    respondents_at_least = serializers.IntegerField(
        allow_null=True, help_text="A lower bound on the people who answered; never the exact number."
    )
    reason = serializers.ChoiceField(
        choices=["fewer_respondents_than_min_group_size", "no_data"],
        allow_null=True,
        help_text="Why the average is null.",
    )


class PulseWeekCellSerializer(PulseCellSerializer):
    week = serializers.CharField(allow_null=True, help_text="A closed ISO week.")


class LearnerComfortSerializer(serializers.Serializer):
    latest = PulseWeekCellSerializer(help_text="The latest closed week with at least min_group_size answers.")
    by_week = PulseWeekCellSerializer(many=True, help_text="Closed weeks with pulse checks, oldest first.")


class RoleReversalSerializer(serializers.Serializer):
    sessions_led_by_mentor = SessionsLedSerializer()
    time_to_agreement = TimeToAgreementSerializer(help_text="Days from a pair's proposal to both accepting.")
    learner_comfort = LearnerComfortSerializer(
        help_text="Mentees' comfort in the learner role (the optional pulse item learner_comfort)."
    )


class TrustCellsSerializer(serializers.Serializer):
    trust = PulseCellSerializer()
    comfort = PulseCellSerializer()


class TrustWeekSerializer(serializers.Serializer):
    week = serializers.CharField(help_text="A closed ISO week.")
    mentor = TrustCellsSerializer(help_text="What mentors answered.")
    mentee = TrustCellsSerializer(help_text="What mentees answered.")
    diverges = serializers.BooleanField(
        allow_null=True,
        help_text="Whether the two directions differ by the threshold or more; null when no dimension "
        "has both directions' averages published that week.",
    )
    diverging = serializers.ListField(child=serializers.CharField(), help_text="The dimensions that diverge.")


class TrustOverTimeSerializer(serializers.Serializer):
    divergence_threshold = serializers.FloatField(
        help_text="The two directions diverge in a week when their published averages of a "
        "dimension differ by this many points or more."
    )
    dimensions = serializers.ListField(child=serializers.CharField())
    weeks = TrustWeekSerializer(
        many=True, help_text="The last 26 closed weeks with pulse checks, oldest first."
    )
    diverging_weeks = serializers.ListField(child=serializers.CharField())


class OutcomeTableSerializer(serializers.Serializer):
    columns = serializers.ListField(child=serializers.CharField(), help_text="The columns' headings.")
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text="One list per row, a value per column: a number, a text, or null. A figure "
        "suppressed below min_group_size is the worded reason it is hidden, never a number.",
    )


class OutcomeSectionSerializer(serializers.Serializer):
    key = serializers.ChoiceField(
        choices=["organizational_outcome", "two_way_learning", "role_reversal", "cadence", "trust_over_time"]
    )
    title = serializers.CharField()
    factor = serializers.CharField(help_text="The factor from the research the section measures.")
    how_to_read = serializers.CharField()
    notes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Sentences the page shows beside the table (the stated outcome, the overall figures, "
        "why a comparison cannot be shown, the caution that an association is not a proof).",
    )
    table = OutcomeTableSerializer()


class OutcomeReportSerializer(serializers.Serializer):
    program = serializers.UUIDField(source="program_uuid")
    generated_on = serializers.DateField()
    min_group_size = serializers.IntegerField()
    stated_outcome = serializers.CharField(
        help_text="The program's organizational outcome, as course staff stated it."
    )
    suppressed = serializers.CharField(help_text="What is suppressed and why, in words.")
    sections = OutcomeSectionSerializer(
        many=True,
        help_text="The sponsor's outcome page in its order: organizational_outcome, two_way_learning, "
        "role_reversal, cadence, trust_over_time. Texts are in the caller's language.",
    )


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
    organizational_outcome = OrganizationalOutcomeSerializer(
        help_text="The program's stated outcome and, per measure course staff defined, the milestones "
        "recorded (day, value, note) next to the program's activity on that day."
    )
    self_description = serializers.DictField(
        help_text="The latest published breakdown: period, respondents_at_least and, per question, "
        "groups of at least min_group_size people and how many groups were suppressed. A new "
        "breakdown is published only once min_group_size more people have answered. Empty unless "
        "the program enables its diversity criterion and a breakdown has been published."
    )
    role_reversal = RoleReversalSerializer(
        help_text="Sessions led by the mentor, time from proposal to agreement, and mentees' comfort "
        "in the learner role. Pulse figures are frozen per closed ISO week and suppressed below "
        "min_group_size."
    )
    trust_over_time = TrustOverTimeSerializer(
        help_text="Trust and comfort per direction, per closed ISO week, each cell suppressed below "
        "min_group_size; and the weeks where the directions diverge."
    )
    two_way_learning = serializers.DictField(
        help_text="Confidence before and after (issue 16): `mentees` per skill, `mentors` per "
        "leadership item, each {key, label, period, participants_at_least, mean_before, mean_after, "
        "mean_change, reason}, frozen per closed month, null with a reason below min_group_size or "
        "until min_group_size more people rated; `cadence`: the mentees' mean change in pairs that "
        "met at the cadence and outside it, with the rule, a reason when a group is too small, and "
        "the caution that it is an association."
    )


# ---------------------------------------------------------------------------------------------
# Input: built from the services' specs (``services.inputs``), validated by them.


class SpecSerializer(serializers.Serializer):
    # An input serializer whose validation is ``spec.clean`` (``partial`` for a PATCH). No
    # docstring: drf-spectacular would describe every request body with it.

    spec: services.InputSpec
    partial_change = False

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        try:
            return self.spec.clean(data, partial=self.partial_change)
        except services.InvalidInput as exc:
            raise serializers.ValidationError(exc.as_dict()) from None


def schema_field(field: services.InputField, *, partial: bool = False) -> serializers.Field:
    """The DRF field that describes ``field`` in the OpenAPI schema (it validates nothing)."""
    options: dict[str, Any] = {"required": field.required and not partial}
    if field.help:
        options["help_text"] = field.help
    if field.has_default() and not options["required"]:
        options["default"] = field.default
    if field.null:
        options["allow_null"] = True
    kind = field.kind
    if kind == "text":
        return serializers.CharField(
            max_length=field.max_length or services.max_text(), allow_blank=field.blank, **options
        )
    if kind == "integer":
        return serializers.IntegerField(min_value=field.low, max_value=field.high, **options)
    if kind == "decimal":
        return serializers.FloatField(min_value=field.low, max_value=field.high, **options)
    if kind == "boolean":
        return serializers.BooleanField(**options)
    if kind == "choice":
        return serializers.ChoiceField(choices=field.choices, **options)
    if kind == "date":
        return serializers.DateField(**options)
    if kind == "slug":
        return serializers.SlugField(max_length=field.max_length, allow_blank=True, **options)
    if kind == "tags":
        child = serializers.CharField(max_length=field.max_length)
        return serializers.ListField(child=child, max_length=field.max_items, **options)
    if kind == "ids":
        child = serializers.IntegerField(min_value=1, max_value=services.MAX_ID)
        return serializers.ListField(child=child, max_length=field.max_items, **options)
    if kind == "weights":
        return serializers.DictField(child=serializers.FloatField(min_value=0), **options)
    if kind == "text_map":
        return serializers.DictField(child=serializers.CharField(max_length=field.max_length), **options)
    if kind == "leadership_items":
        item = serializers.DictField(child=serializers.CharField(max_length=field.max_length))
        return serializers.ListField(child=item, min_length=1, max_length=field.max_items, **options)
    if kind == "ratings":
        rating = serializers.IntegerField(min_value=field.low, max_value=field.high)
        return serializers.DictField(child=rating, **options)
    if kind == "username_pairs":
        pair = serializers.ListField(
            child=serializers.CharField(max_length=field.max_length), min_length=2, max_length=2
        )
        return serializers.ListField(child=pair, max_length=field.max_items, **options)
    raise ValueError(f"no schema for a {kind!r} field")  # pragma: no cover - a new kind of field


def input_serializer(
    name: str, spec: services.InputSpec, *, partial: bool = False, doc: str = ""
) -> type[SpecSerializer]:
    """A ``SpecSerializer`` named ``name`` (the schema's component name) for ``spec``."""
    fields = {field_name: schema_field(field, partial=partial) for field_name, field in spec.fields.items()}
    attrs = {"spec": spec, "partial_change": partial, "__doc__": doc or None, "__module__": __name__}
    return type(name, (SpecSerializer,), {**fields, **attrs})


ProgramCreateSerializer = input_serializer("ProgramCreateSerializer", services.PROGRAM_IN_COURSE_INPUT)
ProgramUpdateSerializer = input_serializer(
    "ProgramUpdateSerializer",
    services.PROGRAM_INPUT,
    partial=True,
    doc="A PATCH: every field optional; the course cannot change.",
)
ProfileSerializer = input_serializer("ProfileSerializer", services.PROFILE_INPUT, partial=True)
JoinSerializer = input_serializer(
    "JoinSerializer",
    services.JOIN_INPUT,
    doc="Join the program (no ``username``), or, for staff, add ``username`` to it.",
)
WithdrawSerializer = input_serializer("WithdrawSerializer", services.WITHDRAWAL_INPUT)
SkillCreateSerializer = input_serializer("SkillCreateSerializer", services.SKILL_INPUT)
PairCreateSerializer = input_serializer("PairCreateSerializer", services.PAIR_INPUT)
DeclineSerializer = input_serializer("DeclineSerializer", services.DECLINE_INPUT)
CloseSerializer = input_serializer("CloseSerializer", services.CLOSE_INPUT)
GoalCreateSerializer = input_serializer("GoalCreateSerializer", services.GOAL_INPUT)
GoalUpdateSerializer = input_serializer("GoalUpdateSerializer", services.GOAL_INPUT, partial=True)
SessionCreateSerializer = input_serializer("SessionCreateSerializer", services.SESSION_INPUT)
PlannedSessionCreateSerializer = input_serializer("PlannedSessionCreateSerializer", services.PLAN_INPUT)
PlannedSessionRescheduleSerializer = input_serializer(
    "PlannedSessionRescheduleSerializer",
    services.RESCHEDULE_INPUT,
    doc="Another time; the duration, mode and place stay as they were unless given.",
)
ReflectionCreateSerializer = input_serializer("ReflectionCreateSerializer", services.REFLECTION_INPUT)
PulseCreateSerializer = input_serializer("PulseCreateSerializer", services.PULSE_INPUT)
MatchingRunCreateSerializer = input_serializer("MatchingRunCreateSerializer", services.MATCHING_RUN_INPUT)
ImportSerializer = input_serializer("ImportSerializer", services.PARTICIPANT_IMPORT_INPUT)
EndRatingsSerializer = input_serializer(
    "EndRatingsSerializer",
    services.END_RATINGS_INPUT,
    doc="The caller's confidence at the end, once: every item they rated on joining.",
)
OutcomeRecordCreateSerializer = input_serializer(
    "OutcomeRecordCreateSerializer", services.OUTCOME_RECORD_INPUT
)
OutcomeRecordUpdateSerializer = input_serializer(
    "OutcomeRecordUpdateSerializer",
    services.OUTCOME_RECORD_INPUT,
    partial=True,
    doc="A PATCH: every field optional.",
)


class RatedItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=vocab.RatingKind.values())
    key = serializers.CharField(
        help_text="The skill's slug (mentees) or the leadership item's key (mentors)."
    )
    label = serializers.CharField()
    start = serializers.IntegerField(allow_null=True, help_text="Confidence on joining, 1 to 5.")
    end = serializers.IntegerField(allow_null=True, help_text="Confidence at the end, 1 to 5.")


class ConfidenceSerializer(serializers.Serializer):
    """The caller's own confidence ratings in a program: theirs alone (staff see groups)."""

    program_id = serializers.UUIDField(source="program_uuid")
    role = serializers.ChoiceField(choices=vocab.Role.values())
    end_due = serializers.BooleanField(
        help_text="True when they are asked to rate again: a pair of theirs completed, and they "
        "rated on joining but not yet at the end."
    )
    items = RatedItemSerializer(many=True)
