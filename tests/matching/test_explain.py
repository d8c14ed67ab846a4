"""Explanations of pairs and reasons for the unmatched, on both solver paths."""

from __future__ import annotations

import pytest

from revmentor_plugin.matching import Candidate, Weights, explain_pair, match
from revmentor_plugin.matching import explain as texts

PATHS = [pytest.param({}, id="dense"), pytest.param({"dense_limit": 0}, id="candidate-graph")]


def person(pid, **kw) -> Candidate:
    kw.setdefault("languages", {"en"})
    return Candidate(id=pid, **kw)


def test_translation_marker_is_identity():
    assert texts._("Same timezone") == "Same timezone"


def test_explanation_names_skills_interests_language_department_timezone_seniority():
    mentor = person(
        "m",
        skills_offered={"python", "data visualisation", "tiktok"},
        interests={"jazz", "chess"},
        languages={"en", "fr"},
        department="Engineering",
        timezone="Europe/London",
        seniority=2,
    )
    mentee = person(
        "e",
        skills_sought={"python", "data visualisation"},
        interests={"jazz"},
        languages={"en"},
        department="Finance",
        timezone="Europe/Paris",
        seniority=7,
    )
    assert explain_pair(mentor, mentee, Weights()) == [
        "Offers data visualisation and python, which this mentee wants to learn",
        "Both enjoy jazz",
        "Shares a language: en",
        "Different departments: Engineering and Finance",
        "Timezones one hour apart",
        "Mentor is more junior, as reverse mentoring intends",
    ]


@pytest.mark.parametrize(
    ("tz_a", "tz_b", "text"),
    [
        ("UTC", "Europe/London", "Same timezone"),
        ("UTC", "Asia/Kolkata", "Timezones 5.5 hours apart"),
        ("Asia/Tokyo", "America/Los_Angeles", "Timezones 7 hours apart"),
    ],
)
def test_timezone_sentences(tz_a, tz_b, text):
    assert text in explain_pair(person("m", timezone=tz_a), person("e", timezone=tz_b), Weights())


def test_other_sentences():
    w = Weights(diversity=1.0)
    lines = explain_pair(
        person(
            "m", languages={"en", "fr", "de"}, department="Sales", seniority=5, attributes={"gender": "f"}
        ),
        person(
            "e",
            skills_sought={"excel"},
            languages={"fr", "en"},
            department="Sales",
            seniority=5,
            attributes={"gender": "m"},
        ),
        w,
        pinned=True,
    )
    assert lines == [
        "Pinned by programme staff",
        "Offers none of the skills this mentee wants to learn",
        "Shares languages: en and fr",
        "Same department: Sales",
        "Same timezone",
        "Mentor is not more junior than the mentee",
        "Diversity was considered",
    ]
    assert "Seniority of one of them is unknown" in explain_pair(person("m"), person("e"), Weights())


ANSWERS = [
    pytest.param(
        {"q_generation": "a_20s", "q_origin": "a_north"},
        {"q_generation": "a_50s", "q_origin": "a_south"},
        id="all-differ",
    ),
    pytest.param(
        {"q_generation": "a_20s", "q_origin": "a_north"},
        {"q_generation": "a_20s", "q_origin": "a_south"},
        id="some-differ",
    ),
    pytest.param({"q_generation": "a_40s"}, {"q_generation": "a_40s"}, id="same"),
    pytest.param({"q_generation": "a_40s"}, {}, id="one-answered"),
    pytest.param({}, {}, id="none-answered"),
    pytest.param({"q_generation": None}, {"q_generation": "a_30s"}, id="declined-to-answer"),
]


@pytest.mark.parametrize(("mentor_answers", "mentee_answers"), ANSWERS)
def test_explanations_never_compare_self_descriptions(mentor_answers, mentee_answers):
    """Both people read the explanation: it may say that diversity counted, never how they compare
    (which would tell each of them the other's answers), nor whether either of them answered."""
    weights = Weights(diversity=2.0)
    lines = explain_pair(
        person("m", attributes=mentor_answers), person("e", attributes=mentee_answers), weights
    )
    assert lines == explain_pair(person("m"), person("e"), weights)
    assert texts.DIVERSITY_CONSIDERED in lines
    said = " ".join(lines).casefold()
    for word in ("q_", "a_", "background", "similar", "different"):
        assert word not in said
    assert texts.DIVERSITY_CONSIDERED not in explain_pair(
        person("m", attributes=mentor_answers), person("e", attributes=mentee_answers), Weights()
    )


@pytest.mark.parametrize("path", PATHS)
def test_match_explains_diversity_the_same_way_whatever_the_answers(path):
    mentors = [person("m1", attributes={"q_age": "a_20s"}), person("m2", attributes={"q_age": "a_60s"})]
    mentees = [person("e1", attributes={"q_age": "a_20s"}), person("e2", attributes={"q_age": "a_30s"})]
    result = match(mentors, mentees, Weights(diversity=5.0), **path)
    assert len(result.pairs) == 2
    for *_ids, _score, lines in result.pairs:
        assert lines[-1] == texts.DIVERSITY_CONSIDERED
        assert not any("q_" in line or "a_" in line or "ackground" in line for line in lines)


def test_zero_weight_criteria_are_not_explained():
    lines = explain_pair(person("m", department="A"), person("e", department="B"), Weights(department=0))
    assert not any("department" in line for line in lines)


def test_match_attaches_explanations():
    result = match([person("m", skills_offered={"sql"})], [person("e", skills_sought={"sql"})])
    ((_, _, _, lines),) = result.pairs
    assert lines[0] == "Offers sql, which this mentee wants to learn"


@pytest.mark.parametrize("path", PATHS)
def test_each_mentee_reason(path):
    mentors = [
        person("boss", capacity=1),
        person("french", languages={"fr"}, capacity=1),
        person("declined", languages={"de"}, capacity=1),
    ]
    mentees = [
        person("no_language", languages=set()),
        person("japanese", languages={"ja"}),
        person("report", manager="boss"),
        person("german", languages={"de"}),
        person("french_1", languages={"fr"}),
        person("french_2", languages={"fr"}),
    ]
    result = match(mentors, mentees, forbidden=[("declined", "german")], **path)
    reasons = result.unmatched_mentees
    assert reasons.pop("no_language") == texts.MENTEE_NO_LANGUAGE_GIVEN
    assert reasons.pop("japanese") == "No mentor shares a language"
    assert reasons.pop("report") == "The only candidates are in the same reporting line"
    assert (
        reasons.pop("german") == "Every compatible mentor was excluded (declined, closed or forbidden before)"
    )
    assert list(reasons.values()) == ["All compatible mentors are at capacity"]
    assert result.unmatched_mentors == {"boss": "No compatible mentee", "declined": "No compatible mentee"}


@pytest.mark.parametrize("path", PATHS)
def test_each_mentor_reason(path):
    mentors = [person("zero", capacity=0), person("lonely", languages={"ja"}), person("a"), person("b")]
    result = match(mentors, [person("e")], **path)
    assert result.unmatched_mentors.pop("zero") == "Capacity is zero"
    assert result.unmatched_mentors.pop("lonely") == "No compatible mentee"
    assert list(result.unmatched_mentors.values()) == ["No compatible mentee left"]


@pytest.mark.parametrize("path", PATHS)
def test_no_mentor_with_capacity(path):
    result = match([person("m", capacity=0)], [person("e")], **path)
    assert result.unmatched_mentees == {"e": "No mentor has any capacity"}
    assert match([], [person("e")], **path).unmatched == {"e": "No mentor has any capacity"}


def test_same_person_unmatched_in_both_roles_gets_both_reasons():
    result = match([person("p", capacity=0)], [person("p")])
    assert result.unmatched == {"p": "No mentor has any capacity / Capacity is zero"}


def test_each_reason_carries_a_code_and_parameters_without_the_sentence():
    """Issue 12: the web layer stores codes and params and words them for the reader."""
    mentor = person("m", skills_offered={"python", "sql"}, interests={"jazz"}, department="A", seniority=1)
    mentee = person("e", skills_sought={"python", "sql"}, interests={"jazz"}, department="B", seniority=3)
    reasons = explain_pair(mentor, mentee, Weights(diversity=1.0), pinned=True)
    assert [reason.as_dict() for reason in reasons] == [
        {"code": "pinned", "params": {}},
        {"code": "skills_offered", "params": {"skills": ["python", "sql"]}},
        {"code": "interests_shared", "params": {"interests": ["jazz"]}},
        {"code": "languages_shared", "params": {"languages": ["en"]}},
        {"code": "departments_different", "params": {"mentor": "A", "mentee": "B"}},
        {"code": "timezone_same", "params": {}},
        {"code": "mentor_more_junior", "params": {}},
        {"code": "diversity_considered", "params": {}},  # never the answers (ADR 0003)
    ]


@pytest.mark.parametrize("path", PATHS)
def test_the_unmatched_keep_each_reason_with_its_code(path):
    result = match(
        [person("p", capacity=0)],
        [person("p"), person("far", languages={"fr"})],
        pinned=[("p", "far")],
        **path,
    )
    codes = {
        key: [reason.as_dict() for reason in reasons] for key, reasons in result.unmatched_reasons.items()
    }
    assert codes == {
        "p": [{"code": "mentee_no_capacity", "params": {}}, {"code": "mentor_zero_capacity", "params": {}}],
        "far": [
            {"code": "pin_rejected", "params": {"problem": "pin_no_capacity"}},
            {"code": "mentee_no_capacity", "params": {}},
        ],
    }
    assert (
        result.unmatched["far"]
        == "Pin not applied: Pinned mentor has no capacity left; No mentor has any capacity"
    )
