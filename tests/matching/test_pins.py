"""Pinned pairs: kept when feasible (consuming capacity), reported when not."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from revmentor_plugin.matching import Candidate, match, score_matrix
from revmentor_plugin.matching import explain as texts

from .helpers import check_result, cohorts

PATHS = [pytest.param({}, id="dense"), pytest.param({"dense_limit": 0}, id="candidate-graph")]


def person(pid, **kw) -> Candidate:
    kw.setdefault("languages", {"en"})
    return Candidate(id=pid, **kw)


def cohort():
    mentors = [
        person("python_dev", skills_offered={"python"}, capacity=1),
        person("designer", skills_offered={"figma"}, capacity=2),
    ]
    mentees = [
        person("wants_python", skills_sought={"python"}),
        person("wants_figma", skills_sought={"figma"}),
        person("wants_both", skills_sought={"python", "figma"}),
    ]
    return mentors, mentees


@pytest.mark.parametrize("path", PATHS)
def test_pin_overrides_the_optimum_and_consumes_capacity(path):
    mentors, mentees = cohort()
    free = match(mentors, mentees, **path)
    assert ("python_dev", "wants_python") in {(m, e) for m, e, _, _ in free.pairs}
    pinned = match(mentors, mentees, pinned=[("python_dev", "wants_figma")], **path)
    pairs = {(m, e) for m, e, _, _ in pinned.pairs}
    assert ("python_dev", "wants_figma") in pairs
    assert not any(m == "python_dev" and e != "wants_figma" for m, e in pairs)
    assert pinned.stats.pinned == 1
    assert pinned.pairs[0][3][0] == "Pinned by programme staff"
    assert pinned.stats.total_score < free.stats.total_score


def test_rest_is_optimal_given_the_pins():
    rng = np.random.default_rng(3)
    skills = ["a", "b", "c", "d"]
    mentors = [
        person(f"m{i}", skills_offered=set(rng.choice(skills, 2)), capacity=int(rng.integers(1, 3)))
        for i in range(6)
    ]
    mentees = [person(f"e{i}", skills_sought=set(rng.choice(skills, 2))) for i in range(10)]
    result = match(mentors, mentees, pinned=[("m0", "e0"), ("m3", "e2"), ("m3", "e5")])
    kept = [(m, e) for m, e, _, lines in result.pairs if lines[0] == "Pinned by programme staff"]
    assert len(kept) == result.stats.pinned == 3 - len(result.stats.rejected_pins)

    scores, feasible = score_matrix(mentors, mentees)
    left = [m.capacity for m in mentors]
    pin_total = 0.0
    for m, e in kept:
        i, j = int(m[1:]), int(e[1:])
        left[i] -= 1
        pin_total += scores[i, j]
    rows = np.repeat(np.arange(len(mentors)), left)
    cols = [j for j in range(len(mentees)) if f"e{j}" not in {e for _, e in kept}]
    value = np.where(feasible, scores, 0)[np.ix_(rows, cols)]
    r, c = linear_sum_assignment(value, maximize=True)
    assert result.stats.total_score == pytest.approx(pin_total + value[r, c].sum(), abs=1e-9)


@pytest.mark.parametrize("path", PATHS)
def test_infeasible_pins_are_reported_not_raised(path):
    mentors = [person("boss", capacity=1), person("french", languages={"fr"}), person("zero", capacity=0)]
    mentees = [person("report", manager="boss"), person("anglo"), person("other"), person("boss")]
    pins = [
        ("boss", "report"),
        ("french", "anglo"),
        ("zero", "other"),
        ("nobody", "other"),
        ("boss", "ghost"),
        ("boss", "boss"),
        ("boss", "other"),
        ("boss", "anglo"),
        ("french", "other"),
    ]
    result = match(mentors, mentees, forbidden=[], pinned=pins, **path)
    assert [(m, e) for m, e, _, _ in result.pairs][:1] == [("boss", "other")]
    assert dict(((m, e), r) for m, e, r in result.stats.rejected_pins) == {
        ("boss", "report"): texts.PIN_SAME_LINE,
        ("french", "anglo"): texts.PIN_NO_LANGUAGE,
        ("zero", "other"): texts.PIN_NO_CAPACITY,
        ("nobody", "other"): texts.PIN_UNKNOWN_MENTOR,
        ("boss", "ghost"): texts.PIN_UNKNOWN_MENTEE,
        ("boss", "boss"): texts.PIN_SAME_PERSON,
        ("boss", "anglo"): texts.PIN_NO_CAPACITY,
        ("french", "other"): texts.PIN_DUPLICATE_MENTEE,
    }
    assert result.stats.pinned == 1
    assert result.unmatched_mentees["report"].startswith(
        "Pin not applied: Pinned pair is in the same reporting line"
    )
    assert result.stats.as_dict()["rejected_pins"][0] == ["boss", "report", texts.PIN_SAME_LINE]


def test_forbidden_pin_is_rejected():
    result = match([person("m")], [person("e")], forbidden=[("m", "e")], pinned=[("m", "e")])
    assert result.pairs == []
    assert result.stats.rejected_pins == (("m", "e", texts.PIN_FORBIDDEN),)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(), st.data())
def test_random_pins_never_break_rules(cohort, data):
    mentors, mentees, weights, forbidden = cohort
    pairs = [(m.id, e.id) for m in mentors for e in mentees]
    pins = data.draw(st.lists(st.sampled_from(pairs), max_size=4)) if pairs else []
    for path in ({}, {"dense_limit": 0}):
        result = match(mentors, mentees, weights, forbidden=forbidden, pinned=pins, **path)
        check_result(result, mentors, mentees, forbidden)
        kept = {(m, e) for m, e, _, lines in result.pairs if lines[0] == "Pinned by programme staff"}
        rejected = {(m, e) for m, e, _ in result.stats.rejected_pins}
        assert kept | rejected == set(pins)
        assert len(kept) == result.stats.pinned
