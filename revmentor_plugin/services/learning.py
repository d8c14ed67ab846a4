"""Two-way learning, measured: participants' confidence ratings on joining and at the end.

A mentee rates their confidence in each skill they seek, a mentor in each of the program's
leadership and visibility items (``Program.leadership_items``), 1 to 5, when they join
(``start``) and once more when a pair of theirs has completed (``end``; a pair active when the
program closes completes with it). Marcinkus Murphy 2012: reverse mentoring is two-way
learning, the senior side gaining skills and the junior side leadership and visibility.

The raw ratings are the participant's own: they see their before and after; everyone else sees
only the report's group figures (``services.reports``, ADR 0003).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count

from revmentor_plugin.data import (
    ConfidenceData,
    PairStatus,
    ParticipantStatus,
    RatedItemData,
    RatingKind,
    RatingPhase,
    Role,
)
from revmentor_plugin.models import ConfidenceRating, Pair, Participant, Program, Skill
from revmentor_plugin.services import _loading as load
from revmentor_plugin.services import events, inputs
from revmentor_plugin.services._locking import lock_participants, one_transaction
from revmentor_plugin.services.errors import Conflict, InvalidInput, NotFound

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RATINGS = "ratings"


def kind_of(role: Role | str) -> RatingKind:
    """What a role rates: mentees their skills, mentors the leadership items."""
    return RatingKind.SKILL if Role(role) is Role.MENTEE else RatingKind.LEADERSHIP


def items_to_rate(program: Program, role: Role | str, skills_sought: Iterable[Skill]) -> dict[str, str]:
    """The items a participant rates, label by key, in order."""
    if kind_of(role) is RatingKind.SKILL:
        return {skill.slug: skill.name for skill in sorted(skills_sought, key=lambda s: s.name)}
    return {item["key"]: item["label"] for item in program.leadership_items or []}


def _check_covers(raw: inputs.Raw, expected: Iterable[str]) -> dict[str, int]:
    """Clean ratings that rate exactly ``expected``; a 400 naming ``ratings`` otherwise."""
    clean = inputs.clean_ratings(RATINGS, raw)
    wanted = list(expected)
    missing = [key for key in wanted if key not in clean]
    unknown = sorted(set(clean) - set(wanted))
    if unknown:
        raise InvalidInput({RATINGS: f"Not an item you rate: {', '.join(unknown)}."})
    if missing:
        raise InvalidInput({RATINGS: f"Rate every item; missing: {', '.join(missing)}."})
    return clean


def clean_start_ratings(
    program: Program,
    role: Role,
    skills_sought: Iterable[Skill],
    raw: inputs.Raw,
    *,
    required: bool = False,
) -> dict[str, int] | None:
    """The ratings given on joining, checked against what the role rates; None when none were
    given and none are ``required`` (REST v1: optional, so older clients still join; the pairing
    block requires them). Someone with nothing to rate (a mentee seeking no skill) needs none."""
    expected = items_to_rate(program, role, skills_sought)
    if raw is None:
        if required:
            _check_covers({}, expected)
        return None
    return _check_covers(raw, expected)


def save_start_ratings(participant: Participant, ratings: dict[str, int]) -> None:
    """Write the ratings given on joining (a participant joining again rates afresh)."""
    ConfidenceRating.objects.filter(participant=participant, phase=RatingPhase.START).delete()
    _write_ratings(participant, RatingPhase.START, ratings)


def _write_ratings(participant: Participant, phase: RatingPhase, ratings: dict[str, int]) -> None:
    """Store one phase's ratings and tell analytics (the role and the phase, never a value)."""
    kind = kind_of(participant.role)
    ConfidenceRating.objects.bulk_create(
        ConfidenceRating(participant=participant, kind=kind, key=key, phase=phase, value=value)
        for key, value in ratings.items()
    )
    events.emit(
        "confidence.rated", program=participant.program, role=Role(participant.role).value, phase=phase.value
    )


def _participant(program_uuid: UUID | str, user: User, *, for_update: bool = False) -> Participant:
    program = load.program_row(program_uuid)
    found = (
        Participant.objects.filter(program=program, user_id=user.pk, status=ParticipantStatus.ACTIVE)
        .order_by()
        .values_list("pk", flat=True)
    )
    if for_update:
        participant = next(iter(lock_participants(found).values()), None)
    else:
        participant = Participant.objects.filter(pk__in=found).first()
    if participant is None:
        raise NotFound("You do not take part in this program.")
    participant.program = program
    return participant


def _confidence(participant: Participant) -> ConfidenceData:
    rows = list(ConfidenceRating.objects.filter(participant=participant).order_by("id"))
    given = {(row.key, row.phase): row.value for row in rows}
    current = items_to_rate(participant.program, participant.role, participant.skills_sought.all())
    started = [row.key for row in rows if row.phase == RatingPhase.START]
    if started:  # what they rated on joining, even if their skills or the items changed since
        # an item staff removed since keeps only its key, derived from its label: read it back
        labels = {**{key: key.replace("-", " ").capitalize() for key in started}, **current}
        keys = sorted(started, key=lambda key: list(labels).index(key))
    else:
        labels, keys = current, list(current)
    kind = kind_of(participant.role)
    items = tuple(
        RatedItemData(
            kind=kind,
            key=key,
            label=labels[key],
            start=given.get((key, RatingPhase.START)),
            end=given.get((key, RatingPhase.END)),
        )
        for key in keys
    )
    ended = not any(row.phase == RatingPhase.END for row in rows)
    completed = Pair.objects.filter(status=PairStatus.COMPLETED).filter(
        **{"mentor" if participant.role == Role.MENTOR else "mentee": participant}
    )
    end_due = bool(started) and ended and completed.exists()
    return ConfidenceData(
        program_uuid=participant.program.uuid, role=Role(participant.role), items=items, end_due=end_due
    )


def my_confidence(program_uuid: UUID | str, *, user: User) -> ConfidenceData:
    """The caller's items with their start and end ratings, and whether they are asked to rate
    again now."""
    return _confidence(_participant(program_uuid, user))


def confidence_of(participant: Participant) -> ConfidenceData:
    """``my_confidence`` for a participant row already loaded (the pairing block)."""
    return _confidence(participant)


@one_transaction
def rate_end(program_uuid: UUID | str, *, user: User, ratings: inputs.Raw) -> ConfidenceData:
    """Record the caller's end ratings, once: every item they rated on joining, each 1 to 5.

    Refused (409) before a pair of theirs has completed, without start ratings, or a second
    time; a body that does not rate exactly their items is a 400 naming ``ratings``."""
    participant = _participant(program_uuid, user, for_update=True)
    clean_body = inputs.END_RATINGS.clean({RATINGS: ratings})
    state = _confidence(participant)
    if not any(item.start is not None for item in state.items):
        raise Conflict("You did not rate your confidence on joining, so there is nothing to compare.")
    if any(item.end is not None for item in state.items):
        raise Conflict("You have already rated your confidence at the end.", field=RATINGS)
    if not state.end_due:
        raise Conflict("You rate again once your mentoring pair has completed.", field=RATINGS)
    clean = _check_covers(clean_body[RATINGS], [item.key for item in state.items])
    _write_ratings(participant, RatingPhase.END, clean)
    return _confidence(participant)


def as_dict(data: ConfidenceData) -> dict[str, Any]:
    """The JSON the REST API and the pairing block answer."""
    return {
        "program_id": str(data.program_uuid),
        "role": data.role.value,
        "end_due": data.end_due,
        "items": [
            {"kind": i.kind.value, "key": i.key, "label": i.label, "start": i.start, "end": i.end}
            for i in data.items
        ],
    }


# ---------------------------------------------------------------------------------------------
# The report's section: two-way learning, frozen per closed month (ADR 0003)

LEARNING = "two_way_learning"
#: Why a figure is null (as ``services.reversal``'s cells).
TOO_FEW = "fewer_respondents_than_min_group_size"
TOO_FEW_NEW = "fewer_new_respondents_than_min_group_size"
NO_DATA = "no_data"
#: The comparison of pairs that met at the program's cadence with those that did not.
CADENCE_TOO_FEW = "a_group_below_min_group_size"
CADENCE_RULE = (
    "A completed pair met at the cadence when it logged at least one session per cadence period "
    "of its active time: sessions >= days from agreement to end / the program's cadence in days."
)
CAUTION = (
    "An association in this program, not a proof: pairs that meet more often may differ in other "
    "ways (Marcinkus Murphy 2012 on interaction frequency)."
)
DIRECTIONS = ((Role.MENTEE, RatingKind.SKILL), (Role.MENTOR, RatingKind.LEADERSHIP))


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return round(sum(values) / len(values), 2)


def _stats(changes: dict[int, tuple[int, int]], floor: int, published_n: int | None) -> dict[str, Any]:
    """One item's figures from ``{participant: (before, after)}``; published when at least k
    people rated it both times and, after a first publication, at least k more than then (so
    that two published figures never differ by fewer than k people). ``n`` stays in the frozen
    row, never in the report."""
    from revmentor_plugin.services.reports import respondents_at_least

    n = len(changes)
    bound = respondents_at_least(n, floor)
    if bound is None or (published_n is not None and n < published_n + floor):
        reason = NO_DATA if n == 0 else TOO_FEW if bound is None else TOO_FEW_NEW
        return {"n": n, "published": False, "reason": reason}
    before = [b for b, _a in changes.values()]
    after = [a for _b, a in changes.values()]
    return {
        "n": n,
        "published": True,
        "reason": None,
        "participants_at_least": bound,
        "mean_before": _mean(before),
        "mean_after": _mean(after),
        "mean_change": _mean([a - b for b, a in changes.values()]),
    }


def _met_cadence(program: Program, pair: dict[str, Any]) -> bool:
    active_days = max((pair["closed_at"] - pair["activated_at"]).days, 1)
    return pair["logged"] >= active_days / program.cadence_days


def _snapshot(program: Program, cutoff: Any, floor: int, previous: dict[str, Any] | None) -> dict[str, Any]:
    """Every item's figures from the ratings written before ``cutoff``, and the cadence groups."""
    rows = ConfidenceRating.objects.filter(participant__program=program, created__lt=cutoff).values_list(
        "participant_id", "kind", "key", "phase", "value"
    )
    given: dict[tuple[str, str, int], dict[str, int]] = {}
    for participant, kind, key, phase, value in rows:
        given.setdefault((kind, key, participant), {})[phase] = value
    items: dict[str, dict[str, dict[int, tuple[int, int]]]] = {kind.value: {} for kind in RatingKind}
    per_mentee: dict[int, list[int]] = {}
    for (kind, key, participant), phases in given.items():
        if RatingPhase.START in phases and RatingPhase.END in phases:
            pair = (phases[RatingPhase.START], phases[RatingPhase.END])
            items[kind].setdefault(key, {})[participant] = pair
            if kind == RatingKind.SKILL:
                per_mentee.setdefault(participant, []).append(pair[1] - pair[0])
    figures: dict[str, Any] = {}
    for kind, by_key in items.items():
        old = (previous or {}).get(kind, {})
        figures[kind] = {}
        for key, changes in by_key.items():
            last = old.get(key, {})
            published_n = last.get("published_n")
            stats = _stats(changes, floor, published_n)
            stats["published_n"] = stats["n"] if stats["published"] else published_n
            figures[kind][key] = stats
    # Cadence: each rated mentee's completed pairs (the latest one) and its sessions.
    pairs = (
        Pair.objects.filter(program=program, status=PairStatus.COMPLETED, mentee_id__in=list(per_mentee))
        .exclude(activated_at=None)
        .exclude(closed_at=None)
        .annotate(logged=Count("sessions"))
        .order_by("mentee_id", "closed_at")
        .values("mentee_id", "activated_at", "closed_at", "logged")
    )
    met = {pair["mentee_id"]: _met_cadence(program, pair) for pair in pairs}
    groups: dict[bool, list[float]] = {True: [], False: []}
    for mentee, deltas in per_mentee.items():
        if mentee in met:
            groups[met[mentee]].append(sum(deltas) / len(deltas))
    last_cadence = (previous or {}).get("cadence", {})
    n_in, n_out = len(groups[True]), len(groups[False])
    grown = last_cadence.get("published_n") is None or min(n_in, n_out) >= last_cadence["published_n"] + floor
    if min(n_in, n_out) >= floor and grown:
        figures["cadence"] = {
            "published": True,
            "published_n": min(n_in, n_out),
            "within": _mean(groups[True]),
            "outside": _mean(groups[False]),
        }
    else:
        figures["cadence"] = {"published": False, "published_n": last_cadence.get("published_n")}
    return figures


def learning_section(program: Program, today: Any, floor: int) -> dict[str, Any]:
    """The report's ``two_way_learning``: per direction and item, the participants with both
    ratings (a lower bound), mean before, after and change; and the cadence comparison.

    Frozen per closed month: the first report read after a month ends freezes the figures of
    the ratings written before the next month began (see docs/outcomes.rst), and a figure is republished
    only with at least k more people than the last time, so two reports never differ by one
    person's ratings. Suppressed figures are null with a reason code.
    """
    from revmentor_plugin.models import FrozenFigures
    from revmentor_plugin.services.reports import _month, _month_start

    current = _month(today)
    period = _month(current - dt.timedelta(days=1))
    frozen = list(FrozenFigures.objects.filter(program=program, kind=LEARNING).order_by("period"))
    if not frozen or frozen[-1].period < period:
        previous = frozen[-1].figures if frozen else None
        figures = _snapshot(program, _month_start(current), floor, previous)
        FrozenFigures.objects.bulk_create(
            [FrozenFigures(program=program, kind=LEARNING, period=period, respondents=0, figures=figures)],
            ignore_conflicts=True,
        )
        frozen = list(FrozenFigures.objects.filter(program=program, kind=LEARNING).order_by("period"))
    labels = {
        RatingKind.SKILL.value: dict(Skill.objects.filter(program=program).values_list("slug", "name")),
        RatingKind.LEADERSHIP.value: {item["key"]: item["label"] for item in program.leadership_items or []},
    }
    latest: dict[str, dict[str, Any]] = {kind.value: {} for kind in RatingKind}
    cadence: dict[str, Any] = {
        "period": None,
        "within_cadence": None,
        "outside_cadence": None,
        "reason": CADENCE_TOO_FEW,
    }
    for row in frozen:
        for kind in RatingKind:
            for key, stats in row.figures.get(kind.value, {}).items():
                if stats.get("published"):
                    latest[kind.value][key] = {"period": f"{row.period:%Y-%m}", **stats}
                else:
                    latest[kind.value].setdefault(key, {"period": None, **stats})
        if row.figures.get("cadence", {}).get("within") is not None:
            found = row.figures["cadence"]
            cadence = {
                "period": f"{row.period:%Y-%m}",
                "within_cadence": found["within"],
                "outside_cadence": found["outside"],
                "reason": None,
            }
    section: dict[str, Any] = {}
    for role, kind in DIRECTIONS:
        rows = []
        for key, label in labels[kind.value].items():
            stats = latest[kind.value].get(key)
            if stats is None or not stats.get("participants_at_least"):
                reason = NO_DATA if stats is None else stats.get("reason") or TOO_FEW
                rows.append(
                    {
                        "key": key,
                        "label": label,
                        "period": None,
                        "participants_at_least": None,
                        "mean_before": None,
                        "mean_after": None,
                        "mean_change": None,
                        "reason": reason,
                    }
                )
                continue
            rows.append(
                {
                    "key": key,
                    "label": label,
                    **{
                        name: stats[name]
                        for name in (
                            "period",
                            "participants_at_least",
                            "mean_before",
                            "mean_after",
                            "mean_change",
                        )
                    },
                    "reason": None,
                }
            )
        section["mentees" if role is Role.MENTEE else "mentors"] = {"kind": kind.value, "items": rows}
    section["cadence"] = {**cadence, "rule": CADENCE_RULE, "caution": CAUTION}
    return section
