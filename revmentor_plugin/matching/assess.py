"""One pair, or one mentee's best partners, judged by the rules and the objective of `match()`.

Staff pairing two people by hand, or finding a new partner for a mentee whose pair ended, must
see what matching would say: the same score (`scoring`), the same explanation (`explain`) and
the same hard rules, with the reason in words when a rule refuses the pair. The whole cohort is
encoded, so reporting lines run through everyone given, as in a run.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from .candidates import DEFAULT_WEIGHTS, Candidate, Weights, as_weights
from .explain import Reason, explain_pair
from .features import REFERENCE_INSTANT, encode
from .scoring import diversity_share, score_block, score_pairs

__all__ = ["Assessment", "Rule", "assess_pair", "rank_mentors"]


class Rule:
    """The hard rule that refuses a pair, checked in this order (the caller words it)."""

    SAME_PERSON = "same_person"
    NO_CAPACITY = "no_capacity"
    NO_LANGUAGE = "no_language"
    SAME_LINE = "same_line"
    FORBIDDEN = "forbidden"
    BELOW_MINIMUM = "below_minimum"


@dataclass(frozen=True)
class Assessment:
    """A pair as matching sees it.

    ``score`` leaves the diversity criterion out (the score anyone reads, ADR 0003) and is the
    value the minimum is compared with; ``problem`` is the `Rule` that refuses the pair, or
    None when the rules allow it.
    """

    mentor: Hashable
    mentee: Hashable
    score: float
    explanation: list[Reason]
    problem: str | None

    @property
    def allowed(self) -> bool:
        return self.problem is None


def _shown(mentor: Candidate, mentee: Candidate, weights: Weights, score: float) -> float:
    if not weights.diversity:
        return float(score)
    return float(score) - weights.diversity * diversity_share(mentor, mentee)


def assess_pair(
    mentors: Iterable[Candidate],
    mentees: Iterable[Candidate],
    mentor_id: Hashable,
    mentee_id: Hashable,
    weights: Weights | Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    at: datetime = REFERENCE_INSTANT,
    minimum_score: float = 0.0,
) -> Assessment:
    """Score and explain one pair of the cohort and say whether the hard rules allow it.

    The mentor's ``capacity`` is the seats left. Raises KeyError when either id is not in the
    cohort on its side.
    """
    weights = as_weights(weights)
    cohort = replace(encode(mentors, mentees, weights, forbidden, at), minimum=float(minimum_score))
    m, e = cohort.mentors.index[mentor_id], cohort.mentees.index[mentee_id]
    mentor, mentee = cohort.mentor_candidates[m], cohort.mentee_candidates[e]
    block = score_pairs(cohort, np.array([e]), np.array([m]))
    score = _shown(mentor, mentee, weights, float(block.scores[0]))
    problem = None
    if mentor.id == mentee.id:
        problem = Rule.SAME_PERSON
    elif mentor.capacity <= 0:
        problem = Rule.NO_CAPACITY
    elif not mentor.languages & mentee.languages:
        problem = Rule.NO_LANGUAGE
    elif block.line[0]:
        problem = Rule.SAME_LINE
    elif block.forbidden[0]:
        problem = Rule.FORBIDDEN
    elif not block.feasible[0]:
        problem = Rule.BELOW_MINIMUM
    return Assessment(mentor_id, mentee_id, score, explain_pair(mentor, mentee, weights, at), problem)


def rank_mentors(
    mentors: Iterable[Candidate],
    mentees: Iterable[Candidate],
    mentee_id: Hashable,
    weights: Weights | Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    at: datetime = REFERENCE_INSTANT,
    minimum_score: float = 0.0,
    limit: int = 5,
) -> list[Assessment]:
    """The mentors the hard rules allow for one mentee, best score first (ties by mentor order),
    at most ``limit``. Raises KeyError when the mentee is not in the cohort."""
    weights = as_weights(weights)
    cohort = replace(encode(mentors, mentees, weights, forbidden, at), minimum=float(minimum_score))
    e = cohort.mentees.index[mentee_id]
    mentee = cohort.mentee_candidates[e]
    block = score_block(cohort, np.array([e]))
    found = []
    for m in np.flatnonzero(block.feasible[0]).tolist():
        mentor = cohort.mentor_candidates[m]
        found.append((_shown(mentor, mentee, weights, float(block.scores[0, m])), m, mentor))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [
        Assessment(mentor.id, mentee_id, score, explain_pair(mentor, mentee, weights, at), None)
        for score, _m, mentor in found[: max(limit, 0)]
    ]
