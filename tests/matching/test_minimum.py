"""The minimum score (issue 12, "No hopeless pairs"): below it no pair is proposed, and the mentee
who stays unmatched for that reason is told so. Pins are staff asking and keep their pair."""

from __future__ import annotations

import pytest

from revmentor_plugin.matching import Candidate, Weights, match

PATHS = [pytest.param({}, id="dense"), pytest.param({"dense_limit": 0}, id="candidate-graph")]


def person(pid, **kw) -> Candidate:
    kw.setdefault("languages", {"en"})
    return Candidate(id=pid, **kw)


def cohort():
    # With the default weights and no seniority or department: 0.01 + 1 (same timezone) + 0.5
    # (seniority unknown) = 1.51, plus 3 when the mentor offers everything sought.
    mentors = [person("python_dev", skills_offered={"python"}, capacity=2)]
    mentees = [
        person("wants_python", skills_sought={"python"}),
        person("wants_cooking", skills_sought={"cooking"}),
    ]
    return mentors, mentees


@pytest.mark.parametrize("path", PATHS)
def test_no_minimum_proposes_hopeless_pairs_as_before(path):
    result = match(*cohort(), **path)
    assert {(m, e) for m, e, _, _ in result.pairs} == {
        ("python_dev", "wants_python"),
        ("python_dev", "wants_cooking"),
    }


@pytest.mark.parametrize("path", PATHS)
def test_a_pair_below_the_minimum_is_not_proposed_and_the_mentee_is_told_why(path):
    result = match(*cohort(), minimum_score=2, **path)
    assert [(m, e) for m, e, _, _ in result.pairs] == [("python_dev", "wants_python")]
    assert result.unmatched_mentees == {"wants_cooking": "No mentor scores at least 2 for this mentee"}
    assert result.stats.min_score == pytest.approx(4.51)


@pytest.mark.parametrize("path", PATHS)
def test_a_score_equal_to_the_minimum_reaches_it(path):
    result = match(*cohort(), minimum_score=1.51, **path)
    assert len(result.pairs) == 2


@pytest.mark.parametrize("path", PATHS)
def test_the_minimum_leaves_the_diversity_criterion_out(path):
    """ADR 0003: the minimum is compared with the score shown, which has no diversity in it."""
    mentors = [person("python_dev", skills_offered={"python"}, attributes={"q": "a"})]
    mentees = [person("wants_cooking", skills_sought={"cooking"}, attributes={"q": "b"})]
    weights = Weights(diversity=3.0)
    assert match(mentors, mentees, weights, **path).pairs[0][2] == pytest.approx(4.51)
    result = match(mentors, mentees, weights, minimum_score=2, **path)
    assert result.pairs == []
    assert result.unmatched_mentees == {"wants_cooking": "No mentor scores at least 2 for this mentee"}


@pytest.mark.parametrize("path", PATHS)
def test_a_pin_is_kept_below_the_minimum(path):
    result = match(*cohort(), minimum_score=2, pinned=[("python_dev", "wants_cooking")], **path)
    assert {(m, e) for m, e, _, _ in result.pairs} == {
        ("python_dev", "wants_python"),
        ("python_dev", "wants_cooking"),
    }
    assert result.stats.rejected_pins == ()


def test_other_reasons_win_over_the_minimum():
    mentors = [person("python_dev", skills_offered={"python"})]
    mentees = [person("klingon", languages={"tlh"})]
    result = match(mentors, mentees, minimum_score=2)
    assert result.unmatched_mentees == {"klingon": "No mentor shares a language"}


@pytest.mark.parametrize("minimum", [-1, float("nan"), float("inf"), True])
def test_a_bad_minimum_is_refused(minimum):
    with pytest.raises(ValueError, match="minimum_score"):
        match(*cohort(), minimum_score=minimum)
