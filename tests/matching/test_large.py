"""The large-cohort path: candidate graph, auction solver and greedy baseline.

The big path is forced on medium cohorts with ``dense_limit=0`` and compared with the exact dense
optimum; the solver is checked against scipy on random graphs, including the validity of its dual
upper bound (the certificate the benchmark reports for cohorts too large to solve densely).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from benchmarks.matching.cohort import generate_cohort
from revmentor_plugin.matching import Candidate, Weights, match
from revmentor_plugin.matching.features import encode
from revmentor_plugin.matching.scoring import dense_scores
from revmentor_plugin.matching.screen import _row_top, candidate_graph
from revmentor_plugin.matching.solver import greedy, solve_auction

from .helpers import check_result, exact_optimum


def graph_optimum(n_e, edges, capacity):
    """Exact b-matching optimum of an edge list via dense scipy (mentor columns repeated)."""
    value = np.zeros((n_e, len(capacity)))
    for e, m, s in edges:
        value[e, m] = s
    cols = np.repeat(np.arange(len(capacity)), capacity)
    if len(cols) == 0 or n_e == 0:
        return 0.0
    r, c = linear_sum_assignment(value[:, cols], maximize=True)
    return float(value[:, cols][r, c].sum())


def csr(n_e, edges):
    edges = sorted(edges)
    indptr = np.zeros(n_e + 1, dtype=np.int64)
    for e, _, _ in edges:
        indptr[e + 1] += 1
    np.cumsum(indptr, out=indptr)
    mentor = np.array([m for _, m, _ in edges], dtype=np.int64)
    score = np.array([s for _, _, s in edges], dtype=np.float64)
    return indptr, mentor, score


@st.composite
def graphs(draw):
    n_e = draw(st.integers(1, 25))
    n_m = draw(st.integers(1, 12))
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=n_m, max_size=n_m)), dtype=np.int64)
    pairs = draw(st.sets(st.tuples(st.integers(0, n_e - 1), st.integers(0, n_m - 1)), max_size=80))
    levels = draw(st.sampled_from([[0.5, 1.0], [0.01, 0.3, 2.2, 5.0], None]))
    edges = [
        (e, m, draw(st.sampled_from(levels)) if levels else draw(st.floats(0.01, 6.0)))
        for e, m in sorted(pairs)
    ]
    return n_e, capacity, edges


@settings(max_examples=200, deadline=None, derandomize=True)
@given(graphs())
def test_auction_is_near_optimal_and_its_bound_is_valid(graph):
    n_e, capacity, edges = graph
    indptr, mentor, score = csr(n_e, edges)
    solution = solve_auction(indptr, mentor, score, capacity)
    optimum = graph_optimum(n_e, edges, capacity)
    lookup = {(e, m): s for e, m, s in edges}
    chosen = [(e, int(m)) for e, m in enumerate(solution.mentor_of) if m >= 0]
    assert all(pair in lookup for pair in chosen)
    assert all(np.bincount([m for _, m in chosen], minlength=len(capacity)) <= capacity)
    total = sum(lookup[pair] for pair in chosen)
    assert total <= optimum + 1e-9
    assert solution.upper_bound >= optimum - 1e-9
    best = max((s for _, _, s in edges), default=0)
    assert total >= optimum - n_e * 1e-3 * best - 1e-9


@settings(max_examples=100, deadline=None, derandomize=True)
@given(graphs())
def test_greedy_takes_the_best_remaining_edge(graph):
    n_e, capacity, edges = graph
    indptr, mentor, score = csr(n_e, edges)
    got = greedy(indptr, mentor, score, capacity)
    left = capacity.copy()
    expected = np.full(n_e, -1)
    for e, m, _ in sorted(edges, key=lambda x: (-x[2], x[0], x[1])):
        if expected[e] < 0 and left[m] > 0:
            expected[e] = m
            left[m] -= 1
    lookup = {(e, m): s for e, m, s in edges}
    total = sum(lookup[(e, m)] for e, m in enumerate(got) if m >= 0)
    assert total == pytest.approx(sum(lookup[(e, m)] for e, m in enumerate(expected) if m >= 0))


def test_row_top_equals_a_full_selection_with_ties_and_infeasible_entries():
    rng = np.random.default_rng(0)
    score = np.round(rng.random((40, 3000)) * 4, 1).astype(np.float32)
    score[rng.random(score.shape) < 0.3] = -np.inf
    score[5] = -np.inf
    score[6, :10] = 1.0
    score[6, 10:] = -np.inf
    rows, cols = _row_top(score, 50)
    for r in range(40):
        finite = np.sort(score[r][np.isfinite(score[r])])[::-1]
        picked = np.sort(score[r, cols[rows == r]])[::-1]
        assert len(picked) == min(50, len(finite))
        assert (picked == finite[: len(picked)]).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_candidate_graph_is_feasible_and_holds_each_mentees_best_mentor(seed):
    mentors, mentees = generate_cohort(400, seed=seed)
    cohort = encode(mentors, mentees, Weights())
    scores, feasible, _ = dense_scores(cohort)
    graph = candidate_graph(cohort, top_k=20, mentor_k=5)
    assert feasible[graph.mentee, graph.mentor].all()
    edges = set(zip(graph.mentee.tolist(), graph.mentor.tolist(), strict=True))
    for e in range(len(mentees)):
        if feasible[e].any():
            best = scores[e].max()
            assert any((e, m) in edges for m in np.flatnonzero(scores[e] == best))
    in_degree = np.bincount(graph.mentor, minlength=len(mentors))
    reachable = feasible.sum(axis=0)
    assert (in_degree >= np.minimum(reachable, 5)).all()


@pytest.mark.parametrize(("seed", "top_k", "mentor_k"), [(0, 50, 10), (1, 50, 10), (2, 50, 10), (3, 30, 10)])
def test_large_path_is_within_half_a_percent_of_the_exact_optimum(seed, top_k, mentor_k):
    mentors, mentees = generate_cohort(600, seed=seed)
    exact = match(mentors, mentees)
    big = match(mentors, mentees, dense_limit=0, top_k=top_k, mentor_k=mentor_k)
    assert exact.stats.exact
    assert not big.stats.exact
    check_result(big, mentors, mentees)
    optimum = exact.stats.total_score
    assert optimum == pytest.approx(exact_optimum(mentors, mentees), rel=1e-12)
    assert optimum * 0.995 <= big.stats.total_score <= optimum + 1e-9
    assert big.stats.greedy_total < big.stats.total_score
    assert exact.stats.greedy_total < optimum


def test_large_path_matches_most_mentees_and_is_deterministic():
    mentors, mentees = generate_cohort(3000, seed=7)
    first = match(mentors, mentees, dense_limit=0)
    second = match(mentors, mentees, dense_limit=0)
    assert first.pairs == second.pairs
    assert first.stats.matched >= 0.9 * len(mentees)
    assert first.stats.total_score <= first.stats.upper_bound
    assert (first.stats.upper_bound - first.stats.total_score) / first.stats.total_score < 0.005


def test_identical_profiles_do_not_collapse_the_candidate_graph():
    """Ties everywhere: without per-pair tie-breaking every mentee would list the same 50 mentors."""
    mentors = [Candidate(f"m{i}", skills_offered={"a"}, languages={"en"}, capacity=2) for i in range(1000)]
    mentees = [Candidate(f"e{i}", skills_sought={"a"}, languages={"en"}) for i in range(2000)]
    big = match(mentors, mentees, dense_limit=0)
    assert big.stats.matched == 2000
    assert big.stats.total_score == pytest.approx(match(mentors, mentees).stats.total_score)
