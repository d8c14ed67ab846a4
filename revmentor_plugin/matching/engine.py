"""`match()`: from candidates to pairs, reasons and statistics.

Flow: encode the cohort once; honour pinned pairs first (they consume capacity); then maximise
the total score of the remaining mentees with one of two paths:

* small cohorts (mentees x total capacity <= `dense_limit`): every pair is scored exactly and
  solved with `linear_sum_assignment` - the true optimum;
* large cohorts: a candidate graph (best mentors per mentee plus best mentees per mentor) is
  screened from all pairs, rescored exactly, and solved by the auction solver, whose dual bound is
  reported as `stats.upper_bound` so the distance to the graph optimum is known, not guessed.

The greedy baseline is run on the same graph so that callers (and the benchmark) can see what
optimisation buys. Unmatched mentees and mentors are always listed with the most specific reason.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np

from .candidates import DEFAULT_WEIGHTS, Candidate, Weights, as_weights
from .explain import (
    PIN_DUPLICATE_MENTEE,
    PIN_INFEASIBLE,
    PIN_UNKNOWN_MENTEE,
    PIN_UNKNOWN_MENTOR,
    Reason,
    explain_pair,
    mentee_reason,
    mentor_reason,
    pin_problem,
    pin_rejected,
)
from .features import REFERENCE_INSTANT, Cohort, encode
from .scoring import Counts, dense_scores, rule_counts, score_pairs
from .screen import candidate_graph
from .solver import greedy, solve_auction, solve_dense

__all__ = ["DENSE_LIMIT", "MatchResult", "MatchStats", "match"]

DENSE_LIMIT = 4_000_000
"""Largest mentees x total capacity solved exactly on the dense matrix (about 0.5 s, 100 MB)."""

Pair = tuple[Hashable, Hashable, float, list[Reason]]


@dataclass(frozen=True)
class MatchStats:
    """Summary of one run. Scores are totals of `score_matrix` entries of the chosen pairs."""

    total_score: float
    mean_score: float
    min_score: float
    matched: int
    greedy_total: float
    candidates_considered: int
    upper_bound: float
    """Upper bound of the optimum over the pairs considered (equals total_score when exact)."""
    exact: bool
    """True when every feasible pair was considered and solved exactly (dense path)."""
    pinned: int = 0
    rejected_pins: tuple[tuple[Hashable, Hashable, Reason], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rejected_pins"] = [list(item) for item in self.rejected_pins]
        return data


@dataclass(frozen=True)
class MatchResult:
    """Pairs `(mentor_id, mentee_id, score, explanation)`, who stayed unmatched and why, stats.

    `unmatched` holds every unmatched mentee and every mentor without a mentee; when one person is
    unmatched in both roles the two reasons are joined with " / " (mentee reason first).
    `unmatched_mentees` and `unmatched_mentors` keep them apart. `unmatched_reasons` holds the same
    as :class:`~.explain.Reason` items (code and params), one per reason, for the web layer.
    """

    pairs: list[Pair]
    unmatched: dict[Hashable, str]
    stats: MatchStats
    unmatched_mentees: dict[Hashable, str] = field(default_factory=dict)
    unmatched_mentors: dict[Hashable, str] = field(default_factory=dict)
    unmatched_reasons: dict[Hashable, tuple[Reason, ...]] = field(default_factory=dict)


def _csr(mentee: np.ndarray, mentor: np.ndarray, n_e: int) -> np.ndarray:
    indptr = np.zeros(n_e + 1, dtype=np.int64)
    np.cumsum(np.bincount(mentee, minlength=n_e), out=indptr[1:])
    return indptr


def _apply_pins(
    cohort: Cohort, pinned: Iterable[tuple[Hashable, Hashable]], capacity: np.ndarray
) -> tuple[list[tuple[int, int]], list[tuple[Hashable, Hashable, Reason]]]:
    accepted: list[tuple[int, int]] = []
    rejected: list[tuple[Hashable, Hashable, Reason]] = []
    taken: set[int] = set()
    for mentor_id, mentee_id in pinned:
        m = cohort.mentors.index.get(mentor_id)
        e = cohort.mentees.index.get(mentee_id)
        if m is None:
            rejected.append((mentor_id, mentee_id, PIN_UNKNOWN_MENTOR))
            continue
        if e is None:
            rejected.append((mentor_id, mentee_id, PIN_UNKNOWN_MENTEE))
            continue
        if e in taken:
            rejected.append((mentor_id, mentee_id, PIN_DUPLICATE_MENTEE))
            continue
        block = score_pairs(cohort, np.array([e]), np.array([m]))
        problem = pin_problem(
            cohort.mentor_candidates[m],
            cohort.mentee_candidates[e],
            bool(block.line[0]),
            bool(block.forbidden[0]),
            int(capacity[m]),
        )
        # A pin is staff asking for this pair: the minimum score does not apply to it.
        if problem is not None or not block.allowed[0]:
            rejected.append((mentor_id, mentee_id, problem or PIN_INFEASIBLE))
            continue
        accepted.append((e, m))
        taken.add(e)
        capacity[m] -= 1
    return accepted, rejected


def match(
    mentors: Iterable[Candidate],
    mentees: Iterable[Candidate],
    weights: Weights | Mapping[str, float] = DEFAULT_WEIGHTS,
    *,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    pinned: Iterable[tuple[Hashable, Hashable]] = (),
    at: datetime = REFERENCE_INSTANT,
    dense_limit: int = DENSE_LIMIT,
    top_k: int = 50,
    mentor_k: int = 10,
    minimum_score: float = 0.0,
) -> MatchResult:
    """Pair mentees with mentors to maximise the total score (see `scoring` for the objective).

    Each mentee gets at most one mentor, each mentor at most `capacity` mentees; hard rules are
    never broken. `pinned` pairs are kept when feasible, otherwise listed in
    `stats.rejected_pins`. `dense_limit`, `top_k` and `mentor_k` tune the large-cohort path;
    `at` is the instant for timezone offsets. A pair whose score without the diversity criterion
    is below `minimum_score` is not proposed (pins excepted); a mentee left without a mentor
    for that reason is told so.
    """
    weights = as_weights(weights)
    if isinstance(minimum_score, bool) or not math.isfinite(minimum_score) or minimum_score < 0:
        raise ValueError(f"minimum_score must be a finite number >= 0, got {minimum_score!r}")
    cohort = replace(encode(mentors, mentees, weights, forbidden, at), minimum=float(minimum_score))
    n_e, n_m = len(cohort.mentees), len(cohort.mentors)
    capacity = np.maximum(cohort.mentors.capacity, 0)
    left = capacity.copy()
    pins, rejected = _apply_pins(cohort, pinned, left)
    open_mentee = np.ones(n_e, dtype=bool)
    for e, _m in pins:
        open_mentee[e] = False
    exact = n_e * int(capacity.sum()) <= dense_limit
    counts: Counts | None

    if exact:
        scores, feasible, counts = dense_scores(cohort)
        rows = np.flatnonzero(open_mentee)
        solution = solve_dense(scores[rows], feasible[rows], left)
        mentor_of = np.full(n_e, -1, dtype=np.int64)
        mentor_of[rows] = solution.mentor_of
        edge_e, edge_m = np.nonzero(feasible & open_mentee[:, None])
        edge_score = scores[edge_e, edge_m]
    else:
        graph = candidate_graph(cohort, top_k=top_k, mentor_k=mentor_k)
        counts = None
        block = score_pairs(cohort, graph.mentee, graph.mentor)
        graph_degree_e = np.bincount(graph.mentee[block.feasible], minlength=n_e)
        graph_degree_m = np.bincount(graph.mentor[block.feasible], minlength=n_m)
        keep = block.feasible & open_mentee[graph.mentee]
        edge_e, edge_m, edge_score = graph.mentee[keep], graph.mentor[keep], block.scores[keep]
        solution = solve_auction(_csr(edge_e, edge_m, n_e), edge_m, edge_score, left)
        mentor_of = solution.mentor_of

    pin_total = 0.0
    pin_scores: list[float] = []
    if pins:
        pin_block = score_pairs(cohort, np.array([p[0] for p in pins]), np.array([p[1] for p in pins]))
        pin_scores = pin_block.scores.tolist()
        pin_total = float(sum(pin_scores))
    greedy_of = greedy(_csr(edge_e, edge_m, n_e), edge_m, edge_score, left)
    greedy_total = pin_total + _total(edge_e, edge_m, edge_score, greedy_of)
    solved = np.flatnonzero(mentor_of >= 0)
    solved_scores = _pair_scores(edge_e, edge_m, edge_score, solved, mentor_of[solved])

    pairs: list[Pair] = []
    for (e, m), value in zip(pins, pin_scores, strict=True):
        pairs.append(_pair(cohort, m, e, value, weights, at, pinned=True))
    for e, value in zip(solved.tolist(), solved_scores.tolist(), strict=True):
        pairs.append(_pair(cohort, int(mentor_of[e]), e, value, weights, at))

    matched_mentee = mentor_of >= 0
    load = np.bincount(mentor_of[matched_mentee], minlength=n_m)
    for e, m in pins:
        matched_mentee[e] = True
        load[m] += 1
    if counts is None:
        counts = _graph_counts(cohort, matched_mentee, load, graph_degree_e, graph_degree_m)
    mentee_reasons = _mentee_reasons(cohort, counts, matched_mentee, capacity, pins, rejected)
    unmatched_mentees = {key: "; ".join(reasons) for key, reasons in mentee_reasons.items()}
    mentor_reasons = {
        cohort.mentors.ids[m]: mentor_reason(cohort.mentor_candidates[m], int(counts.mentor_feasible[m]))
        for m in np.flatnonzero(load == 0).tolist()
    }
    unmatched_mentors: dict[Hashable, str] = dict(mentor_reasons)
    unmatched = dict(unmatched_mentees)
    for key, reason in unmatched_mentors.items():
        unmatched[key] = f"{unmatched[key]} / {reason}" if key in unmatched else reason
    unmatched_reasons = {key: tuple(reasons) for key, reasons in mentee_reasons.items()}
    for key, reason in mentor_reasons.items():
        unmatched_reasons[key] = (*unmatched_reasons.get(key, ()), reason)

    values = [p[2] for p in pairs]
    total = float(sum(values))
    stats = MatchStats(
        total_score=total,
        mean_score=total / len(values) if values else 0.0,
        min_score=min(values) if values else 0.0,
        matched=len(pairs),
        greedy_total=greedy_total,
        candidates_considered=len(edge_e),
        upper_bound=(total if exact else pin_total + solution.upper_bound),
        exact=exact,
        pinned=len(pins),
        rejected_pins=tuple(rejected),
    )
    return MatchResult(pairs, unmatched, stats, unmatched_mentees, unmatched_mentors, unmatched_reasons)


def _graph_counts(
    cohort: Cohort,
    matched_mentee: np.ndarray,
    load: np.ndarray,
    degree_e: np.ndarray,
    degree_m: np.ndarray,
) -> Counts:
    """Rule counts for the unmatched of the large-cohort path.

    Anyone with a feasible candidate edge is known to have a compatible partner, which is all the
    reasons need (their counts are then lower bounds); only people without any edge are rescanned
    exactly against the other side, so a cohort where most people stay unmatched stays cheap.
    """
    scan_e = np.flatnonzero(~matched_mentee & (degree_e == 0))
    scan_m = np.flatnonzero((load == 0) & (degree_m == 0))
    exact = rule_counts(cohort, scan_e, scan_m)
    has_edge = degree_e > 0
    return Counts(
        reachable=np.where(has_edge, degree_e, exact.reachable),
        line_free=np.where(has_edge, degree_e, exact.line_free),
        allowed=np.where(has_edge, degree_e, exact.allowed),
        feasible=np.where(has_edge, degree_e, exact.feasible),
        mentor_feasible=np.where(degree_m > 0, degree_m, exact.mentor_feasible),
    )


def _pair_scores(
    edge_e: np.ndarray, edge_m: np.ndarray, edge_score: np.ndarray, e: np.ndarray, m: np.ndarray
) -> np.ndarray:
    if len(e) == 0:
        return np.zeros(0)
    width = int(max(edge_m.max(initial=0), m.max(initial=0))) + 1
    keys = edge_e * width + edge_m
    order = np.argsort(keys, kind="stable")
    position = order[np.searchsorted(keys[order], e * width + m)]
    return edge_score[position]


def _total(edge_e: np.ndarray, edge_m: np.ndarray, edge_score: np.ndarray, mentor_of: np.ndarray) -> float:
    chosen = np.flatnonzero(mentor_of >= 0)
    return float(_pair_scores(edge_e, edge_m, edge_score, chosen, mentor_of[chosen]).sum())


def _pair(
    cohort: Cohort, m: int, e: int, value: float, weights: Weights, at: datetime, pinned: bool = False
) -> Pair:
    mentor, mentee = cohort.mentor_candidates[m], cohort.mentee_candidates[e]
    return (mentor.id, mentee.id, float(value), explain_pair(mentor, mentee, weights, at, pinned))


def _mentee_reasons(
    cohort: Cohort,
    counts: Counts,
    matched: np.ndarray,
    capacity: np.ndarray,
    pins: list[tuple[int, int]],
    rejected: list[tuple[Hashable, Hashable, Reason]],
) -> dict[Hashable, list[Reason]]:
    any_capacity = bool((capacity > 0).any())
    pin_notes: dict[Hashable, Reason] = {}
    for _mentor_id, mentee_id, problem in rejected:
        if mentee_id in cohort.mentees.index:
            pin_notes.setdefault(mentee_id, pin_rejected(problem))
    reasons: dict[Hashable, list[Reason]] = {}
    for e in np.flatnonzero(~matched).tolist():
        mentee = cohort.mentee_candidates[e]
        reason = mentee_reason(
            mentee,
            int(counts.reachable[e]),
            int(counts.line_free[e]),
            int(counts.feasible[e]),
            any_capacity,
            int(counts.allowed[e]),
            cohort.minimum,
        )
        note = pin_notes.get(mentee.id)
        reasons[mentee.id] = [note, reason] if note else [reason]
    return reasons
