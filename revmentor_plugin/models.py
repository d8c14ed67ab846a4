"""Persistence for reverse mentoring. Read this first.

The story: course staff run a *Program* in a course, with an organizational outcome and the
expectations both sides must accept. Learners join it as *Participants*, either as mentor (the
junior colleague who teaches, shown as "Advisor" by default) or as mentee (the senior colleague
who learns, "Learner"). A *Pair* joins one mentor and one mentee of the same program. It starts
*proposed* and becomes *active* only once both sides have accepted the current expectations
(*AgreementAcceptance*). An active pair sets *Goals*, logs *SessionLogs*, writes *Reflections*
and answers short *PulseChecks*; pair health is computed from those and kept with the pair
(``Pair.health_*``, ADR 0016) so that lists filter, sort and count it in SQL.

Invariants, held by the database itself on SQLite and MySQL/MariaDB (ADR 0002 says how; MySQL
ignores conditional unique constraints, so none is used):

* a mentee has at most one open (proposed or active) pair: ``Pair.mentee_open`` is ``True``
  while the pair is open and NULL afterwards, and ``(mentee, mentee_open)`` is unique, since
  NULLs never collide in a unique index;
* a mentor never has more open pairs than seats: an open pair holds a seat number
  ``Pair.mentor_seat`` in ``1..MAX_CAPACITY``, unique per mentor, NULL once the pair ends. The
  services hand out only seats ``<= Participant.capacity`` while holding the mentor's row lock;
* a check constraint ties both markers to the status, so an open pair always holds them;
* mentor and mentee are different participants. Same program and the right roles are checked by
  the services under the same row locks (a cross-table rule has no portable constraint).

Only ``revmentor_plugin.services`` writes these models. Each model's docstring ends with its PII
annotation (OEP-30), checked by ``make pii_check``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField

from revmentor_plugin.data import (
    CADENCE_DAYS,
    CONFIDENCE_RATING,
    DEFAULT_CAPACITY,
    DEFAULT_LEADERSHIP_LABELS,
    DEPARTMENT_LENGTH,
    LEADERSHIP_KEY_LENGTH,
    MAX_CAPACITY,
    MEASURE_LENGTH,
    OPEN_PAIR_STATUSES,
    OUTCOME_DECIMALS,
    PROGRESS,
    PULSE_RATING,
    ROLE_LABEL_LENGTH,
    SESSION_MINUTES,
    SKILL_NAME_LENGTH,
    SKILL_SLUG_LENGTH,
    TITLE_LENGTH,
    GoalStatus,
    HealthStatus,
    ImportStatus,
    MatchingRunStatus,
    PairSource,
    PairStatus,
    ParticipantStatus,
    PlanStatus,
    ProgramStatus,
    PulseDimension,
    RatingKind,
    RatingPhase,
    Role,
    SessionMode,
    Visibility,
    choices,
)


def leadership_item_key(label: str) -> str:
    """The key of a leadership item: its label as a slug (``services.inputs`` makes keys unique)."""
    return slugify(label)[:LEADERSHIP_KEY_LENGTH].strip("-") or "item"


def default_leadership_items() -> list[dict[str, str]]:
    """A new program's leadership and visibility items; course staff change them."""
    return [{"key": leadership_item_key(label), "label": label} for label in DEFAULT_LEADERSHIP_LABELS]


class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Program(TimeStamped):
    """A reverse-mentoring program run by the staff of one course.

    ``expectations_version`` goes up whenever the expectations text changes, so an acceptance
    always refers to the text the participant actually read. The text it replaced and when are
    kept (``previous_expectations``, ``expectations_changed_at``) so that participants asked to
    accept again can see what changed.

    .. no_pii: Program settings written by course staff; no learner data.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course_key = CourseKeyField(max_length=255, db_index=True)
    name = models.CharField(max_length=TITLE_LENGTH)
    description = models.TextField(blank=True, default="")
    organizational_outcome = models.TextField()
    expectations = models.TextField(blank=True, default="")
    expectations_version = models.PositiveIntegerField(default=1)
    previous_expectations = models.TextField(blank=True, default="")
    expectations_changed_at = models.DateTimeField(null=True, blank=True)
    cadence_days = models.PositiveSmallIntegerField(default=14)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=choices(ProgramStatus), default=ProgramStatus.DRAFT)
    mentor_label = models.CharField(max_length=ROLE_LABEL_LENGTH, default="Advisor")
    mentee_label = models.CharField(max_length=ROLE_LABEL_LENGTH, default="Learner")
    default_capacity = models.PositiveSmallIntegerField(default=1)
    matching_weights = models.JSONField(default=dict, blank=True)
    diversity_enabled = models.BooleanField(default=False)
    #: The unit (vertical) holding the course's pairing block, noted when a participant sees the
    #: block in the LMS; reminder emails link there (the course otherwise).
    pairing_unit = UsageKeyField(max_length=255, null=True, blank=True)
    #: ``[{"key", "label"}]``: the leadership and visibility items mentors rate their confidence
    #: in, on joining and at the end (``ConfidenceRating``; Marcinkus Murphy 2012).
    leadership_items = models.JSONField(default=default_leadership_items, blank=True)

    class Meta:
        ordering = ("course_key", "name")
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_days__gte=CADENCE_DAYS.low) & Q(cadence_days__lte=CADENCE_DAYS.high),
                name="revmentor_program_cadence",
            ),
            models.CheckConstraint(
                condition=Q(default_capacity__gte=DEFAULT_CAPACITY.low)
                & Q(default_capacity__lte=DEFAULT_CAPACITY.high),
                name="revmentor_program_capacity",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="revmentor_program_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.course_key})"


class Skill(models.Model):
    """One entry of a program's skill catalog; profiles, goals and sessions point at it.

    .. no_pii: Catalog entries written by course staff.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="skills")
    slug = models.SlugField(max_length=SKILL_SLUG_LENGTH)
    name = models.CharField(max_length=SKILL_NAME_LENGTH)

    class Meta:
        ordering = ("program", "name")
        constraints = [models.UniqueConstraint(fields=("program", "slug"), name="revmentor_skill_slug")]

    def __str__(self) -> str:
        return self.name


class Participant(TimeStamped):
    """A user in a program, as mentor or mentee, with the profile that matching reads.

    A user has one role per program. ``self_description`` is optional, private, and read only
    when the program turns its diversity criterion on. ``manager`` gives the reporting line
    that matching never pairs across.

    Who: the user, and the manager when there is one, are learners enrolled in the program's
    course when the services write them, whoever asks (the learner, staff, a CSV import).

    .. pii: Links a user to a program and stores their profile: department, manager, languages,
       timezone, interests, learning preferences, motivations and an optional self-description.
    .. pii_types: id, username, location, biography, other
    .. pii_retirement: local_api
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=choices(Role))
    status = models.CharField(
        max_length=10, choices=choices(ParticipantStatus), default=ParticipantStatus.ACTIVE
    )
    skills_offered = models.ManyToManyField(Skill, blank=True, related_name="+")
    skills_sought = models.ManyToManyField(Skill, blank=True, related_name="+")
    interests = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    capacity = models.PositiveSmallIntegerField(default=1)
    seniority = models.PositiveSmallIntegerField(null=True, blank=True)
    department = models.CharField(max_length=DEPARTMENT_LENGTH, blank=True, default="")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    learning_preferences = models.TextField(blank=True, default="")
    motivations = models.TextField(blank=True, default="")
    self_description = models.JSONField(default=dict, blank=True)
    reminders_opt_out = models.BooleanField(default=False)

    class Meta:
        ordering = ("program", "role", "id")
        constraints = [
            models.UniqueConstraint(fields=("program", "user"), name="revmentor_participant_once"),
            models.CheckConstraint(
                condition=Q(capacity__lte=MAX_CAPACITY), name="revmentor_participant_capacity"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[role.value for role in Role]), name="revmentor_participant_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} as {self.role} in {self.program_id}"


class Pair(TimeStamped):
    """A mentor and a mentee of one program. See the module docstring for its invariants.

    ``score`` and ``explanation`` keep what matching said when it proposed the pair.

    .. pii: Links two users; the explanation quotes both profiles (interests, departments,
       skills) and the closing reason is free text. Retirement blanks both (ADR 0008).
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairs_as_mentor")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairs_as_mentee")
    status = models.CharField(max_length=10, choices=choices(PairStatus), default=PairStatus.PROPOSED)
    source = models.CharField(max_length=10, choices=choices(PairSource), default=PairSource.STAFF)
    score = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=list, blank=True)
    mentee_open = models.BooleanField(null=True, default=True, editable=False)
    mentor_seat = models.PositiveSmallIntegerField(null=True, editable=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True, default="")
    #: The pair's health on ``health_on`` (ADR 0016): "" once the pair has ended. ``services.health``
    #: writes these four in the transaction of every write that changes health, and daily.
    health_status = models.CharField(max_length=15, choices=choices(HealthStatus), blank=True, default="")
    #: ``[{"code": ..., "params": {...}}]``: reason codes, worded when read (dates, not day counts).
    health_reasons = models.JSONField(default=list, blank=True)
    health_next_planned = models.DateField(null=True, blank=True)
    health_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-created",)
        constraints = [
            models.UniqueConstraint(
                fields=("mentee", "mentee_open"), name="revmentor_pair_one_open_per_mentee"
            ),
            models.UniqueConstraint(fields=("mentor", "mentor_seat"), name="revmentor_pair_mentor_seat"),
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="revmentor_pair_two_people"),
            models.CheckConstraint(
                condition=(
                    # SQL CHECK passes on NULL (unknown), hence the explicit isnull=False tests.
                    Q(
                        status__in=OPEN_PAIR_STATUSES,
                        mentee_open=True,
                        mentee_open__isnull=False,
                        mentor_seat__isnull=False,
                        mentor_seat__gte=1,
                        mentor_seat__lte=MAX_CAPACITY,
                    )
                    | (
                        ~Q(status__in=OPEN_PAIR_STATUSES)
                        & Q(mentee_open__isnull=True, mentor_seat__isnull=True)
                    )
                ),
                name="revmentor_pair_open_markers",
            ),
        ]
        indexes = [
            models.Index(fields=("program", "status"), name="revmentor_pair_prog_status"),
            models.Index(fields=("program", "health_status"), name="revmentor_pair_prog_health"),
            # the stale-health check before a program's ?health= page (services.health._stale)
            models.Index(fields=("program", "health_on"), name="revmentor_pair_prog_health_on"),
        ]

    def __str__(self) -> str:
        return f"Pair {self.uuid} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PAIR_STATUSES


class AgreementAcceptance(models.Model):
    """A participant accepted a given version of the program's expectations for a pair.

    .. pii: Records that a user agreed, and when.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="acceptances")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    expectations_version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("pair", "participant", "expectations_version"), name="revmentor_acceptance_once"
            )
        ]

    def __str__(self) -> str:
        return f"Acceptance of v{self.expectations_version} for pair {self.pair_id}"


class Goal(TimeStamped):
    """A goal of one side of a pair, optionally tied to a skill and a course unit.

    .. pii: Free-text title and details written by a participant.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    owner = models.CharField(max_length=8, choices=choices(Role))
    title = models.CharField(max_length=TITLE_LENGTH)
    details = models.TextField(blank=True, default="")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    usage_key = UsageKeyField(max_length=255, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=choices(GoalStatus), default=GoalStatus.OPEN)
    progress = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("pair", "id")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=PROGRESS.high), name="revmentor_goal_progress"),
        ]

    def __str__(self) -> str:
        return self.title


class SessionLog(TimeStamped):
    """A meeting of a pair, logged by one side and confirmed by the other. Notes are pair-only.

    .. pii: Meeting dates and free-text notes of two users.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions")
    occurred_on = models.DateField(db_index=True)
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=10, choices=choices(SessionMode), default=SessionMode.VIDEO)
    led_by = models.CharField(max_length=8, choices=choices(Role))
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    goals = models.ManyToManyField(Goal, blank=True, related_name="sessions")
    notes = models.TextField(blank=True, default="")
    logged_by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-occurred_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=SESSION_MINUTES.low)
                & Q(duration_minutes__lte=SESSION_MINUTES.high),
                name="revmentor_session_duration",
            ),
        ]
        # The reports' per-pair reads (last session, sessions per day and their minutes) come
        # from this index alone, without reading the session rows.
        indexes = [
            models.Index(
                fields=("pair", "occurred_on", "duration_minutes"), name="revmentor_session_pair_day"
            )
        ]

    def __str__(self) -> str:
        return f"Session of pair {self.pair_id} on {self.occurred_on}"


#: The longest place or video link a planned session keeps.
PLAN_LOCATION_LENGTH = 500


class PlannedSession(TimeStamped):
    """A meeting a pair plans: one partner proposes a time, the other confirms, suggests another
    (a reschedule, which makes the suggester the proposer) or declines; either may cancel.

    ``uid`` and ``sequence`` are the plan's iCalendar identity: the UID never changes, the
    SEQUENCE goes up at each reschedule and at the cancellation, so calendars update the one
    event. ``starts_at`` is stored in UTC with the IANA zone it was entered in, so each partner
    sees it in their own zone, right across daylight-saving changes. ``session`` is the logged
    session made from the plan, so a plan is logged once.

    .. pii: The time, the place or video link, and the mode of a meeting of two users.
    .. pii_types: location, other
    .. pii_retirement: local_api
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="planned_sessions")
    uid = models.CharField(max_length=255, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=choices(PlanStatus), default=PlanStatus.PROPOSED)
    starts_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64, default="UTC")
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=10, choices=choices(SessionMode), default=SessionMode.VIDEO)
    location = models.CharField(max_length=PLAN_LOCATION_LENGTH, blank=True, default="")
    proposed_by = models.CharField(max_length=8, choices=choices(Role))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    session = models.OneToOneField(
        SessionLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan"
    )

    class Meta:
        ordering = ("starts_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=SESSION_MINUTES.low)
                & Q(duration_minutes__lte=SESSION_MINUTES.high),
                name="revmentor_plan_duration",
            ),
        ]

    def __str__(self) -> str:
        return f"Planned session {self.pk} of pair {self.pair_id} ({self.status})"


class Reflection(models.Model):
    """What one participant wrote, optionally about a session, seen according to ``visibility``.

    .. pii: Free text written by a user about their mentoring, and the prompt it answered.
    .. pii_types: biography, other
    .. pii_retirement: local_api
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        SessionLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prompt = models.TextField(blank=True, default="")
    body = models.TextField()
    visibility = models.CharField(max_length=8, choices=choices(Visibility), default=Visibility.PRIVATE)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"Reflection {self.pk} ({self.visibility})"


class PulseCheck(models.Model):
    """One participant's 1-5 ratings of trust, comfort and the support they received.

    The raw answers belong to their author; everyone else sees derived health and aggregates.

    .. pii: A user's ratings of their mentoring relationship.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="pulses")
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    trust = models.PositiveSmallIntegerField()
    comfort = models.PositiveSmallIntegerField()
    career_support = models.PositiveSmallIntegerField()
    psychosocial_support = models.PositiveSmallIntegerField()
    role_modeling = models.PositiveSmallIntegerField()
    #: Optional, mentees only: "I am comfortable learning from a more junior colleague".
    learner_comfort = models.PositiveSmallIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created", "-id")
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": PULSE_RATING.low})
                    & Q(**{f"{field}__lte": PULSE_RATING.high}),
                    name=f"revmentor_pulse_{field}",
                )
                for field in PulseDimension
            ),
            models.CheckConstraint(
                condition=Q(learner_comfort__isnull=True)
                | (Q(learner_comfort__gte=PULSE_RATING.low) & Q(learner_comfort__lte=PULSE_RATING.high)),
                name="revmentor_pulse_learner_comfort",
            ),
        ]

    def __str__(self) -> str:
        return f"Pulse check {self.pk}"


class ConfidenceRating(models.Model):
    """A participant's 1-5 confidence in one item, on joining (``start``) or at the end (``end``):
    a mentee rates each skill they seek (``key`` is its slug), a mentor each of the program's
    leadership items (``key`` is the item's key). The report compares the two phases in groups
    of at least the minimum size (two-way learning, Marcinkus Murphy 2012).

    .. pii: A user's ratings of their own confidence.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=choices(RatingKind))
    key = models.CharField(max_length=max(LEADERSHIP_KEY_LENGTH, SKILL_SLUG_LENGTH))
    phase = models.CharField(max_length=5, choices=choices(RatingPhase))
    value = models.PositiveSmallIntegerField()
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("participant", "kind", "key", "phase")
        constraints = [
            models.UniqueConstraint(
                fields=("participant", "kind", "key", "phase"), name="revmentor_confidence_once"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=CONFIDENCE_RATING.low) & Q(value__lte=CONFIDENCE_RATING.high),
                name="revmentor_confidence_value",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in RatingKind]), name="revmentor_confidence_kind"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=[phase.value for phase in RatingPhase]),
                name="revmentor_confidence_phase",
            ),
        ]

    def __str__(self) -> str:
        return f"Confidence rating {self.pk} ({self.phase})"


class MatchingRun(models.Model):
    """One computation of proposed pairs for a program; publishing turns proposals into pairs.

    ``pinned`` and ``forbidden`` are staff's ``[mentor, mentee]`` username pairs for this run.
    ``proposals``, ``unmatched`` and ``stats`` are what the engine returned, with usernames, so
    that staff can review a run long after the cohort has changed. ``publish_report`` says which
    proposals became pairs and why others were skipped.

    .. pii: Usernames of the people pinned, forbidden, proposed, left unmatched or skipped at
       publishing, with the reasons in words; user ids of rejected pins (``stats``); who
       requested the run. Retirement drops every entry naming the user (ADR 0008).
    .. pii_types: id, username
    .. pii_retirement: local_api
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="matching_runs")
    status = models.CharField(
        max_length=10, choices=choices(MatchingRunStatus), default=MatchingRunStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned = models.JSONField(default=list, blank=True)
    forbidden = models.JSONField(default=list, blank=True)
    proposals = models.JSONField(default=list, blank=True)
    unmatched = models.JSONField(default=list, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    publish_report = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"Matching run {self.pk} ({self.status})"


class ParticipantImport(models.Model):
    """A CSV import of participants too large for the request, run by a Celery task.

    ``csv_text`` holds the uploaded file only until the task has finished with it (it is then
    emptied). The report stays: ``results`` (row, username, added or updated) when every row was
    written, or ``problems`` (every problem of every row) when the file was rejected and nothing
    was written. Retirement removes a retired user's rows and name from both.

    .. pii: The uploaded file, with learners' usernames and profile fields, until it is processed;
       then the usernames in the report, with any problems of their rows in words.
    .. pii_types: id, username, other
    .. pii_retirement: local_api
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participant_imports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=choices(ImportStatus), default=ImportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    csv_text = models.TextField(blank=True, default="")
    results = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    detail = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"Participant import {self.pk} ({self.status})"


class OutcomeRecord(TimeStamped):
    """A milestone of the program's organizational outcome: on ``recorded_on``, course staff
    measured ``value`` of a ``measure`` they define ("Senior leaders using the analytics
    dashboard weekly"), with an optional ``note``. The report puts each measure's records in
    date order next to the program's activity (Lee 2015: a clear organizational outcome).

    ``measure`` and ``note`` are staff's words in their role, course content like the program's
    texts; ``recorded_by`` is set to nobody when that account is retired (ADR 0008).

    .. pii: Which member of staff recorded a milestone, and when.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="outcome_records")
    measure = models.CharField(max_length=MEASURE_LENGTH)
    value = models.DecimalField(max_digits=13 + OUTCOME_DECIMALS, decimal_places=OUTCOME_DECIMALS)
    note = models.TextField(blank=True, default="")
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("program", "measure", "recorded_on", "id")
        indexes = [models.Index(fields=("program", "recorded_on"), name="revmentor_outcome_day")]

    def __str__(self) -> str:
        return f"Outcome record {self.pk} ({self.recorded_on})"


class ReminderLog(models.Model):
    """An email reminder sent to a user for a reason on a day; at most one per user, reason, day.

    .. pii: Records that a user was emailed a reminder, and when.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20)
    sent_on = models.DateField()
    pairs = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("user", "program", "reason", "sent_on"), name="revmentor_reminder_daily"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} reminder to {self.user_id} on {self.sent_on}"


class FrozenFigures(models.Model):
    """Report figures drawn from private answers, computed once for a closed month and never again.

    ``kind`` is ``pulse`` (averages of the pulse checks written that month, by the author's role)
    or ``self_description`` (the answer groups as the month ended). ``respondents`` is the exact
    number of people behind the figures; it is stored to decide what may be published and is never
    published itself. Freezing is what stops differencing (ADR 0003): a later answer, join or
    deletion never changes a figure that was already shown.

    .. no_pii: Aggregates over a program's participants; no person's answers, ids or names.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    period = models.DateField(help_text="The first day of the month the figures cover.")
    respondents = models.PositiveIntegerField()
    figures = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("program", "kind", "period")
        constraints = [
            models.UniqueConstraint(fields=("program", "kind", "period"), name="revmentor_frozen_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} figures of {self.period:%Y-%m} for program {self.program_id}"


class HealthSnapshot(models.Model):
    """A program's open pairs by health on one day: a point of the health history (ADR 0017).

    The daily task writes today's row for every program with open pairs (a second run that day
    updates it); a day the history needs and nobody wrote is replayed once and stored. A past
    day's row is never changed again: history shows health as it stood on that day. The count
    columns are the values of ``HealthStatus``; ``total`` is every open pair.

    .. no_pii: Counts of a program's open pairs; no person's ids, names or answers.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    on_track = models.PositiveIntegerField(default=0)
    needs_attention = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("program", "day"), name="revmentor_health_daily")]

    def __str__(self) -> str:
        return f"Health of program {self.program_id} on {self.day}"


class IdempotencyRecord(models.Model):
    """The first answer to a creating request sent with an ``Idempotency-Key`` header (ADR 0010).

    A repeat of the request by the same user, on the same endpoint (``scope``), with the same key,
    within a day, gets this answer again instead of running the service twice. ``status`` is NULL
    while the first request is still running; only successful (2xx) answers are kept.
    ``key_digest`` is the SHA-256 of the key (case-sensitive on every database, fixed length);
    ``fingerprint`` the SHA-256 of the request body; ``response_body`` the answer's JSON text,
    byte for byte. Records older than a day are deleted by the daily task.

    .. pii: The JSON text of an answer sent to the user, which may hold their own free text (goal
       titles, session notes, reflections) and ratings (pulse checks), and usernames.
    .. pii_types: id, username, biography, other
    .. pii_retirement: local_api
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=255)
    key_digest = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, default="")
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("user", "scope", "key_digest"), name="revmentor_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"Idempotency record {self.pk} ({self.status or 'in progress'})"
