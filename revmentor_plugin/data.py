"""Frozen data classes and enums that cross layers.

Services return these, never model instances, so that REST views, XBlocks, the staff page and
tasks cannot change data behind the services' back. Each class says which fields are PII.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from opaque_keys.edx.keys import CourseKey, UsageKey


class Role(enum.StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"

    @property
    def other(self) -> Role:
        return Role.MENTEE if self is Role.MENTOR else Role.MENTOR


class HealthStatus(enum.StrEnum):
    ON_TRACK = "on_track"
    NEEDS_ATTENTION = "needs_attention"
    AT_RISK = "at_risk"

    @property
    def rank(self) -> int:
        return list(HealthStatus).index(self)


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
        matching_weights: the program's weights for each matching criterion.
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
    status: str
    mentor_label: str
    mentee_label: str
    default_capacity: int
    start_date: dt.date | None
    end_date: dt.date | None
    matching_weights: dict
    diversity_enabled: bool
    skills: tuple[SkillData, ...] = ()


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
    status: str
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
class Health:
    """Derived pair health, with the reasons in words. No PII; never shows raw pulse answers."""

    status: HealthStatus
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PairData:
    """A pair. PII: the two ``PersonRef``s and ``closed_reason``.

    Attributes:
        accepted_by: roles that accepted the program's current expectations.
        health: None once the pair is no longer open.
    """

    id: int
    uuid: UUID
    program_uuid: UUID
    course_key: CourseKey
    mentor: PersonRef
    mentee: PersonRef
    status: str
    source: str
    score: float | None
    explanation: tuple[str, ...]
    accepted_by: tuple[Role, ...]
    health: Health | None
    created: dt.datetime
    activated_at: dt.datetime | None
    closed_at: dt.datetime | None
    closed_reason: str

    @property
    def is_open(self) -> bool:
        return self.status in ("proposed", "active")

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
    status: str
    progress: int
    created: dt.datetime
    modified: dt.datetime


@dataclass(frozen=True, slots=True)
class SessionData:
    """A logged session. PII: ``notes`` (pair-only free text) and ``logged_by``."""

    id: int
    pair_uuid: UUID
    occurred_on: dt.date
    duration_minutes: int
    mode: str
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
    visibility: str
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


@dataclass(frozen=True, slots=True)
class MatchingRunData:
    """A matching run. PII: the usernames inside ``proposals`` and ``unmatched``.

    Attributes:
        proposals: dicts with ``mentor``, ``mentee`` (usernames), ``score``, ``explanation``.
        unmatched: dicts with ``username``, ``role`` and ``reason``.
        stats: ``total_score``, ``mean_score``, ``min_score``, ``matched``, ``greedy_total``...
        publish_report: ``created`` (pair uuids) and ``skipped`` (each with a reason).
    """

    id: int
    program_uuid: UUID
    course_key: CourseKey
    status: str
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
    status: str
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
        summary: for ``STAFF``, the program's course-wide summary (``services.program_summary``).
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
    summary: dict[str, int] | None = None
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
