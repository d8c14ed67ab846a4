"""Validation of the input types: Weights as stored dicts, Candidate normalisation."""

from __future__ import annotations

import math

import pytest

from revmentor_plugin.matching import Candidate, Weights, match


def test_defaults_and_round_trip():
    w = Weights()
    assert w.as_dict() == {
        "skills": 3.0,
        "interests": 1.0,
        "timezone": 1.0,
        "department": 0.5,
        "seniority": 1.0,
        "diversity": 0.0,
    }
    assert Weights.from_dict(w.as_dict()) == w
    assert Weights.from_dict({}) == w
    assert Weights.from_dict(None) == w
    assert Weights.from_dict({"skills": 2, "diversity": 0.5}) == Weights(skills=2.0, diversity=0.5)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"skill": 1.0}, "skill"),
        ({"skills": -1}, "skills"),
        ({"interests": "high"}, "interests"),
        ({"timezone": None}, "timezone"),
        ({"department": True}, "department"),
        ({"seniority": math.nan}, "seniority"),
        ({"diversity": math.inf}, "diversity"),
    ],
)
def test_from_dict_rejects_bad_entries_naming_the_key(data, key):
    with pytest.raises(ValueError, match=key):
        Weights.from_dict(data)


def test_from_dict_rejects_non_mappings_and_direct_negatives():
    with pytest.raises(ValueError, match="mapping"):
        Weights.from_dict([("skills", 1)])
    with pytest.raises(ValueError, match="skills"):
        Weights(skills=-0.1)


def test_match_accepts_a_stored_dict_and_validates_it():
    mentor, mentee = Candidate("m", languages={"en"}), Candidate("e", languages={"en"})
    assert match([mentor], [mentee], {"skills": 1}).stats.matched == 1
    with pytest.raises(ValueError, match="bogus"):
        match([mentor], [mentee], {"bogus": 1})


def test_candidate_normalises_sets_and_stays_hashable():
    c = Candidate("x", skills_offered=["a", "b"], languages=("en",), attributes={"g": "f"})
    assert c.skills_offered == frozenset({"a", "b"})
    assert c.languages == frozenset({"en"})
    assert hash(c) == hash(Candidate("x", skills_offered={"a", "b"}, languages={"en"}, attributes={"g": "m"}))
    assert c.timezone == "UTC"
    assert c.capacity == 1
    assert c.seniority is None


def test_candidate_copies_attributes():
    source = {"gender": "f"}
    c = Candidate("x", attributes=source)
    source["gender"] = "m"
    assert c.attributes == {"gender": "f"}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"skills_offered": "python"},
        {"capacity": 1.5},
        {"capacity": True},
        {"seniority": "senior"},
    ],
)
def test_candidate_rejects_bad_values(kwargs):
    with pytest.raises(TypeError):
        Candidate("x", **kwargs)


def test_candidate_requires_an_id():
    with pytest.raises(ValueError, match="id"):
        Candidate(None)
    with pytest.raises(TypeError):
        Candidate(["unhashable"])
