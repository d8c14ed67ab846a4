"""``GET programs/{uuid}/report/outcome/`` (issue 16): the sponsor's outcome page as data, built by
the same function as the printable page; staff only; suppressed figures are reasons, not numbers."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db
KEYS = ["organizational_outcome", "two_way_learning", "role_reversal", "cadence", "trust_over_time"]


@pytest.fixture(autouse=True)
def _k(settings):
    settings.REVMENTOR_REPORT_MIN_GROUP_SIZE = 3


def _get(user, program):
    return client_for(user).get(f"{API}programs/{program.uuid}/report/outcome/")


def _section(body, key):
    return next(section for section in body["sections"] if section["key"] == key)


def test_shape_five_sections_in_the_pages_order():
    with freeze_time("2026-01-05"):
        program = factories.program(mentor_label="Guide", mentee_label="Executive")
        for before, after in ((1, 3), (2, 4), (2, 5)):
            factories.rated_pair(program, before, after, sessions=1)
    with freeze_time("2026-02-02"):
        response = _get(factories.course_staff(), program)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "program",
        "generated_on",
        "min_group_size",
        "stated_outcome",
        "suppressed",
        "sections",
    }
    assert body["generated_on"] == "2026-02-02"
    assert body["min_group_size"] == 3
    assert body["stated_outcome"] == "Senior leaders fluent in the tools their teams use."
    assert [section["key"] for section in body["sections"]] == KEYS
    for section in body["sections"]:
        assert set(section) == {"key", "title", "factor", "how_to_read", "notes", "table"}
        assert section["how_to_read"].startswith("How to read this:")
        assert "2012" in section["factor"] or "2015" in section["factor"]
        assert all(len(row) == len(section["table"]["columns"]) for row in section["table"]["rows"])
    learning = _section(body, "two_way_learning")
    assert ["Executive", "Python", 3, 1.67, 4.0, 2.33] in learning["table"]["rows"]
    reversal = _section(body, "role_reversal")
    assert reversal["table"]["columns"][1:] == [
        "Sessions",
        "Led by the Guide",
        "Share (%)",
        "Pairs agreeing",
        "Median days to agree",
        "Comfort of the Executive side as learner (1 to 5)",
    ]
    assert any(row[4] and row[5] is not None for row in reversal["table"]["rows"])  # agreements, by week
    assert "Interaction frequency" in _section(body, "cadence")["factor"]


def test_suppressed_figures_show_the_reason_never_a_number():
    with freeze_time("2026-01-05"):
        program = factories.program()
        for before, after in ((1, 3), (2, 4)):  # two people: fewer than k = 3
            factories.rated_pair(program, before, after, mentor_after=5)
    with freeze_time("2026-02-02"):
        body = _get(factories.course_staff(), program).json()
    rows = _section(body, "two_way_learning")["table"]["rows"]
    python = next(row for row in rows if row[1] == "Python")
    assert python == ["Learner", "Python", "hidden: fewer than 3 people", None, None, None]
    for row in rows:  # nothing anywhere gives away a mean
        assert row[3:] == [None, None, None]
    cadence = _section(body, "cadence")
    assert [
        "Mean skill change: Within cadence",
        "cannot be shown: a group has fewer than 3 people",
    ] in cadence["table"]["rows"]
    assert any("not a proof" in note for note in cadence["notes"])
    assert "at least 3 people" in body["suppressed"]


def test_learners_are_forbidden_and_strangers_do_not_find_it(program):
    _pair, mentor, _mentee = factories.active_pair(program)
    assert _get(mentor, program).status_code == 403
    assert _get(factories.course_staff(course=factories.OTHER_COURSE), program).status_code == 404
    assert client_for(factories.course_staff()).get(f"{API}programs/nope/report/outcome/").status_code == 404
    assert client_for().get(f"{API}programs/{program.uuid}/report/outcome/").status_code == 401


def test_it_is_in_the_schema():
    schema = client_for().get(f"{API}schema/?format=json").json()
    operation = schema["paths"]["/api/revmentor/v1/programs/{program_uuid}/report/outcome/"]["get"]
    assert operation["operationId"] == "program_report_outcome"
    assert "OutcomeReport" in schema["components"]["schemas"]
