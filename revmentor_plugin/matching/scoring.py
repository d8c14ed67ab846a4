"""The matching objective: one score per mentor/mentee pair, plus the hard rules.

Every criterion is normalised to [0, 1] and multiplied by its weight:

* skills     - share of the mentee's sought skills that the mentor offers (0 if none sought);
* interests  - Jaccard similarity of interests (0 if both have none);
* timezone   - 1 - min(|offset difference|, 12) / 12, the difference taken round the clock;
* department - 1 if both departments are known and differ, else 0;
* seniority  - 1 if the mentor is more junior, 0.5 if either level is unknown, 0 otherwise;
* diversity  - share of the attribute keys both have whose values differ (only if weighted).

`BASE_SCORE` is added to every pair so that a feasible pair always scores > 0: matching someone
then always beats leaving them unmatched, and "maximise total score" also maximises the number of
people matched when scores tie at zero criteria.

Hard rules (pair infeasible): same person; no shared language (someone with no language at all
shares none, because a pair that cannot talk cannot work); one is in the other's management chain;
the pair is forbidden by the caller; the mentor's capacity is zero or negative.

All functions work on blocks of pairs with numpy broadcasting, never a Python loop over pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from .candidates import DEFAULT_WEIGHTS, Candidate, Weights, as_weights
from .features import REFERENCE_INSTANT, Cohort, encode

if TYPE_CHECKING:
    from scipy import sparse

__all__ = [
    "BASE_SCORE",
    "Block",
    "Counts",
    "dense_scores",
    "diversity_share",
    "rule_counts",
    "score_block",
    "score_matrix",
    "score_pairs",
]

BASE_SCORE = 0.01
"""Added to every pair's score so that any feasible pair is worth more than no pair."""

_BLOCK_ELEMENTS = 2_000_000
_MINIMUM_TOLERANCE = 1e-9
"""A score equal to the minimum up to float rounding reaches it."""


@dataclass(frozen=True)
class Block:
    """Scores and rule outcomes for mentee rows x mentor columns (or for a list of pairs).

    ``reachable`` is "mentor has capacity, is not the same person and shares a language"; the
    separate ``line`` and ``forbidden`` masks let callers say why someone stayed unmatched.
    ``allowed`` passes every hard rule; ``feasible`` also reaches the cohort's minimum score.
    """

    scores: np.ndarray
    feasible: np.ndarray
    reachable: np.ndarray
    line: np.ndarray
    forbidden: np.ndarray
    allowed: np.ndarray


@dataclass(frozen=True)
class Counts:
    """How many partners survive each hard rule; drives the unmatched reasons."""

    reachable: np.ndarray
    """Per mentee: mentors with capacity that share a language (excluding the mentee themself)."""
    line_free: np.ndarray
    """Per mentee: reachable mentors outside the mentee's reporting line."""
    allowed: np.ndarray
    """Per mentee: line-free mentors that are not forbidden."""
    feasible: np.ndarray
    """Per mentee: allowed mentors whose score reaches the minimum."""
    mentor_feasible: np.ndarray
    """Per mentor: feasible mentees."""


def _combine(
    cohort: Cohort,
    e: np.ndarray,
    m: np.ndarray,
    skill_overlap: np.ndarray,
    interest_overlap: np.ndarray,
    language_overlap: np.ndarray,
    forbidden: np.ndarray,
) -> Block:
    """Elementwise objective for mentee indices `e` and mentor indices `m` (broadcastable)."""
    w = cohort.weights
    me, mr = cohort.mentees, cohort.mentors
    score = np.full(np.broadcast_shapes(e.shape, m.shape), BASE_SCORE, dtype=np.float64)

    if w.skills:
        sought = me.n_skills[e]
        score += w.skills * np.divide(skill_overlap, sought, out=np.zeros(score.shape), where=sought > 0)
    if w.interests:
        union = me.n_interests[e] + mr.n_interests[m] - interest_overlap
        score += w.interests * np.divide(interest_overlap, union, out=np.zeros(score.shape), where=union > 0)
    if w.timezone:
        gap = np.abs(me.tz[e] - mr.tz[m]) % 24.0
        gap = np.minimum(gap, 24.0 - gap)
        score += w.timezone * (1.0 - np.minimum(gap, 12.0) / 12.0)
    if w.department:
        de, dm = me.department[e], mr.department[m]
        score += w.department * ((de >= 0) & (dm >= 0) & (de != dm))
    if w.seniority:
        se, sm = me.seniority[e], mr.seniority[m]
        unknown = np.isnan(se) | np.isnan(sm)
        score += w.seniority * np.where(unknown, 0.5, (sm < se).astype(np.float64))
    # The minimum is compared with the score shown, which leaves diversity out (ADR 0003).
    below = score < cohort.minimum - _MINIMUM_TOLERANCE if cohort.minimum else np.zeros(score.shape, bool)
    if w.diversity and me.attributes.shape[1]:
        shared = np.zeros(score.shape)
        differ = np.zeros(score.shape)
        for key in range(me.attributes.shape[1]):
            ae, am = me.attributes[e, key], mr.attributes[m, key]
            known = (ae >= 0) & (am >= 0)
            shared += known
            differ += known & (ae != am)
        score += w.diversity * np.divide(differ, shared, out=np.zeros(score.shape), where=shared > 0)

    pe, pm = me.person[e], mr.person[m]
    reachable = (mr.capacity[m] > 0) & (pe != pm) & (language_overlap > 0)
    te, tm = me.tin[e], mr.tin[m]
    line = ((tm <= te) & (te < mr.tout[m])) | ((te <= tm) & (tm < me.tout[e]))
    line &= pe != pm
    allowed = reachable & ~line & ~forbidden
    return Block(score, allowed & ~below, reachable, line, forbidden, allowed)


def score_block(cohort: Cohort, rows: np.ndarray, cols: np.ndarray | None = None) -> Block:
    """Score mentees `rows` against mentors `cols` (default all): shape (len(rows), len(cols))."""
    me, mr = cohort.mentees, cohort.mentors
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.arange(len(mr), dtype=np.int64) if cols is None else np.asarray(cols, dtype=np.int64)
    return _combine(
        cohort,
        rows[:, None],
        cols[None, :],
        (me.skills[rows] @ mr.skills[cols].T).toarray(),
        (me.interests[rows] @ mr.interests[cols].T).toarray(),
        (me.languages[rows] @ mr.languages[cols].T).toarray(),
        cohort.forbidden[rows][:, cols].toarray(),
    )


def score_pairs(cohort: Cohort, mentee_idx: np.ndarray, mentor_idx: np.ndarray) -> Block:
    """Score the pairs (mentee_idx[k], mentor_idx[k]): 1-d arrays of the same length."""
    me, mr = cohort.mentees, cohort.mentors
    e = np.asarray(mentee_idx, dtype=np.int64)
    m = np.asarray(mentor_idx, dtype=np.int64)

    def overlap(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(a[e].multiply(b[m]).sum(axis=1), dtype=np.float64).ravel()

    forbidden = np.asarray(cohort.forbidden[e, m], dtype=bool).ravel() if len(e) else np.zeros(0, bool)
    return _combine(
        cohort,
        e,
        m,
        overlap(me.skills, mr.skills),
        overlap(me.interests, mr.interests),
        overlap(me.languages, mr.languages),
        forbidden,
    )


def block_rows(n_rows: int, n_columns: int, budget: int = _BLOCK_ELEMENTS) -> Iterable[np.ndarray]:
    """Split mentee rows into chunks so that each block holds about `budget` pairs."""
    step = max(1, budget // max(n_columns, 1))
    for start in range(0, n_rows, step):
        yield np.arange(start, min(start + step, n_rows), dtype=np.int64)


def dense_scores(cohort: Cohort) -> tuple[np.ndarray, np.ndarray, Counts]:
    """Scores, feasibility ((n_mentees, n_mentors), infeasible score 0) and rule counts."""
    n_e, n_m = len(cohort.mentees), len(cohort.mentors)
    scores = np.zeros((n_e, n_m), dtype=np.float64)
    feasible = np.zeros((n_e, n_m), dtype=bool)
    reachable = np.zeros(n_e, dtype=np.int64)
    line_free = np.zeros(n_e, dtype=np.int64)
    allowed = np.zeros(n_e, dtype=np.int64)
    for rows in block_rows(n_e, n_m):
        block = score_block(cohort, rows)
        feasible[rows] = block.feasible
        scores[rows] = np.where(block.feasible, block.scores, 0.0)
        reachable[rows] = block.reachable.sum(axis=1)
        line_free[rows] = (block.reachable & ~block.line).sum(axis=1)
        allowed[rows] = block.allowed.sum(axis=1)
    counts = Counts(reachable, line_free, allowed, feasible.sum(axis=1), feasible.sum(axis=0))
    return scores, feasible, counts


def rule_counts(cohort: Cohort, mentee_rows: np.ndarray, mentor_cols: np.ndarray) -> Counts:
    """Exact `Counts` for the given mentees (against all mentors) and mentors (against all mentees).

    Used to explain the few people left unmatched by the large-cohort path; entries of other
    people are 0.
    """
    n_e, n_m = len(cohort.mentees), len(cohort.mentors)
    reachable = np.zeros(n_e, dtype=np.int64)
    line_free = np.zeros(n_e, dtype=np.int64)
    allowed = np.zeros(n_e, dtype=np.int64)
    feasible = np.zeros(n_e, dtype=np.int64)
    mentor_feasible = np.zeros(n_m, dtype=np.int64)
    mentee_rows = np.asarray(mentee_rows, dtype=np.int64)
    mentor_cols = np.asarray(mentor_cols, dtype=np.int64)
    for chunk in block_rows(len(mentee_rows), n_m):
        rows = mentee_rows[chunk]
        block = score_block(cohort, rows)
        reachable[rows] = block.reachable.sum(axis=1)
        line_free[rows] = (block.reachable & ~block.line).sum(axis=1)
        allowed[rows] = block.allowed.sum(axis=1)
        feasible[rows] = block.feasible.sum(axis=1)
    if len(mentor_cols):
        for rows in block_rows(n_e, len(mentor_cols)):
            mentor_feasible[mentor_cols] += score_block(cohort, rows, mentor_cols).feasible.sum(axis=0)
    return Counts(reachable, line_free, allowed, feasible, mentor_feasible)


def diversity_share(mentor: Candidate, mentee: Candidate) -> float:
    """The diversity criterion of one pair before weighting: the share of the attribute keys both
    answered (value not None) whose values differ, 0.0 when they share none.

    The same value `_combine` adds, times ``weights.diversity``, to the pair's score. Callers that
    show a score subtract it, so that no number anyone reads depends on the self-description.
    """
    keys = [
        key
        for key, value in mentor.attributes.items()
        if value is not None and mentee.attributes.get(key) is not None
    ]
    if not keys:
        return 0.0
    return sum(mentor.attributes[key] != mentee.attributes[key] for key in keys) / len(keys)


def score_matrix(
    mentors: Iterable[Candidate],
    mentees: Iterable[Candidate],
    weights: Weights | Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    at: datetime = REFERENCE_INSTANT,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact objective of `match`: (scores, feasible), both shaped (n_mentors, n_mentees).

    ``scores[i, j]`` is the score of mentor i with mentee j when ``feasible[i, j]``, else 0.
    ``at`` is the instant at which timezone offsets are taken; weights may be a stored dict.
    """
    cohort = encode(mentors, mentees, as_weights(weights), forbidden, at)
    scores, feasible, _ = dense_scores(cohort)
    return np.ascontiguousarray(scores.T), np.ascontiguousarray(feasible.T)
