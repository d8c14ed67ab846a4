"""Each scoring criterion on hand-made pairs, plus timezone handling."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from revmentor_plugin.matching import BASE_SCORE, Candidate, Weights, diversity_share, score_matrix
from revmentor_plugin.matching.features import encode, utc_offset_hours

ONLY = {k: 0.0 for k in Weights().as_dict()}


def only(criterion: str, weight: float = 1.0) -> Weights:
    return Weights.from_dict({**ONLY, criterion: weight})


def pair_score(mentor: Candidate, mentee: Candidate, weights: Weights, **kwargs) -> float:
    scores, feasible = score_matrix([mentor], [mentee], weights, **kwargs)
    assert feasible[0, 0]
    return float(scores[0, 0])


def mentor(**kw) -> Candidate:
    return Candidate(id=kw.pop("id", "m"), languages=kw.pop("languages", {"en"}), **kw)


def mentee(**kw) -> Candidate:
    return Candidate(id=kw.pop("id", "e"), languages=kw.pop("languages", {"en"}), **kw)


def test_base_score_keeps_every_feasible_pair_positive():
    assert pair_score(mentor(), mentee(), Weights(**ONLY)) == BASE_SCORE > 0


def test_skills_is_the_share_of_sought_skills_offered():
    w = only("skills", 3.0)
    got = pair_score(mentor(skills_offered={"a", "b", "z"}), mentee(skills_sought={"a", "b", "c", "d"}), w)
    assert got == pytest.approx(BASE_SCORE + 3.0 * 0.5)
    assert pair_score(mentor(skills_offered={"a"}), mentee(), w) == pytest.approx(BASE_SCORE)


def test_interests_is_jaccard():
    w = only("interests")
    got = pair_score(mentor(interests={"jazz", "chess"}), mentee(interests={"chess", "film"}), w)
    assert got == pytest.approx(BASE_SCORE + 1 / 3)
    assert pair_score(mentor(), mentee(), w) == pytest.approx(BASE_SCORE)


@pytest.mark.parametrize(
    ("tz_a", "tz_b", "hours"),
    [
        ("Europe/Paris", "Europe/Berlin", 0),
        ("America/New_York", "Europe/London", 5),
        ("Asia/Kolkata", "UTC", 5.5),
        ("Pacific/Kiritimati", "Pacific/Pago_Pago", 1),  # +14 and -11: 25 h apart = 1 h round the clock
        ("Pacific/Kiritimati", "UTC", 10),
        ("Asia/Tokyo", "America/Los_Angeles", 7),  # +9 and -8: 17 h one way, 7 h the other
        ("Not/AZone", "UTC", 0),
    ],
)
def test_timezone_uses_the_circular_offset_difference(tz_a, tz_b, hours):
    got = pair_score(mentor(timezone=tz_a), mentee(timezone=tz_b), only("timezone"))
    assert got == pytest.approx(BASE_SCORE + 1 - min(hours, 12) / 12)


def test_timezone_offsets_are_taken_at_the_reference_instant():
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)
    london_utc = (mentor(timezone="Europe/London"), mentee(timezone="UTC"), only("timezone"))
    assert pair_score(*london_utc) == pytest.approx(BASE_SCORE + 1)
    assert pair_score(*london_utc, at=summer) == pytest.approx(BASE_SCORE + 11 / 12)


def test_unknown_timezones_count_as_utc_without_crashing():
    assert utc_offset_hours("Not/AZone") == 0.0
    assert utc_offset_hours("") == 0.0
    assert utc_offset_hours("America") == 0.0
    assert utc_offset_hours("../etc/passwd") == 0.0


def test_offsets_are_looked_up_once_per_distinct_timezone():
    utc_offset_hours.cache_clear()
    names = ["Europe/Paris", "Asia/Tokyo", "UTC"]
    people = [mentor(id=f"m{i}", timezone=names[i % 3]) for i in range(300)]
    encode(people, [mentee(timezone="Asia/Tokyo")], Weights())
    assert utc_offset_hours.cache_info().misses == 3


def test_department_rewards_different_known_departments():
    w = only("department")
    assert pair_score(mentor(department="Eng"), mentee(department="Fin"), w) == pytest.approx(BASE_SCORE + 1)
    assert pair_score(mentor(department="Eng"), mentee(department="Eng"), w) == pytest.approx(BASE_SCORE)
    assert pair_score(mentor(department="Eng"), mentee(), w) == pytest.approx(BASE_SCORE)


@pytest.mark.parametrize(
    ("mentor_level", "mentee_level", "value"),
    [(2, 5, 1.0), (5, 5, 0.0), (6, 5, 0.0), (None, 5, 0.5), (2, None, 0.5), (None, None, 0.5)],
)
def test_seniority_rewards_the_mentor_being_more_junior(mentor_level, mentee_level, value):
    got = pair_score(mentor(seniority=mentor_level), mentee(seniority=mentee_level), only("seniority"))
    assert got == pytest.approx(BASE_SCORE + value)


def test_diversity_counts_differing_shared_attributes_only_when_weighted():
    a = mentor(attributes={"gender": "f", "origin": "x", "only_mentor": 1})
    b = mentee(attributes={"gender": "m", "origin": "x"})
    assert pair_score(a, b, only("diversity", 2.0)) == pytest.approx(BASE_SCORE + 2.0 * 0.5)
    assert pair_score(a, b, Weights(**ONLY)) == pytest.approx(BASE_SCORE)
    assert pair_score(a, mentee(), only("diversity")) == pytest.approx(BASE_SCORE)


@pytest.mark.parametrize(
    ("mentor_answers", "mentee_answers", "share"),
    [
        ({"gender": "f", "origin": "x", "only_mentor": 1}, {"gender": "m", "origin": "x"}, 0.5),
        ({"a": 1, "b": 2}, {"a": 2, "b": 1}, 1.0),
        ({"a": 1}, {"a": 1}, 0.0),
        ({"a": None, "b": "x"}, {"a": "y", "b": "z"}, 1.0),
        ({"a": 1}, {"b": 1}, 0.0),
        ({}, {}, 0.0),
    ],
)
def test_diversity_share_is_what_the_criterion_adds(mentor_answers, mentee_answers, share):
    """Callers subtract it to show a score that does not depend on the self-description."""
    a, b = mentor(attributes=mentor_answers), mentee(attributes=mentee_answers)
    assert diversity_share(a, b) == share
    weights = Weights(diversity=1.5)
    without = Weights(diversity=0.0)
    assert pair_score(a, b, weights) - 1.5 * share == pytest.approx(pair_score(a, b, without))


def test_weights_add_up_across_criteria():
    a = mentor(skills_offered={"py"}, interests={"jazz"}, department="Eng", seniority=1, timezone="UTC")
    b = mentee(skills_sought={"py"}, interests={"jazz"}, department="Fin", seniority=9, timezone="UTC")
    assert pair_score(a, b, Weights()) == pytest.approx(BASE_SCORE + 3.0 + 1.0 + 1.0 + 0.5 + 1.0)


def test_score_matrix_is_mentors_by_mentees_with_zero_for_infeasible():
    mentors = [mentor(id="m1"), mentor(id="m2", languages={"fr"})]
    mentees = [mentee(id="e1"), mentee(id="e2"), mentee(id="e3", languages={"fr", "en"})]
    scores, feasible = score_matrix(mentors, mentees)
    assert scores.shape == feasible.shape == (2, 3)
    assert feasible.tolist() == [[True, True, True], [False, False, True]]
    assert (scores[~feasible] == 0).all()
    assert (scores[feasible] > 0).all()


def test_score_matrix_accepts_a_stored_weights_dict():
    scores, _ = score_matrix([mentor()], [mentee()], {"skills": 0, "interests": 0, "timezone": 0})
    assert scores[0, 0] == pytest.approx(BASE_SCORE + 1.0 * 0.5)  # only seniority, unknown: 0.5


def test_score_matrix_handles_empty_sides():
    for mentors, mentees, shape in (([], [mentee()], (0, 1)), ([mentor()], [], (1, 0)), ([], [], (0, 0))):
        scores, feasible = score_matrix(mentors, mentees)
        assert scores.shape == feasible.shape == shape
        assert scores.dtype == np.float64
