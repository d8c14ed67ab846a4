"""The domain's words, and the frozen data classes that cross layers.

One vocabulary: every status, role, visibility, session mode, goal status and pulse dimension is
an enum here, with the label people read, and every limit and range the models, the input specs,
the serializers, the blocks and the staff page share is a constant here. Pure Python (no Django):
``matching`` and every layer may read it. Labels are marked with :func:`gettext_noop` so that
``makemessages`` finds them; the edges translate them when they show them.

Services return the data classes, never model instances, so that REST views, XBlocks, the staff
page and tasks cannot change data behind the services' back. Each class says which fields are PII.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from opaque_keys.edx.keys import CourseKey, UsageKey


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation without translating it (and without importing Django)."""
    return message


class Word(enum.StrEnum):
    """A word of the domain: its value is what is stored and sent, its ``label`` what people read."""

    @property
    def label(self) -> str:
        return LABELS[type(self)][self]

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """Every word's value, in order, as plain strings."""
        return tuple(word.value for word in cls)


def choices(words: Iterable[Word]) -> list[tuple[str, str]]:
    """``(value, label)`` pairs, in the enum's order: a model field's or a form's choices."""
    return [(word.value, word.label) for word in words]


class Role(Word):
    MENTOR = "mentor"
    MENTEE = "mentee"

    @property
    def other(self) -> Role:
        return Role.MENTEE if self is Role.MENTOR else Role.MENTOR


class ProgramStatus(Word):
    DRAFT = "draft"
    ENROLLING = "enrolling"
    ACTIVE = "active"
    CLOSED = "closed"


class ParticipantStatus(Word):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class PairStatus(Word):
    PROPOSED = "proposed"
    ACTIVE = "active"
    COMPLETED = "completed"
    CLOSED = "closed"
    DECLINED = "declined"


class PairSource(Word):
    MATCHING = "matching"
    STAFF = "staff"
    REQUEST = "request"


class GoalStatus(Word):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class SessionMode(Word):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    CHAT = "chat"
    OTHER = "other"


class Visibility(Word):
    PRIVATE = "private"
    PAIR = "pair"
    STAFF = "staff"


class HealthStatus(Word):
    ON_TRACK = "on_track"
    NEEDS_ATTENTION = "needs_attention"
    AT_RISK = "at_risk"

    @property
    def rank(self) -> int:
        return list(HealthStatus).index(self)


class PulseDimension(Word):
    """What a pulse check rates, each from ``PULSE_RATING.low`` to ``PULSE_RATING.high``."""

    TRUST = "trust"
    COMFORT = "comfort"
    CAREER_SUPPORT = "career_support"
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"
    ROLE_MODELING = "role_modeling"


#: The one optional pulse item, answered by mentees (the senior side) only: their comfort in the
#: learner role, 1 to 5 (Marcinkus Murphy 2012: difficulty with role reversal). Not a
#: ``PulseDimension``: it is never required, never part of health, and mentors may not send it.
LEARNER_COMFORT = "learner_comfort"


class RatingKind(Word):
    """What a confidence rating is about: a skill a mentee seeks (its slug), or one of the
    program's leadership items a mentor rates (its key). Marcinkus Murphy 2012: two-way learning."""

    SKILL = "skill"
    LEADERSHIP = "leadership"


class RatingPhase(Word):
    """When a participant rated: on joining, or once their pair completed or the program closed."""

    START = "start"
    END = "end"


class MatchingRunStatus(Word):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    PUBLISHED = "published"


class ImportStatus(Word):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    REJECTED = "rejected"
    FAILED = "failed"


#: The one mapping of every word to its label, per enum (one enum's words may be spelt as another's:
#: ``PairStatus.ACTIVE == ProgramStatus.ACTIVE``). The models' choices show these labels, and a
#: migration pins them.
LABELS: dict[type[Word], dict[Word, str]] = {
    Role: {
        Role.MENTOR: gettext_noop("Mentor"),
        Role.MENTEE: gettext_noop("Mentee"),
    },
    ProgramStatus: {
        ProgramStatus.DRAFT: gettext_noop("Draft"),
        ProgramStatus.ENROLLING: gettext_noop("Enrolling"),
        ProgramStatus.ACTIVE: gettext_noop("Active"),
        ProgramStatus.CLOSED: gettext_noop("Closed"),
    },
    ParticipantStatus: {
        ParticipantStatus.ACTIVE: gettext_noop("Active"),
        ParticipantStatus.WITHDRAWN: gettext_noop("Withdrawn"),
    },
    PairStatus: {
        PairStatus.PROPOSED: gettext_noop("Proposed"),
        PairStatus.ACTIVE: gettext_noop("Active"),
        PairStatus.COMPLETED: gettext_noop("Completed"),
        PairStatus.CLOSED: gettext_noop("Closed"),
        PairStatus.DECLINED: gettext_noop("Declined"),
    },
    PairSource: {
        PairSource.MATCHING: gettext_noop("Matching"),
        PairSource.STAFF: gettext_noop("Staff"),
        PairSource.REQUEST: gettext_noop("Request"),
    },
    GoalStatus: {
        GoalStatus.OPEN: gettext_noop("Open"),
        GoalStatus.IN_PROGRESS: gettext_noop("In progress"),
        GoalStatus.ACHIEVED: gettext_noop("Achieved"),
        GoalStatus.DROPPED: gettext_noop("Dropped"),
    },
    SessionMode: {
        SessionMode.IN_PERSON: gettext_noop("In person"),
        SessionMode.VIDEO: gettext_noop("Video call"),
        SessionMode.PHONE: gettext_noop("Phone"),
        SessionMode.CHAT: gettext_noop("Chat"),
        SessionMode.OTHER: gettext_noop("Other"),
    },
    Visibility: {
        Visibility.PRIVATE: gettext_noop("Only me"),
        Visibility.PAIR: gettext_noop("My partner and me"),
        Visibility.STAFF: gettext_noop("My partner, me and course staff"),
    },
    HealthStatus: {
        HealthStatus.ON_TRACK: gettext_noop("On track"),
        HealthStatus.NEEDS_ATTENTION: gettext_noop("Needs attention"),
        HealthStatus.AT_RISK: gettext_noop("At risk"),
    },
    PulseDimension: {
        PulseDimension.TRUST: gettext_noop("Trust"),
        PulseDimension.COMFORT: gettext_noop("Comfort"),
        PulseDimension.CAREER_SUPPORT: gettext_noop("Career support"),
        PulseDimension.PSYCHOSOCIAL_SUPPORT: gettext_noop("Psychosocial support"),
        PulseDimension.ROLE_MODELING: gettext_noop("Role modelling"),
    },
    RatingKind: {
        RatingKind.SKILL: gettext_noop("Skill"),
        RatingKind.LEADERSHIP: gettext_noop("Leadership and visibility"),
    },
    RatingPhase: {
        RatingPhase.START: gettext_noop("On joining"),
        RatingPhase.END: gettext_noop("At the end"),
    },
    MatchingRunStatus: {
        MatchingRunStatus.PENDING: gettext_noop("Pending"),
        MatchingRunStatus.RUNNING: gettext_noop("Running"),
        MatchingRunStatus.DONE: gettext_noop("Done"),
        MatchingRunStatus.FAILED: gettext_noop("Failed"),
        MatchingRunStatus.PUBLISHED: gettext_noop("Published"),
    },
    ImportStatus: {
        ImportStatus.PENDING: gettext_noop("Pending"),
        ImportStatus.RUNNING: gettext_noop("Running"),
        ImportStatus.DONE: gettext_noop("Done"),
        ImportStatus.REJECTED: gettext_noop("Rejected"),
        ImportStatus.FAILED: gettext_noop("Failed"),
    },
}


class Range(NamedTuple):
    """Inclusive bounds of a whole number."""

    low: int
    high: int


# Derived sets of words. Tuples, in the enum's order: the models' constraints (and so the
# migrations) hold these very values.

#: A pair still running: it holds a mentor's seat and the mentee's one open pair.
OPEN_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE)
#: A pair that ran and ended: matching never proposes the same two again unless staff pin them.
ENDED_PAIR_STATUSES = (PairStatus.COMPLETED, PairStatus.CLOSED)
#: A pair that ran (or runs): its members still log sessions, reflect and answer pulse checks.
PAIR_STATUSES_WITH_ACTIVITY = (PairStatus.ACTIVE, PairStatus.COMPLETED)
#: Programs enrolled learners see (staff see every program of their course).
LEARNER_VISIBLE_PROGRAM_STATUSES = (ProgramStatus.ENROLLING, ProgramStatus.ACTIVE)
#: Programs learners join by themselves (staff may also prepare a draft).
JOINABLE_PROGRAM_STATUSES = (ProgramStatus.ENROLLING, ProgramStatus.ACTIVE)

# Limits and ranges.

#: Key, in a program's ``matching_weights``, of the least score (as shown, without diversity)
#: matching proposes a pair at; 0, the default, proposes any pair the hard rules allow.
MINIMUM_SCORE_KEY = "minimum_score"

#: The most open pairs a mentor may hold (their seats), and the most a program offers by default.
MAX_CAPACITY = 10
#: A mentor's capacity (0: takes no new pair) and a program's default capacity.
CAPACITY = Range(0, MAX_CAPACITY)
DEFAULT_CAPACITY = Range(1, MAX_CAPACITY)
#: A participant's seniority in years, as staff and imports record it (optional).
SENIORITY = Range(0, 20)
#: How often, in days, a program expects its pairs to meet.
CADENCE_DAYS = Range(1, 365)
#: How long a logged session lasts, in minutes (at most one day).
SESSION_MINUTES = Range(1, 1440)
#: A goal's progress, in percent.
PROGRESS = Range(0, 100)
#: One pulse rating.
PULSE_RATING = Range(1, 5)
#: One confidence rating (1: not at all confident, 5: fully confident).
CONFIDENCE_RATING = Range(1, 5)
#: A program's leadership and visibility items: how many, a label's and a key's length.
LEADERSHIP_ITEMS = Range(1, 8)
LEADERSHIP_LABEL_LENGTH = 120
LEADERSHIP_KEY_LENGTH = 50
#: The items a new program starts with (course staff change them).
DEFAULT_LEADERSHIP_LABELS = (
    gettext_noop("Leading a working relationship with a senior colleague"),
    gettext_noop("Senior colleagues know my work"),
)

#: Titles: a program's name, a goal's title.
TITLE_LENGTH = 200
#: Labels a program gives its roles (``mentor_label``, ``mentee_label``).
ROLE_LABEL_LENGTH = 60
#: A catalog skill's slug (also a skill named in a profile, goal or session) and its name.
SKILL_SLUG_LENGTH = 80
SKILL_NAME_LENGTH = 120
#: A participant's department.
DEPARTMENT_LENGTH = 120
#: A username (Django's own limit).
USERNAME_LENGTH = 150
#: Why a participant withdrew, or a pair was declined or closed.
REASON_LENGTH = 500
#: A reflection's prompt (the block's setting and what is stored with the reflection).
PROMPT_LENGTH = 1000
#: The longest text a list is searched for (REST ``?search=``).
SEARCH_LENGTH = 150
#: A measure of the organizational outcome, as course staff name it.
MEASURE_LENGTH = 200
#: An outcome record's value: at most this far from zero, kept to ``OUTCOME_DECIMALS`` places.
OUTCOME_VALUE_LIMIT = 10**12
OUTCOME_DECIMALS = 4

# How the long lists sort (REST ``?ordering=``; a leading ``-`` reverses the order).

#: The participant list's sort keys; ``created`` is the order they joined in.
PARTICIPANT_ORDERINGS = ("username", "role", "status", "department", "created")
#: The pair list's sort keys; ``health`` puts the worst first (pairs without health, the ended
#: ones, last) and ``created`` the oldest first.
PAIR_ORDERINGS = ("mentor", "mentee", "status", "health", "created")


class ViewerState(enum.StrEnum):
    """The situation a viewer is in before a block (the ``data-state`` of its rendered root).

    Resolved by ``services.viewer_situation``; a block shows its work in its main states and a
    message in the others.
    """

    ANONYMOUS = "anonymous"
    VIEWED_AS = "viewed_as_learner"  # course staff "View as specific learner" (masquerade)
    OUTSIDE_COURSE = "outside_course"
    NO_PROGRAM = "no_program"
    PROGRAM_NOT_FOUND = "program_not_found"
    AMBIGUOUS = "ambiguous_program"
    NOT_OPEN = "not_open"
    PROGRAM_CLOSED = "program_closed"
    NOT_ENROLLED = "not_enrolled"
    STAFF = "staff_summary"
    NOT_JOINED = "not_joined"
    JOIN = "join"
    WITHDRAWN = "withdrawn"
    NO_PARTNER = "no_partner"
    PENDING = "pair_pending"
    CLOSED = "pair_closed"
    ACTIVE = "active"


class Account(Protocol):
    """The little of a user account that crosses layers (a Django user satisfies it). PII."""

    @property
    def pk(self) -> int: ...

    @property
    def username(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ProgramData:
    """A program. No PII.

    Attributes:
        uuid: external id.
        course_key: the course that runs it.
        expectations_version: goes up each time ``expectations`` changes.
        previous_expectations, expectations_changed_at: the text the last change replaced, and
            when ("" and None before any change).
        matching_weights: the program's weights for each matching criterion.
        pairing_unit: the unit holding the course's pairing block, once a participant saw it
            there (``services.note_pairing_unit``); None until then.
    """

    id: int
    uuid: UUID
    course_key: CourseKey
    name: str
    description: str
    organizational_outcome: str
    expectations: str
    expectations_version: int
    cadence_days: int
    status: ProgramStatus
    mentor_label: str
    mentee_label: str
    default_capacity: int
    start_date: dt.date | None
    end_date: dt.date | None
    matching_weights: dict
    diversity_enabled: bool
    skills: tuple[SkillData, ...] = ()
    previous_expectations: str = ""
    expectations_changed_at: dt.datetime | None = None
    pairing_unit: UsageKey | None = None
    #: ``[{"key", "label"}]``: what the program's mentors rate their confidence in (issue 16).
    leadership_items: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SkillData:
    """A catalog skill. No PII."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ParticipantData:
    """A participant and their profile.

    Attributes:
        user_id, username: PII (identity).
        department, manager, learning_preferences, motivations, self_description: PII (profile).
    """

    id: int
    program_uuid: UUID
    course_key: CourseKey
    user_id: int
    username: str
    role: Role
    status: ParticipantStatus
    skills_offered: tuple[str, ...]
    skills_sought: tuple[str, ...]
    interests: tuple[str, ...]
    languages: tuple[str, ...]
    timezone: str
    capacity: int
    seniority: int | None
    department: str
    manager: str | None
    learning_preferences: str
    motivations: str
    self_description: dict
    reminders_opt_out: bool
    created: dt.datetime


@dataclass(frozen=True, slots=True)
class PersonRef:
    """One side of a pair as others may see it. PII: ``user_id``, ``username``."""

    participant_id: int
    user_id: int
    username: str
    role: Role


@dataclass(frozen=True, slots=True)
class PartnerContact:
    """How to reach one's partner in an active pair, as the platform knows them. PII, all of it:
    read from the host account on each request, never stored by revmentor (ADR 0014).

    Attributes:
        name: the platform's profile name, or the username when the profile has none.
        email: the account's email address ("" when the account has none).
    """

    username: str
    role: Role
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Health:
    """Derived pair health, with the reasons in words. No PII; never shows raw pulse answers.

    Attributes:
        next_planned: the day of the pair's next confirmed planned session (the date only, never
            its place or link), or None.
    """

    status: HealthStatus
    reasons: tuple[str, ...]
    next_planned: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PairData:
    """A pair. PII: the two ``PersonRef``s and ``closed_reason``.

    Attributes:
        explanation: the reasons in staff wording, in the language active when it was read;
            ``services.explanation_for`` words them for the pair's mentor or mentee.
        accepted_by: roles that accepted the program's current expectations.
        health: None once the pair is no longer open.
    """

    id: int
    uuid: UUID
    program_uuid: UUID
    course_key: CourseKey
    mentor: PersonRef
    mentee: PersonRef
    status: PairStatus
    source: PairSource
    score: float | None
    explanation: tuple[str, ...]
    accepted_by: tuple[Role, ...]
    health: Health | None
    created: dt.datetime
    activated_at: dt.datetime | None
    closed_at: dt.datetime | None
    closed_reason: str
    reasons: tuple[dict[str, Any], ...] = ()
    """Why matching paired them: ``{"code", "params"}`` items (``services.explanations``)."""
    skill_names: Mapping[str, str] = field(default_factory=dict)
    """The catalog names of the skills ``reasons`` mention, by slug (to render them)."""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PAIR_STATUSES

    def side_of(self, user_id: int | None) -> Role | None:
        """The role ``user_id`` plays in this pair, or None for anyone else."""
        if user_id is None:
            return None
        if self.mentor.user_id == user_id:
            return Role.MENTOR
        if self.mentee.user_id == user_id:
            return Role.MENTEE
        return None

    def person(self, role: Role) -> PersonRef:
        return self.mentor if role is Role.MENTOR else self.mentee


@dataclass(frozen=True, slots=True)
class CourseUnit:
    """A unit (vertical) of a course, as the host lists it, with the LMS's path to it."""

    usage_key: UsageKey
    display_name: str
    url: str


@dataclass(frozen=True, slots=True)
class GoalData:
    """A goal. PII: ``title``, ``details`` (free text)."""

    id: int
    pair_uuid: UUID
    owner: Role
    title: str
    details: str
    skill: str | None
    usage_key: UsageKey | None
    target_date: dt.date | None
    status: GoalStatus
    progress: int
    created: dt.datetime
    modified: dt.datetime


@dataclass(frozen=True, slots=True)
class OutcomeRecordData:
    """A milestone of the program's organizational outcome, recorded by course staff.

    Attributes:
        id: the record's id, local to its program.
        program_uuid: the program.
        measure: what was measured, in staff's words ("Senior leaders using the dashboard weekly").
        value: the measured value.
        note: staff's optional note about it.
        recorded_on: the day the value was measured (the milestone).
        recorded_by: who recorded it (a username), or None once that account is gone.
        created, modified: when it was recorded and last changed.
    """

    id: int
    program_uuid: UUID
    measure: str
    value: Decimal
    note: str
    recorded_on: dt.date
    recorded_by: str | None
    created: dt.datetime
    modified: dt.datetime


@dataclass(frozen=True, slots=True)
class SessionData:
    """A logged session. PII: ``notes`` (pair-only free text) and ``logged_by``."""

    id: int
    pair_uuid: UUID
    occurred_on: dt.date
    duration_minutes: int
    mode: SessionMode
    led_by: Role
    skills: tuple[str, ...]
    goals: tuple[int, ...]
    notes: str
    logged_by: Role
    logged_by_username: str
    confirmed: bool
    confirmed_at: dt.datetime | None
    created: dt.datetime


@dataclass(frozen=True, slots=True)
class ReflectionData:
    """A reflection. PII: ``body`` and the author."""

    id: int
    pair_uuid: UUID
    author_user_id: int
    author: str
    author_role: Role
    prompt: str
    body: str
    visibility: Visibility
    session: int | None
    created: dt.datetime


@dataclass(frozen=True, slots=True)
class PulseData:
    """One pulse check. PII: the raw ratings belong to their author only."""

    id: int
    pair_uuid: UUID
    author_user_id: int
    author_role: Role
    trust: int
    comfort: int
    career_support: int
    psychosocial_support: int
    role_modeling: int
    created: dt.datetime
    learner_comfort: int | None = None


@dataclass(frozen=True, slots=True)
class PairPreviewData:
    """A pair as matching would judge it, before anyone makes it. PII: the two usernames.

    Attributes:
        score: the score matching gives the pair (without the private diversity criterion), or
            None when one of the two no longer takes part.
        allowed: whether matching's rules allow the pair now; ``reason`` says why not.
    """

    mentor: str
    mentee: str
    score: float | None
    explanation: tuple[str, ...]
    allowed: bool
    reason: str
    #: The explanation as matching's reasons (``{"code", "params"}``), as pairs carry them.
    reasons: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class MatchingRunData:
    """A matching run. PII: the usernames inside ``proposals`` and ``unmatched``.

    Attributes:
        proposals: dicts with ``mentor``, ``mentee`` (usernames), ``score``, ``reasons`` (stored
            ``{"code", "params"}`` items) and ``explanation`` (them in staff wording, rendered
            when read, in the active language).
        unmatched: dicts with ``username``, ``role``, ``reasons`` and ``reason`` (them in words).
        stats: ``total_score``, ``mean_score``, ``min_score``, ``matched``, ``greedy_total``...
        publish_report: ``created`` (pair uuids) and ``skipped`` (each with a reason).
    """

    id: int
    program_uuid: UUID
    course_key: CourseKey
    status: MatchingRunStatus
    progress: int
    pinned: tuple[tuple[str, str], ...]
    forbidden: tuple[tuple[str, str], ...]
    proposals: tuple[dict, ...]
    unmatched: tuple[dict, ...]
    stats: dict
    error: str
    publish_report: dict
    created: dt.datetime
    finished_at: dt.datetime | None
    published_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ParticipantImportData:
    """A CSV import of participants. PII: the usernames in ``results`` and ``problems``.

    A file small enough to import in the request has no ``id`` (nothing is recorded); a larger
    one is recorded and run by a Celery task, and reports ``progress`` (0-100) until it ends.

    Attributes:
        status: ``pending`` or ``running`` (queued files), ``done`` (every row written),
            ``rejected`` (some rows have problems: nothing written) or ``failed`` (nothing
            written; ``detail`` says why).
        results: for a done import, one ``{"row", "username", "status"}`` per row, the status
            ``added`` or ``updated``.
        problems: for a rejected import, every problem of every row:
            ``{"row", "username", "errors": {column: [messages]}}``.
    """

    id: int | None
    program_uuid: UUID
    course_key: CourseKey
    status: ImportStatus
    progress: int
    row_count: int
    results: tuple[dict, ...]
    problems: tuple[dict, ...]
    detail: str
    created: dt.datetime | None
    finished_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Situation:
    """Everything a block needs to know about its viewer, resolved once per request by
    ``services.viewer_situation``. PII: ``user``, and the people in ``participant`` and the pairs.

    Attributes:
        is_staff: for the states without a program, whether the viewer manages the course (they
            are told how to fix it; learners are told to wait).
        open_pairs: for ``ACTIVE`` and ``PENDING``, every open pair of the viewer, newest first;
            ``pair`` is the one shown.
        memo: lists the edge reads more than once while answering this one request (the service
            leaves it empty).
    """

    state: ViewerState
    user: Account | None = None
    course_key: CourseKey | None = None
    program: ProgramData | None = None
    participant: ParticipantData | None = None
    pair: PairData | None = None
    role: Role | None = None
    is_staff: bool = False
    open_pairs: tuple[PairData, ...] = ()
    memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def partner(self) -> PersonRef | None:
        if self.pair is None or self.role is None:
            return None
        return self.pair.person(self.role.other)

    def label(self, role: Role | str | None) -> str:
        """The program's display label for a role ("Advisor", "Learner" by default)."""
        if self.program is None or role is None:
            return ""
        return self.program.mentor_label if Role(role) is Role.MENTOR else self.program.mentee_label


# ---- Planned sessions (issue 13) ------------------------------------------------------------


class PlanStatus(Word):
    """Where a planned session stands: proposed by one partner, then confirmed by the other, or
    declined by them, or cancelled by either."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


LABELS[PlanStatus] = {
    PlanStatus.PROPOSED: gettext_noop("Proposed"),
    PlanStatus.CONFIRMED: gettext_noop("Confirmed"),
    PlanStatus.DECLINED: gettext_noop("Declined"),
    PlanStatus.CANCELLED: gettext_noop("Cancelled"),
}


@dataclass(frozen=True)
class PlannedSessionData:
    """A session a pair plans. PII: the location (a place or a video link) is the pair's own.

    Attributes:
        id: local to the pair, like a logged session's.
        uid: the iCalendar UID, stable for the plan's whole life (invitations, updates, cancel).
        sequence: the iCalendar SEQUENCE: 0 when proposed, one more at each reschedule and at
            the cancellation.
        starts_at: an aware datetime in UTC.
        timezone: the IANA zone of the partner who proposed it, in which it was entered.
        location: a place or a video link, or "".
    """

    id: int
    pair_uuid: UUID
    uid: str
    sequence: int
    status: PlanStatus
    starts_at: dt.datetime
    timezone: str
    duration_minutes: int
    mode: SessionMode
    location: str
    proposed_by: Role
    confirmed_at: dt.datetime | None
    created: dt.datetime
    modified: dt.datetime


@dataclass(frozen=True, slots=True)
class RatedItemData:
    """One item a participant rates their confidence in, with their own ratings (None: not yet).
    A participant's own answers: shown to them alone."""

    kind: RatingKind
    key: str
    label: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class ConfidenceData:
    """A participant's confidence ratings in a program (issue 16: two-way learning, measured).

    Attributes:
        items: what they rate: a mentee each skill they seek, a mentor the program's leadership
            items, with their start and end ratings.
        end_due: True when they are asked to rate again: they rated on joining, have not rated
            at the end, and a pair of theirs has completed (a pair active when the program closed
            completes with it).
    """

    program_uuid: UUID
    role: Role
    items: tuple[RatedItemData, ...]
    end_due: bool
