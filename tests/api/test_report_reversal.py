"""The report's ``role_reversal`` and ``trust_over_time`` sections (issue 16), and the optional
``learner_comfort`` pulse item they read (mentees only)."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.services import reversal
from tests import factories
from tests.api.conftest import API, client_for

TOO_FEW = "fewer_respondents_than_min_group_size"


@pytest.fixture
def staff(db):
    return client_for(factories.course_staff())


def _report(staff, program):
    response = staff.get(f"{API}programs/{program.uuid}/report/")
    assert response.status_code == 200
    return response.json()


def _log(pair, user, day, led_by):
    services.log_session(
        pair.uuid, user=user, occurred_on=dt.date.fromisoformat(day), duration_minutes=30, led_by=led_by
    )


def test_a_program_without_sessions_or_pulses_has_empty_sections_not_errors(staff):
    program = factories.program()
    factories.proposed_pair(program)

    report = _report(staff, program)

    assert report["role_reversal"] == {
        "sessions_led_by_mentor": {"sessions": 0, "led_by_mentor": 0, "share": None, "by_week": []},
        "time_to_agreement": {
            "agreed_pairs": 0,
            "waiting_pairs": 1,
            "median_days": None,
            "quartile_1_days": None,
            "quartile_3_days": None,
            "by_week": [],
        },
        "learner_comfort": {
            "latest": {"week": None, "average": None, "respondents_at_least": None, "reason": "no_data"},
            "by_week": [],
        },
    }
    assert report["trust_over_time"] == {
        "divergence_threshold": 1.0,
        "dimensions": ["trust", "comfort"],
        "weeks": [],
        "diverging_weeks": [],
    }


def test_share_of_sessions_led_by_the_mentor_overall_and_in_the_reports_weeks(staff):
    with freeze_time("2026-10-20"):
        program = factories.program()
        pair, mentor, mentee = factories.active_pair(program)
        _log(pair, mentor, "2026-10-05", "mentor")  # 2026-W41: 2 of 3
        _log(pair, mentor, "2026-10-07", "mentor")
        _log(pair, mentee, "2026-10-09", "mentee")
        _log(pair, mentee, "2026-10-13", "mentee")  # 2026-W42: 0 of 1
        report = _report(staff, program)

    led = report["role_reversal"]["sessions_led_by_mentor"]
    assert (led["sessions"], led["led_by_mentor"], led["share"]) == (4, 2, 0.5)
    assert led["by_week"] == [
        {"week": "2026-W41", "sessions": 3, "led_by_mentor": 2, "share": 0.667},
        {"week": "2026-W42", "sessions": 1, "led_by_mentor": 0, "share": 0.0},
    ]
    assert [w["week"] for w in led["by_week"]] == [w["week"] for w in report["sessions_per_week"]]


def test_days_from_proposal_to_agreement_median_and_quartiles_and_the_waiting(staff):
    with freeze_time("2026-10-01 09:00"):
        program = factories.program()
        pairs = [factories.proposed_pair(program) for _ in range(4)]
    for (pair, mentor, mentee), accepted in zip(
        pairs[:3], ("2026-10-02 09:00", "2026-10-04 09:00", "2026-10-08 09:00"), strict=True
    ):
        with freeze_time(accepted):
            services.accept_agreement(pair.uuid, user=mentor)
            services.accept_agreement(pair.uuid, user=mentee)
    # one member accepting is not an agreement: still waiting
    services.accept_agreement(pairs[3][0].uuid, user=pairs[3][1])

    agreement = _report(staff, program)["role_reversal"]["time_to_agreement"]

    assert agreement == {
        "agreed_pairs": 3,
        "waiting_pairs": 1,
        "median_days": 3.0,
        "quartile_1_days": 2.0,
        "quartile_3_days": 5.0,
        # over time: agreed on Friday and Sunday of 2026-W40 (1 and 3 days), Thursday of W41 (7)
        "by_week": [
            {"week": "2026-W40", "agreed_pairs": 2, "median_days": 2.0},
            {"week": "2026-W41", "agreed_pairs": 1, "median_days": 7.0},
        ],
    }


def _week_of_pulses(pairs, mentor_answers, mentee_answers, learner_comfort=None):
    for (pair, mentor, mentee), mentor_value, mentee_value in zip(
        pairs, mentor_answers, mentee_answers, strict=False
    ):
        if mentor_value is not None:
            factories.pulse(pair, mentor, 3, trust=mentor_value, comfort=4)
        if mentee_value is not None:
            extra = {} if learner_comfort is None else {"learner_comfort": learner_comfort}
            factories.pulse(pair, mentee, 3, trust=mentee_value, comfort=4, **extra)


def test_trust_by_direction_week_by_week_suppresses_small_cells_and_marks_divergence(staff):
    with freeze_time("2026-10-05"):  # Monday of 2026-W41
        program = factories.program()
        pairs = [factories.active_pair(program) for _ in range(6)]
        # five of each side: trust 5 (mentors) against 3 (mentees) diverges; comfort 4 and 4 does not
        _week_of_pulses(pairs[:5], [5] * 5, [3] * 5, learner_comfort=4)
    with freeze_time("2026-10-14"):  # 2026-W42: two mentees only
        _week_of_pulses(pairs[:2], [None, None], [2, 2], learner_comfort=1)
    with freeze_time("2026-10-21"):  # 2026-W43, the open week
        report = _report(staff, program)

    trust = report["trust_over_time"]
    first, second = trust["weeks"]
    assert first["week"] == "2026-W41"
    assert first["mentor"]["trust"] == {"average": 5.0, "respondents_at_least": 5, "reason": None}
    assert first["mentee"]["trust"] == {"average": 3.0, "respondents_at_least": 5, "reason": None}
    assert (first["diverges"], first["diverging"]) == (True, ["trust"])
    assert second["week"] == "2026-W42"
    assert second["mentee"]["trust"] == {"average": None, "respondents_at_least": None, "reason": TOO_FEW}
    assert second["mentor"]["comfort"] == {"average": None, "respondents_at_least": None, "reason": "no_data"}
    assert second["diverges"] is None  # no dimension has both sides published: unknown, not "no"
    assert trust["diverging_weeks"] == ["2026-W41"]

    comfort = report["role_reversal"]["learner_comfort"]
    assert comfort["latest"] == {
        "week": "2026-W41",
        "average": 4.0,
        "respondents_at_least": 5,
        "reason": None,
    }
    assert comfort["by_week"][1] == {
        "week": "2026-W42",
        "average": None,
        "respondents_at_least": None,
        "reason": TOO_FEW,
    }


def test_a_mentee_who_skips_the_optional_item_is_no_learner_comfort_respondent(staff):
    with freeze_time("2026-10-05"):
        program = factories.program()
        pairs = [factories.active_pair(program) for _ in range(5)]
        _week_of_pulses(pairs[:4], [None] * 4, [3] * 4, learner_comfort=5)
        _week_of_pulses(pairs[4:], [None], [3])  # answers trust and comfort, not learner_comfort
    with freeze_time("2026-10-12"):
        report = _report(staff, program)

    assert report["trust_over_time"]["weeks"][0]["mentee"]["trust"]["average"] == 3.0
    assert report["role_reversal"]["learner_comfort"]["by_week"][0]["reason"] == TOO_FEW


def test_differencing_two_reports_does_not_recover_one_weekly_answer(staff):
    """ADR 0003: a week's figures are frozen when it ends; answers of the open week and a
    respondent's deletion at retirement change nothing already shown."""
    with freeze_time("2026-10-05"):
        program = factories.program()
        pairs = [factories.active_pair(program) for _ in range(6)]
        _week_of_pulses(pairs[:5], [4] * 5, [4] * 5, learner_comfort=3)
    with freeze_time("2026-10-13"):
        before = _report(staff, program)
        late_pair, _mentor, late_mentee = pairs[5]
        factories.pulse(late_pair, late_mentee, 1, learner_comfort=1)
        after = _report(staff, program)
        assert after["trust_over_time"] == before["trust_over_time"]
        assert after["role_reversal"]["learner_comfort"] == before["role_reversal"]["learner_comfort"]
        services.retire_user(pairs[0][2])
        retired = _report(staff, program)
        assert retired["trust_over_time"] == before["trust_over_time"]
        assert retired["role_reversal"]["learner_comfort"] == before["role_reversal"]["learner_comfort"]
    with freeze_time("2026-10-20"):
        # W42 closed with one respondent: suppressed, W41 stays the latest published
        later = _report(staff, program)
    assert later["role_reversal"]["learner_comfort"]["latest"]["week"] == "2026-W41"
    assert later["trust_over_time"]["weeks"][-1]["mentee"]["trust"]["reason"] == TOO_FEW


@pytest.mark.parametrize(
    ("mentor", "mentee", "diverging"),
    [(4.0, 3.0, ["trust"]), (4.0, 3.01, []), (2.0, 4.6, ["trust"]), (None, 1.0, [])],
)
def test_the_divergence_rule_is_one_point_or_more(mentor, mentee, diverging):
    def cells(trust):
        return {
            "trust": {"average": trust, "respondents_at_least": 5, "reason": None},
            "comfort": {"average": 3.0, "respondents_at_least": 5, "reason": None},
        }

    assert reversal.DIVERGENCE == 1.0
    assert reversal._divergence(cells(mentor), cells(mentee)) == diverging


def test_a_mentee_answers_learner_comfort_through_rest(db):
    program = factories.program()
    pair, _mentor, mentee = factories.active_pair(program)

    response = client_for(mentee).post(
        f"{API}pairs/{pair.uuid}/pulse/", {**factories.pulse_answers(3), "learner_comfort": 4}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["learner_comfort"] == 4
    # optional: without it the pulse check is recorded, and the item is null
    response = client_for(mentee).post(
        f"{API}pairs/{pair.uuid}/pulse/", factories.pulse_answers(3), format="json"
    )
    assert response.status_code == 201
    assert response.json()["learner_comfort"] is None


@pytest.mark.parametrize("value", [4, 0, 6, "4"])
def test_a_mentor_is_refused_learner_comfort_naming_the_field_and_nothing_is_written(db, value):
    program = factories.program()
    pair, mentor, _mentee = factories.active_pair(program)

    response = client_for(mentor).post(
        f"{API}pairs/{pair.uuid}/pulse/",
        {**factories.pulse_answers(3), "learner_comfort": value},
        format="json",
    )

    assert response.status_code == 400
    assert "learner_comfort" in response.json(), response.json()
    assert services.pulses_of_author(pair.uuid, user=mentor) == []


@pytest.mark.parametrize("value", [0, 6, "x", 2.5])
def test_a_mentee_out_of_range_learner_comfort_is_a_400(db, value):
    program = factories.program()
    pair, _mentor, mentee = factories.active_pair(program)

    response = client_for(mentee).post(
        f"{API}pairs/{pair.uuid}/pulse/",
        {**factories.pulse_answers(3), "learner_comfort": value},
        format="json",
    )

    assert response.status_code == 400
    assert services.pulses_of_author(pair.uuid, user=mentee) == []
