"""Property tests on random cohorts: hard rules always hold and the total is the exact optimum."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from revmentor_plugin.matching import match, score_matrix

from .helpers import check_result, cohorts, exact_optimum, manager_map, reference_feasible, reference_score

SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(cohorts())
def test_no_rule_broken_and_every_unmatched_has_a_reason(cohort):
    mentors, mentees, weights, forbidden = cohort
    result = match(mentors, mentees, weights, forbidden=forbidden)
    check_result(result, mentors, mentees, forbidden)


@SETTINGS
@given(cohorts())
def test_total_is_the_exact_optimum(cohort):
    mentors, mentees, weights, forbidden = cohort
    result = match(mentors, mentees, weights, forbidden=forbidden)
    optimum = exact_optimum(mentors, mentees, weights, forbidden)
    assert abs(result.stats.total_score - optimum) <= 1e-9 * max(1.0, optimum)
    assert result.stats.exact
    assert result.stats.greedy_total <= result.stats.total_score + 1e-9


@SETTINGS
@given(cohorts())
def test_total_is_the_sum_of_score_matrix_entries(cohort):
    mentors, mentees, weights, forbidden = cohort
    scores, feasible = score_matrix(mentors, mentees, weights, forbidden=forbidden)
    row = {m.id: i for i, m in enumerate(mentors)}
    col = {e.id: j for j, e in enumerate(mentees)}
    result = match(mentors, mentees, weights, forbidden=forbidden)
    for mentor_id, mentee_id, score, _ in result.pairs:
        assert feasible[row[mentor_id], col[mentee_id]]
        assert score == scores[row[mentor_id], col[mentee_id]]
    assert result.stats.total_score == sum(scores[row[m], col[e]] for m, e, _, _ in result.pairs)


@SETTINGS
@given(cohorts())
def test_score_matrix_matches_the_naive_reference(cohort):
    mentors, mentees, weights, forbidden = cohort
    scores, feasible = score_matrix(mentors, mentees, weights, forbidden=forbidden)
    assert scores.shape == feasible.shape == (len(mentors), len(mentees))
    managers = manager_map(mentors, mentees)
    for i, mentor in enumerate(mentors):
        for j, mentee in enumerate(mentees):
            ok = reference_feasible(mentor, mentee, managers, set(forbidden))
            assert feasible[i, j] == ok, (mentor.id, mentee.id)
            expected = reference_score(mentor, mentee, weights) if ok else 0.0
            assert np.isclose(scores[i, j], expected, rtol=0, atol=1e-12)


@SETTINGS
@given(cohorts())
def test_large_cohort_path_keeps_rules_and_stays_near_optimum(cohort):
    mentors, mentees, weights, forbidden = cohort
    result = match(mentors, mentees, weights, forbidden=forbidden, dense_limit=0)
    check_result(result, mentors, mentees, forbidden)
    optimum = exact_optimum(mentors, mentees, weights, forbidden)
    assert result.stats.exact == (len(mentees) * sum(max(m.capacity, 0) for m in mentors) == 0)
    assert result.stats.total_score <= optimum + 1e-9
    assert result.stats.upper_bound >= optimum - 1e-9
    assert (
        result.stats.total_score
        >= optimum - len(mentees) * 0.01 * max(weights.as_dict().values(), default=0) - 0.01
    )
