"""Programs and their skill catalogs.

Changing a program locks its row first, then (when it closes) its open pairs in id order, as
``services._locking`` orders every lock.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from revmentor_plugin.data import ProgramData, SkillData
from revmentor_plugin.models import (
    MAX_CAPACITY,
    OPEN_PAIR_STATUSES,
    Pair,
    PairStatus,
    Program,
    ProgramStatus,
    Skill,
)
from revmentor_plugin.services import _common as c
from revmentor_plugin.services._locking import lock_participants, lock_rows, one_transaction
from revmentor_plugin.services.errors import InvalidInput, InvalidTransition

TEXT_FIELDS = {
    "name": {"required": True, "max_length": 200, "single_line": True},
    "description": {},
    "organizational_outcome": {"required": True},
    "expectations": {},
    "mentor_label": {"required": True, "max_length": 60, "single_line": True},
    "mentee_label": {"required": True, "max_length": 60, "single_line": True},
}
EDITABLE = (
    *TEXT_FIELDS,
    "cadence_days",
    "start_date",
    "end_date",
    "status",
    "default_capacity",
    "matching_weights",
    "diversity_enabled",
)

PROGRAM_STATUSES = tuple(ProgramStatus.choices)

# draft -> enrolling -> active -> closed; staff may step back from enrolling to draft.
TRANSITIONS = {
    ProgramStatus.DRAFT: {ProgramStatus.ENROLLING, ProgramStatus.ACTIVE, ProgramStatus.CLOSED},
    ProgramStatus.ENROLLING: {ProgramStatus.DRAFT, ProgramStatus.ACTIVE, ProgramStatus.CLOSED},
    ProgramStatus.ACTIVE: {ProgramStatus.CLOSED},
    ProgramStatus.CLOSED: set(),
}


def _clean_weights(value: Any) -> dict[str, float]:
    from revmentor_plugin.matching import Weights

    if not isinstance(value, dict):
        raise InvalidInput({"matching_weights": "Must be an object of criterion names to weights."})
    try:
        return Weights.from_dict(value).as_dict()
    except (TypeError, ValueError) as exc:
        raise InvalidInput({"matching_weights": str(exc)}) from None


def _clean(changes: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput({name: "Unknown field." for name in unknown})
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    checks = {
        **{name: (lambda v, n=name: c.clean_text(n, v, **TEXT_FIELDS[n])) for name in TEXT_FIELDS},
        "cadence_days": lambda v: c.clean_int("cadence_days", v, low=1, high=365),
        "default_capacity": lambda v: c.clean_int("default_capacity", v, low=1, high=MAX_CAPACITY),
        "start_date": lambda v: c.clean_date("start_date", v),
        "end_date": lambda v: c.clean_date("end_date", v),
        "status": lambda v: c.clean_choice("status", v, ProgramStatus.values),
        "matching_weights": _clean_weights,
        "diversity_enabled": lambda v: _clean_bool("diversity_enabled", v),
    }
    for name, value in changes.items():
        try:
            clean[name] = checks[name](value)
        except InvalidInput as exc:
            errors.update({key: msgs[0] for key, msgs in exc.errors.items()})
    if creating:
        for name in ("name", "organizational_outcome"):
            if name not in changes:
                errors.setdefault(name, "This field is required.")
    if errors:
        raise InvalidInput(errors)
    return clean


def _clean_bool(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput({field: "Must be true or false."})
    return value


def _check_dates(program: Program) -> None:
    if program.start_date and program.end_date and program.end_date < program.start_date:
        raise InvalidInput({"end_date": "The end date is before the start date."})


@one_transaction
def create_program(*, course_key: Any, **fields: Any) -> ProgramData:
    """Create a program in a course. ``name`` and ``organizational_outcome`` are required."""
    key = c.parse_course_key(course_key)
    clean = _clean(fields, creating=True)
    program = Program(course_key=key, **clean)
    _check_dates(program)
    program.save()
    return c.program_data(program, with_skills=True)


@one_transaction
def update_program(program_uuid: Any, **changes: Any) -> ProgramData:
    """Change some fields of a program. Changing the expectations starts a new version, so
    every open pair must accept it again; closing the program ends its open pairs."""
    program = c.program_row(program_uuid, for_update=True)
    clean = _clean(changes, creating=False)
    new_status = clean.get("status")
    if (
        new_status
        and new_status != program.status
        and new_status not in TRANSITIONS[ProgramStatus(program.status)]
    ):
        raise InvalidTransition(f"A {program.status} program cannot become {new_status}.", field="status")
    if "expectations" in clean and clean["expectations"] != program.expectations:
        program.expectations_version += 1
    for name, value in clean.items():
        setattr(program, name, value)
    _check_dates(program)
    program.save()
    if new_status == ProgramStatus.CLOSED:
        _end_open_pairs(program)
    return c.program_data(program, with_skills=True)


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
    }
    open_pairs.filter(status=PairStatus.ACTIVE).update(status=PairStatus.COMPLETED, **common)
    open_pairs.filter(status=PairStatus.PROPOSED).update(status=PairStatus.CLOSED, **common)


def get_program(program_uuid: Any) -> ProgramData:
    """One program with its skill catalog."""
    program = c.program_row(program_uuid)
    return c.program_data(program, with_skills=True)


def programs_in_course(course_key: Any, *, statuses: tuple[str, ...] | None = None) -> list[ProgramData]:
    """The course's programs (optionally only some statuses), with catalogs, in two queries."""
    queryset = Program.objects.filter(course_key=c.parse_course_key(course_key)).prefetch_related("skills")
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    return [c.program_data(program, with_skills=True) for program in queryset]


def programs_of_user(user: Any, course_key: Any | None = None) -> list[ProgramData]:
    """Programs the user participates in (optionally in one course)."""
    queryset = Program.objects.filter(participants__user_id=user.pk).prefetch_related("skills")
    if course_key is not None:
        queryset = queryset.filter(course_key=c.parse_course_key(course_key))
    return [c.program_data(program, with_skills=True) for program in queryset.distinct()]


@one_transaction
def add_skill(program_uuid: Any, *, name: Any, slug: Any = None) -> SkillData:
    """Add a skill to the program's catalog; the slug defaults to the slugified name."""
    program = c.program_row(program_uuid)
    clean_name = c.clean_text("name", name, required=True, max_length=120, single_line=True)
    clean_slug = slugify(c.clean_text("slug", slug, max_length=80, single_line=True) or clean_name)
    if not clean_slug:
        raise InvalidInput({"slug": "Give a slug made of letters, digits or hyphens."})
    skill = c.guard_integrity(
        lambda: Skill.objects.create(program=program, slug=clean_slug, name=clean_name),
        f"The catalog already has a skill {clean_slug!r}.",
        field="slug",
    )
    return SkillData(slug=skill.slug, name=skill.name)


def skills_by_slug(program: Program, slugs: Any, *, field: str) -> list[Skill]:
    """Catalog skills for a list of slugs; unknown slugs are a field error."""
    wanted = c.clean_tags(field, slugs, max_items=100, max_length=80)
    found = {skill.slug: skill for skill in program.skills.filter(slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise InvalidInput({field: f"Not in the program's skill catalog: {', '.join(missing)}."})
    return [found[slug] for slug in wanted]


__all__ = [
    "add_skill",
    "create_program",
    "get_program",
    "programs_in_course",
    "programs_of_user",
    "skills_by_slug",
    "update_program",
]
