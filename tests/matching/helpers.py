"""Independent reference implementations and random cohorts for the matching tests.

Everything here is deliberately naive (pure Python per pair, scipy's dense assignment), so that
the engine's vectorised code is checked against something written differently.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from revmentor_plugin.matching import BASE_SCORE, Candidate, MatchResult, Weights, score_matrix
from revmentor_plugin.matching.features import REFERENCE_INSTANT

SKILLS = ["python", "sql", "excel", "tiktok", "figma", "ai"]
INTERESTS = ["jazz", "chess", "hiking", "cooking", "film"]
LANGUAGES = ["en", "fr", "de"]
TIMEZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati", "Not/AZone"]
DEPARTMENTS = [None, "Engineering", "Finance", "Sales"]


def offset(name: str, at: datetime = REFERENCE_INSTANT) -> float:
    try:
        delta = ZoneInfo(name).utcoffset(at)
    except Exception:
        return 0.0
    return delta.total_seconds() / 3600 if delta else 0.0


def ancestors(person: Hashable, managers: dict[Hashable, Hashable | None]) -> set[Hashable]:
    seen: set[Hashable] = set()
    current = managers.get(person)
    while current is not None and current not in seen:
        seen.add(current)
        current = managers.get(current)
    return seen


def manager_map(
    mentors: Iterable[Candidate], mentees: Iterable[Candidate]
) -> dict[Hashable, Hashable | None]:
    managers: dict[Hashable, Hashable | None] = {}
    for c in [*mentors, *mentees]:
        if managers.get(c.id) is None:
            managers[c.id] = c.manager
    return managers


def same_line(a: Hashable, b: Hashable, managers: dict[Hashable, Hashable | None]) -> bool:
    return a in ancestors(b, managers) or b in ancestors(a, managers)


def reference_feasible(
    mentor: Candidate,
    mentee: Candidate,
    managers: dict[Hashable, Hashable | None],
    forbidden: set[tuple[Hashable, Hashable]],
) -> bool:
    return (
        mentor.capacity > 0
        and mentor.id != mentee.id
        and bool(mentor.languages & mentee.languages)
        and not same_line(mentor.id, mentee.id, managers)
        and (mentor.id, mentee.id) not in forbidden
    )


def reference_score(
    mentor: Candidate, mentee: Candidate, w: Weights, at: datetime = REFERENCE_INSTANT
) -> float:
    score = BASE_SCORE
    if mentee.skills_sought:
        score += w.skills * len(mentee.skills_sought & mentor.skills_offered) / len(mentee.skills_sought)
    union = mentee.interests | mentor.interests
    if union:
        score += w.interests * len(mentee.interests & mentor.interests) / len(union)
    gap = abs(offset(mentor.timezone, at) - offset(mentee.timezone, at)) % 24
    gap = min(gap, 24 - gap)
    score += w.timezone * (1 - min(gap, 12) / 12)
    if mentor.department is not None and mentee.department is not None:
        score += w.department * (mentor.department != mentee.department)
    if mentor.seniority is None or mentee.seniority is None:
        score += w.seniority * 0.5
    else:
        score += w.seniority * (mentor.seniority < mentee.seniority)
    if w.diversity:
        keys = [
            k
            for k in mentor.attributes
            if k in mentee.attributes
            and mentor.attributes[k] is not None
            and mentee.attributes[k] is not None
        ]
        if keys:
            score += w.diversity * sum(mentor.attributes[k] != mentee.attributes[k] for k in keys) / len(keys)
    return score


def exact_optimum(
    mentors: list[Candidate],
    mentees: list[Candidate],
    weights: Weights = Weights(),  # noqa: B008
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
) -> float:
    """Optimum via scipy's dense assignment, mentor rows repeated by capacity, infeasible = 0."""
    scores, feasible = score_matrix(mentors, mentees, weights, forbidden=forbidden)
    rows = np.repeat(np.arange(len(mentors)), [max(m.capacity, 0) for m in mentors])
    if len(rows) == 0 or not mentees:
        return 0.0
    value = np.where(feasible, scores, 0.0)[rows]
    r, c = linear_sum_assignment(value, maximize=True)
    return float(value[r, c].sum())


def check_result(
    result: MatchResult,
    mentors: list[Candidate],
    mentees: list[Candidate],
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
) -> None:
    """Assert every hard rule, capacity and bookkeeping invariant of a result."""
    forbidden_set = set(forbidden)
    managers = manager_map(mentors, mentees)
    by_mentor = {m.id: m for m in mentors}
    by_mentee = {e.id: e for e in mentees}
    load: dict[Hashable, int] = {}
    seen_mentees: set[Hashable] = set()
    for mentor_id, mentee_id, score, explanation in result.pairs:
        mentor, mentee = by_mentor[mentor_id], by_mentee[mentee_id]
        assert reference_feasible(mentor, mentee, managers, forbidden_set), (mentor_id, mentee_id)
        assert mentee_id not in seen_mentees
        seen_mentees.add(mentee_id)
        load[mentor_id] = load.get(mentor_id, 0) + 1
        assert score > 0
        assert explanation
        assert all(isinstance(line, str) and line for line in explanation)
    for mentor_id, count in load.items():
        assert count <= by_mentor[mentor_id].capacity
    assert set(result.unmatched_mentees) == set(by_mentee) - seen_mentees
    assert set(result.unmatched_mentors) == set(by_mentor) - set(load)
    assert all(isinstance(r, str) and r for r in result.unmatched_mentees.values())
    assert all(isinstance(r, str) and r for r in result.unmatched_mentors.values())
    assert set(result.unmatched) == set(result.unmatched_mentees) | set(result.unmatched_mentors)
    stats = result.stats
    assert stats.matched == len(result.pairs)
    assert abs(stats.total_score - sum(p[2] for p in result.pairs)) < 1e-9 * max(1.0, stats.total_score)


@st.composite
def cohorts(draw: st.DrawFn, max_mentors: int = 6, max_mentees: int = 8) -> tuple:
    """(mentors, mentees, weights, forbidden): small random cohorts exercising every rule."""
    n_mentors = draw(st.integers(0, max_mentors))
    n_mentees = draw(st.integers(0, max_mentees))
    shared = draw(st.integers(0, min(n_mentors, n_mentees, 2)))
    mentor_ids = [f"p{i}" if i < shared else f"m{i}" for i in range(n_mentors)]
    mentee_ids = [f"p{i}" if i < shared else f"e{i}" for i in range(n_mentees)]
    everyone = [*sorted(set(mentor_ids + mentee_ids)), "ghost"]
    subset = lambda items: st.frozensets(st.sampled_from(items), max_size=len(items))  # noqa: E731

    def person(pid: str, mentor: bool) -> Candidate:
        return Candidate(
            id=pid,
            skills_offered=draw(subset(SKILLS)) if mentor else frozenset(),
            skills_sought=frozenset() if mentor else draw(subset(SKILLS)),
            interests=draw(subset(INTERESTS)),
            languages=frozenset()
            if draw(st.integers(0, 9)) == 0
            else draw(st.frozensets(st.sampled_from(LANGUAGES), min_size=1, max_size=2)),
            timezone=draw(st.sampled_from(TIMEZONES)),
            capacity=draw(st.integers(-1, 3)) if mentor else 1,
            seniority=draw(st.none() | st.integers(1, 5)),
            department=draw(st.sampled_from(DEPARTMENTS)),
            manager=draw(st.none() | st.sampled_from(everyone)),
            attributes=draw(
                st.dictionaries(
                    st.sampled_from(["gender", "origin"]), st.sampled_from(["a", "b"]), max_size=2
                )
            ),
        )

    mentors = [person(pid, True) for pid in mentor_ids]
    mentees = [person(pid, False) for pid in mentee_ids]
    weights = Weights(
        **{
            key: draw(st.sampled_from([0.0, 0.5, 1.0, 3.0]))
            for key in ("skills", "interests", "timezone", "department", "seniority", "diversity")
        }
    )
    pairs = [(m, e) for m in mentor_ids for e in mentee_ids]
    forbidden = draw(st.lists(st.sampled_from(pairs), max_size=4)) if pairs else []
    return mentors, mentees, weights, forbidden
