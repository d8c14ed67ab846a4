"""Turn candidates into arrays so that pairs can be scored with vectorised numpy.

Scoring pair by pair in Python would cost interpreter time for every mentor x mentee pair, which
is hopeless at 10,000 x 20,000. Instead each cohort is encoded once:

* set-valued fields (skills, interests, languages) become sparse one-hot matrices, so overlaps
  for a whole block of pairs are one sparse matrix product;
* departments and diversity attributes become integer codes, timezones UTC offsets (looked up
  once per distinct name), seniority a float array with NaN for "unknown";
* reporting lines become nested intervals of a depth-first walk over the management forest: a
  person is in another's line exactly when one interval contains the other, so the hard rule is
  four vectorised comparisons per block, whatever the depth of the hierarchy. Manager cycles
  (bad HR data) are collapsed into one node first, because everyone on a cycle manages everyone
  else on it.

The same encoding serves the dense exact objective and the chunked candidate generation, which is
what guarantees that both see exactly the same scores.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import cast

import numpy as np
from scipy import sparse

from .candidates import Candidate, Weights

__all__ = [
    "REFERENCE_INSTANT",
    "Cohort",
    "Side",
    "encode",
    "reporting_intervals",
    "utc_offset_hours",
]

REFERENCE_INSTANT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
"""Instant at which UTC offsets are taken, so results do not depend on the day a run happens."""


@lru_cache(maxsize=4096)
def utc_offset_hours(name: str | None, at: datetime = REFERENCE_INSTANT) -> float:
    """UTC offset of IANA zone `name` at instant `at`, in hours; unknown or empty names give 0."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not name:
        return 0.0
    try:
        offset = ZoneInfo(str(name)).utcoffset(at)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        return 0.0
    return 0.0 if offset is None else offset.total_seconds() / 3600.0


@dataclass(frozen=True)
class Side:
    """Array view of one side (mentors or mentees); row i describes `ids[i]`.

    `skills` holds the offered skills for mentors and the sought skills for mentees.
    """

    ids: tuple[Hashable, ...]
    index: dict[Hashable, int]
    skills: sparse.csr_matrix
    n_skills: np.ndarray
    interests: sparse.csr_matrix
    n_interests: np.ndarray
    languages: sparse.csr_matrix
    n_languages: np.ndarray
    tz: np.ndarray
    department: np.ndarray
    seniority: np.ndarray
    capacity: np.ndarray
    person: np.ndarray
    tin: np.ndarray
    tout: np.ndarray
    attributes: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Cohort:
    """Everything needed to score any block of pairs of one matching run."""

    mentors: Side
    mentees: Side
    forbidden: sparse.csr_matrix
    """Boolean (n_mentees x n_mentors): pairs excluded by the caller."""
    weights: Weights
    mentor_candidates: tuple[Candidate, ...]
    mentee_candidates: tuple[Candidate, ...]
    minimum: float = 0.0
    """Least score, without the diversity criterion, for a pair to be feasible (0: any pair)."""


class _Vocabulary:
    """Maps hashable values to consecutive integer codes in first-seen order."""

    def __init__(self) -> None:
        self.codes: dict[Hashable, int] = {}

    def code(self, value: Hashable) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.codes)
        return found

    def __len__(self) -> int:
        return len(self.codes)


def _one_hot(sets: Sequence[frozenset[Hashable]], vocabulary: _Vocabulary) -> list[np.ndarray]:
    lengths = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    indptr = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    code = vocabulary.code
    indices = np.fromiter((code(v) for s in sets for v in s), dtype=np.int64, count=int(indptr[-1]))
    return [indptr, indices, lengths]


def _csr(parts: list[np.ndarray], width: int) -> sparse.csr_matrix:
    indptr, indices, _ = parts
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, max(width, 1)))


def reporting_intervals(parent: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Nested-interval labels of the management forest given by `parent` (-1 for "no manager").

    Returns (tin, tout) such that person b is in a's management chain below a, or a and b sit on
    the same manager cycle, or a == b, exactly when ``tin[a] <= tin[b] < tout[a]``.
    Runs in linear time; cycles are collapsed into a single node.
    """
    n = len(parent)
    component = list(range(n))
    state = [0] * n
    on_cycle = [False] * n
    for start in range(n):
        if state[start]:
            continue
        path: list[int] = []
        position: dict[int, int] = {}
        node = start
        while node != -1 and state[node] == 0:
            state[node] = 1
            position[node] = len(path)
            path.append(node)
            node = parent[node]
        if node != -1 and state[node] == 1:
            cycle = path[position[node] :]
            for member in cycle:
                component[member] = node
                on_cycle[member] = True
        for member in path:
            state[member] = 2

    children: list[list[int]] = [[] for _ in range(n)]
    roots: list[int] = []
    for node in range(n):
        if component[node] != node:
            continue
        up = -1 if on_cycle[node] else parent[node]
        if up == -1:
            roots.append(node)
        else:
            children[component[up]].append(node)

    tin = np.zeros(n, dtype=np.int64)
    tout = np.zeros(n, dtype=np.int64)
    clock = 0
    for root in roots:
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                tout[node] = clock
                continue
            tin[node] = clock
            clock += 1
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children[node]))
    rep = np.asarray(component, dtype=np.int64)
    return tin[rep], tout[rep]


def _check_unique(candidates: Sequence[Candidate], role: str) -> None:
    seen: set[Hashable] = set()
    for candidate in candidates:
        if candidate.id in seen:
            raise ValueError(f"duplicate {role} id: {candidate.id!r}")
        seen.add(candidate.id)


def encode(
    mentors: Iterable[Candidate],
    mentees: Iterable[Candidate],
    weights: Weights,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    at: datetime = REFERENCE_INSTANT,
) -> Cohort:
    """Encode both sides of a run; raises ValueError on duplicate ids within a side.

    A person may appear on both sides (same id): they share reporting-line data, and the
    manager used is the first one given (mentor entry first).
    """
    mentor_list = tuple(mentors)
    mentee_list = tuple(mentees)
    for role, group in (("mentor", mentor_list), ("mentee", mentee_list)):
        _check_unique(group, role)
        for candidate in group:
            if not isinstance(candidate, Candidate):
                raise TypeError(f"expected Candidate, got {type(candidate).__name__}")

    persons: dict[Hashable, int] = {}
    managers: list[Hashable | None] = []
    for candidate in mentor_list + mentee_list:
        number = persons.get(candidate.id)
        if number is None:
            persons[candidate.id] = len(managers)
            managers.append(candidate.manager)
        elif managers[number] is None:
            managers[number] = candidate.manager
    parent = [persons.get(m, -1) if m is not None else -1 for m in managers]
    tin, tout = reporting_intervals(parent)

    skills, interests, languages = _Vocabulary(), _Vocabulary(), _Vocabulary()
    departments, attribute_keys = _Vocabulary(), _Vocabulary()
    attribute_values: dict[str, _Vocabulary] = {}
    if weights.diversity > 0:
        for candidate in mentor_list + mentee_list:
            for key in candidate.attributes:
                attribute_keys.code(key)

    def side(group: tuple[Candidate, ...], offered: bool) -> dict[str, object]:
        sk = _one_hot([c.skills_offered if offered else c.skills_sought for c in group], skills)
        it = _one_hot([c.interests for c in group], interests)
        lg = _one_hot([c.languages for c in group], languages)
        offsets = {name: utc_offset_hours(name, at) for name in {c.timezone for c in group}}
        attrs = np.full((len(group), len(attribute_keys)), -1, dtype=np.int64)
        for row, candidate in enumerate(group):
            for key, value in candidate.attributes.items():
                if key in attribute_keys.codes and value is not None:
                    column = attribute_keys.codes[key]
                    attrs[row, column] = attribute_values.setdefault(key, _Vocabulary()).code(value)
        person = np.fromiter((persons[c.id] for c in group), dtype=np.int64, count=len(group))
        return {
            "ids": tuple(c.id for c in group),
            "index": {c.id: i for i, c in enumerate(group)},
            "parts": (sk, it, lg),
            "n_skills": sk[2].astype(np.float64),
            "n_interests": it[2].astype(np.float64),
            "n_languages": lg[2].astype(np.float64),
            "tz": np.fromiter((offsets[c.timezone] for c in group), np.float64, len(group)),
            "department": np.fromiter(
                (-1 if c.department is None else departments.code(c.department) for c in group),
                np.int64,
                len(group),
            ),
            "seniority": np.fromiter(
                (np.nan if c.seniority is None else float(c.seniority) for c in group),
                np.float64,
                len(group),
            ),
            "capacity": np.fromiter((c.capacity for c in group), np.int64, len(group)),
            "person": person,
            "tin": tin[person],
            "tout": tout[person],
            "attributes": attrs,
        }

    raw = [side(mentor_list, True), side(mentee_list, False)]

    def build(data: dict[str, object]) -> Side:
        parts = cast("tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]", data.pop("parts"))
        sk, it, lg = parts
        return Side(
            skills=_csr(sk, len(skills)),
            interests=_csr(it, len(interests)),
            languages=_csr(lg, len(languages)),
            # The other keys of side() are Side's own array fields, which a dict cannot type.
            **data,  # type: ignore[arg-type]
        )

    mentor_side, mentee_side = build(raw[0]), build(raw[1])

    rows: list[int] = []
    cols: list[int] = []
    for pair in forbidden:
        mentor_id, mentee_id = pair
        m = mentor_side.index.get(mentor_id)
        e = mentee_side.index.get(mentee_id)
        if m is not None and e is not None:
            rows.append(e)
            cols.append(m)
    forbidden_matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=bool), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),
        shape=(len(mentee_side), len(mentor_side)),
        dtype=bool,
    )
    return Cohort(
        mentors=mentor_side,
        mentees=mentee_side,
        forbidden=forbidden_matrix,
        weights=weights,
        mentor_candidates=mentor_list,
        mentee_candidates=mentee_list,
    )
