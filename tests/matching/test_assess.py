"""One pair, or one mentee's ranked mentors, judged exactly as `match()` judges them."""

from __future__ import annotations

import pytest

from revmentor_plugin.matching import Candidate, Rule, Weights, assess_pair, match, rank_mentors


def person(pid, **kw) -> Candidate:
    kw.setdefault("languages", {"en"})
    return Candidate(id=pid, **kw)


MENTORS = [
    person("ana", skills_offered={"python"}, interests={"jazz"}, seniority=1),
    person("ben", skills_offered={"sql"}, seniority=5),
    person("cy", skills_offered={"python", "sql"}, languages={"fr"}),
]
MENTEES = [person("dee", skills_sought={"python", "sql"}, interests={"jazz"}, seniority=4)]


def test_the_score_and_explanation_are_those_of_a_run():
    (pair,) = match(MENTORS[:1], MENTEES).pairs
    judged = assess_pair(MENTORS, MENTEES, "ana", "dee")
    assert judged.allowed
    assert (judged.score, judged.explanation) == (pytest.approx(pair[2]), pair[3])


@pytest.mark.parametrize(
    ("mentors", "mentees", "mentor", "rule", "extra"),
    [
        (MENTORS, MENTEES, "cy", Rule.NO_LANGUAGE, {}),
        ([person("ana", capacity=0)], MENTEES, "ana", Rule.NO_CAPACITY, {}),
        ([person("ana", manager="dee")], MENTEES, "ana", Rule.SAME_LINE, {}),
        # Through someone in the cohort: dee manages boss, who manages ana.
        (
            [person("ana", manager="boss"), person("boss", manager="dee")],
            MENTEES,
            "ana",
            Rule.SAME_LINE,
            {},
        ),
        (MENTORS, MENTEES, "ana", Rule.FORBIDDEN, {"forbidden": [("ana", "dee")]}),
        (MENTORS, MENTEES, "ben", Rule.BELOW_MINIMUM, {"minimum_score": 4.0}),
    ],
)
def test_each_hard_rule_is_named(mentors, mentees, mentor, rule, extra):
    judged = assess_pair(mentors, mentees, mentor, "dee", **extra)
    assert (judged.allowed, judged.problem) == (False, rule)


def test_the_shown_score_leaves_diversity_out():
    weights = Weights(diversity=5.0)
    mentor = person("ana", attributes={"gender": "f"})
    mentee = person("dee", attributes={"gender": "m"})
    plain = assess_pair([mentor], [mentee], "ana", "dee", Weights())
    assert assess_pair([mentor], [mentee], "ana", "dee", weights).score == pytest.approx(plain.score)


def test_rank_mentors_lists_allowed_mentors_best_first():
    ranked = rank_mentors(MENTORS, MENTEES, "dee")
    assert [a.mentor for a in ranked] == ["ana", "ben"]  # cy shares no language
    assert ranked[0].score > ranked[1].score
    assert [a.mentor for a in rank_mentors(MENTORS, MENTEES, "dee", forbidden=[("ana", "dee")])] == ["ben"]
    assert [a.mentor for a in rank_mentors(MENTORS, MENTEES, "dee", limit=1)] == ["ana"]
    assert rank_mentors(MENTORS, MENTEES, "dee", minimum_score=100) == []
