"""Programs and their skill catalogs.

Changing a program locks its row first, then (when it closes) its open pairs in id order, as
``services._locking`` orders every lock.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING
from uuid import UUID

from django.utils import timezone
from django.utils.text import slugify
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import policy
from revmentor_plugin.data import (
    OPEN_PAIR_STATUSES,
    PairStatus,
    ProgramData,
    ProgramStatus,
    SkillData,
    choices,
)
from revmentor_plugin.models import Pair, Program, Skill
from revmentor_plugin.services import _convert as convert
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import inputs
from revmentor_plugin.services._locking import guard_integrity, lock_participants, lock_rows, one_transaction
from revmentor_plugin.services._plan_ending import cancel_plans_of
from revmentor_plugin.services.errors import InvalidInput, InvalidTransition, NotFound
from revmentor_plugin.services.health import ENDED_HEALTH, refresh_health

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PROGRAM_STATUSES = tuple(choices(ProgramStatus))
#: The program fields its pairs' stored health depends on (ADR 0016): changing one recomputes every
#: open pair. The role labels are not among them: stored reasons name roles, worded when read.
HEALTH_INPUTS = {"cadence_days", "expectations"}

# draft -> enrolling -> active -> closed; staff may step back from enrolling to draft.
TRANSITIONS = {
    ProgramStatus.DRAFT: {ProgramStatus.ENROLLING, ProgramStatus.ACTIVE, ProgramStatus.CLOSED},
    ProgramStatus.ENROLLING: {ProgramStatus.DRAFT, ProgramStatus.ACTIVE, ProgramStatus.CLOSED},
    ProgramStatus.ACTIVE: {ProgramStatus.CLOSED},
    ProgramStatus.CLOSED: set(),
}


@one_transaction
def create_program(*, course_key: CourseKey | str, **fields: inputs.Raw) -> ProgramData:
    """Create a program in a course. ``name`` and ``organizational_outcome`` are required."""
    key = inputs.parse_course_key(course_key)
    clean = inputs.NEW_PROGRAM.clean(fields)
    program = Program(course_key=key, **clean)
    program.save()
    return convert.program_data(program, with_skills=True)


@one_transaction
def update_program(program_uuid: UUID | str, **changes: inputs.Raw) -> ProgramData:
    """Change some fields of a program. Changing the expectations starts a new version, so
    every open pair must accept it again (``pairs_to_accept_again`` says how many beforehand);
    the text it replaces and the time are kept, for ``expectations_changes``. Closing the program
    ends its open pairs."""
    program = load.program_row(program_uuid, for_update=True)
    clean = inputs.PROGRAM.clean(changes, partial=True)
    new_status = clean.get("status")
    if (
        new_status
        and new_status != program.status
        and new_status not in TRANSITIONS[ProgramStatus(program.status)]
    ):
        raise InvalidTransition(f"A {program.status} program cannot become {new_status}.", field="status")
    if "expectations" in clean and clean["expectations"] != program.expectations:
        program.expectations_version += 1
        program.previous_expectations = program.expectations
        program.expectations_changed_at = timezone.now()
    for name, value in clean.items():
        setattr(program, name, value)
    if program.start_date and program.end_date and program.end_date < program.start_date:
        raise InvalidInput({"end_date": "The end date is before the start date."})
    program.save()
    if new_status == ProgramStatus.CLOSED:
        _end_open_pairs(program)
    elif HEALTH_INPUTS & set(clean):
        # The pairs are written after the program's lock (ADR 0002 lets a path skip a level).
        refresh_health(
            Pair.objects.filter(program=program, status__in=OPEN_PAIR_STATUSES).values_list("pk", flat=True)
        )
    return convert.program_data(program, with_skills=True)


def pairs_to_accept_again(program_uuid: UUID | str) -> int:
    """How many pairs a change of the program's expectations would ask to accept the new text:
    every open pair (proposed or active), as ``update_program`` does."""
    program = load.program_row(program_uuid)
    return Pair.objects.filter(program=program, status__in=OPEN_PAIR_STATUSES).count()


#: Kinds of the segments ``expectations_changes`` returns.
SAME, REMOVED, ADDED = "same", "removed", "added"
_WORDS = re.compile(r"\s+|[^\s]+")


def expectations_changes(previous: str, current: str) -> list[tuple[str, str]]:
    """What changed between two texts of the expectations, word by word: ``(kind, text)``
    segments (``SAME``, ``REMOVED``, ``ADDED``) that, read in order, give the old text without
    the added segments and the new one without the removed segments."""
    old, new = _WORDS.findall(previous), _WORDS.findall(current)
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append((SAME, "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append((REMOVED, "".join(old[i1:i2])))
        if j2 > j1:
            segments.append((ADDED, "".join(new[j1:j2])))
    return segments


def _end_open_pairs(program: Program) -> None:
    """End the open pairs of a program whose row the caller has locked: no pair opens meanwhile
    (opening one locks the program). Their participants are locked first (ending a pair locks
    both of its people), then the pairs, each in id order."""
    now = timezone.now()
    rows = list(
        Pair.objects.filter(program=program, status__in=OPEN_PAIR_STATUSES).values_list(
            "pk", "mentor_id", "mentee_id"
        )
    )
    lock_participants({person for _pk, *people in rows for person in people})
    locked = [pair.pk for pair in lock_rows(Pair, [pk for pk, *_people in rows])]
    open_pairs = Pair.objects.filter(pk__in=locked, status__in=OPEN_PAIR_STATUSES)
    common = {
        "mentee_open": None,
        "mentor_seat": None,
        "closed_at": now,
        "closed_reason": "The program closed.",
        **ENDED_HEALTH,
    }
    open_pairs.filter(status=PairStatus.ACTIVE).update(status=PairStatus.COMPLETED, **common)
    open_pairs.filter(status=PairStatus.PROPOSED).update(status=PairStatus.CLOSED, **common)
    cancel_plans_of(locked)


def get_program(program_uuid: UUID | str, *, with_skills: bool = True) -> ProgramData:
    """One program with its skill catalog (``with_skills=False``: without, one query fewer)."""
    program = load.program_row(program_uuid)
    return convert.program_data(program, with_skills=with_skills)


def listing_scope(user: User, program: ProgramData) -> policy.Scope:
    """How much of ``program``'s pairs or participants ``user`` may list (``policy.pair_scope``):
    a program they may not see is NotFound, as a missing one is (ADR 0003). Whoever may list
    every row manages the course, so sees the program: staff cost one role check, not two."""
    scope = policy.pair_scope(user, program)
    if scope is not policy.Scope.ALL and not policy.allows(user, policy.Action.VIEW_PROGRAM, program):
        raise NotFound("Not found.")
    return scope


def programs_in_course(
    course_key: CourseKey | str, *, statuses: tuple[str, ...] | None = None
) -> list[ProgramData]:
    """The course's programs (optionally only some statuses), with catalogs, in two queries."""
    key = inputs.parse_course_key(course_key)
    queryset = Program.objects.filter(course_key=key).prefetch_related("skills")
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    return [convert.program_data(program, with_skills=True) for program in queryset]


def programs_of_user(user: User, course_key: CourseKey | str | None = None) -> list[ProgramData]:
    """Programs the user participates in (optionally in one course)."""
    queryset = Program.objects.filter(participants__user_id=user.pk).prefetch_related("skills")
    if course_key is not None:
        queryset = queryset.filter(course_key=inputs.parse_course_key(course_key))
    return [convert.program_data(program, with_skills=True) for program in queryset.distinct()]


@one_transaction
def add_skill(program_uuid: UUID | str, *, name: inputs.Raw, slug: inputs.Raw = None) -> SkillData:
    """Add a skill to the program's catalog; the slug defaults to the slugified name."""
    program = load.program_row(program_uuid)
    clean = inputs.SKILL.clean({"name": name, "slug": slug})
    clean_name = clean["name"]
    clean_slug = slugify(clean["slug"] or clean_name)
    if not clean_slug:
        raise InvalidInput({"slug": "Give a slug made of letters, digits or hyphens."})
    skill = guard_integrity(
        lambda: Skill.objects.create(program=program, slug=clean_slug, name=clean_name),
        f"The catalog already has a skill {clean_slug!r}.",
        field="slug",
    )
    return SkillData(slug=skill.slug, name=skill.name)


def skills_by_slug(program: Program, slugs: inputs.Raw, *, field: str) -> list[Skill]:
    """Catalog skills for a list of slugs; unknown slugs are a field error."""
    wanted = inputs.clean_tags(field, slugs, max_items=100, max_length=80)
    found = {skill.slug: skill for skill in program.skills.filter(slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise InvalidInput({field: f"Not in the program's skill catalog: {', '.join(missing)}."})
    return [found[slug] for slug in wanted]


__all__ = [
    "add_skill",
    "create_program",
    "expectations_changes",
    "get_program",
    "pairs_to_accept_again",
    "programs_in_course",
    "programs_of_user",
    "skills_by_slug",
    "update_program",
]
