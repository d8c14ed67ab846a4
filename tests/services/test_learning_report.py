"""The report's ``two_way_learning`` section: confidence before and after per direction and item,
frozen per closed month and suppressed below k; and the cadence comparison."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.services import learning
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _k(settings):
    settings.REVMENTOR_REPORT_MIN_GROUP_SIZE = 3


def _pair_rated(
    program, before: int, after: int | None, *, sessions: int = 0, mentor_after: int | None = None
):
    """A mentor and a mentee who rated on joining; their pair completes; they rate again."""
    mentor, mentee = factories.enrolled(), factories.enrolled()
    factories.join(program, mentor, "mentor", ratings=factories.leadership_ratings(program, 2))
    factories.join(program, mentee, "mentee", skills_sought=["python"], ratings={"python": before})
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    for _ in range(sessions):
        factories.write(pair, mentee, session={"duration_minutes": 30})
    services.close_pair(pair.uuid, reason="Done", completed=True)
    if after is not None:
        services.rate_end(program.uuid, user=mentee, ratings={"python": after})
    if mentor_after is not None:
        services.rate_end(
            program.uuid, user=mentor, ratings=factories.leadership_ratings(program, mentor_after)
        )
    return mentee


def _report(program, day):
    with freeze_time(day):
        return services.program_report(program.uuid).two_way_learning


def _item(section, direction, key):
    return next(item for item in section[direction]["items"] if item["key"] == key)


def test_published_per_item_when_k_rated_both_times_and_suppressed_below(db):
    with freeze_time("2026-01-05"):
        program = factories.program()
        for before, after in ((1, 3), (2, 4), (2, 5)):
            _pair_rated(program, before, after, mentor_after=4 if before == 1 else None)
    section = _report(program, "2026-02-02")
    python = _item(section, "mentees", "python")
    assert python == {
        "key": "python",
        "label": "Python",
        "period": "2026-01",
        "participants_at_least": 3,
        "mean_before": 1.67,
        "mean_after": 4.0,
        "mean_change": 2.33,
        "reason": None,
    }
    # One mentor rated at the end: nothing about them is shown.
    lead = _item(section, "mentors", "senior-colleagues-know-my-work")
    assert lead["mean_change"] is None
    assert lead["reason"] == learning.TOO_FEW
    assert _item(section, "mentees", "social-media")["reason"] == learning.NO_DATA


def test_a_month_not_closed_yet_shows_nothing_and_one_more_person_changes_nothing(db):
    with freeze_time("2026-01-05"):
        program = factories.program()
        for before in (1, 2, 3):
            _pair_rated(program, before, 5)
        assert _item(services.program_report(program.uuid).two_way_learning, "mentees", "python")["reason"]
    first = _item(_report(program, "2026-02-02"), "mentees", "python")
    with freeze_time("2026-02-10"):
        _pair_rated(program, 1, 1)  # one more person: a change of -4 would show if recomputed
    later = _item(_report(program, "2026-03-02"), "mentees", "python")
    assert later == first
    assert later["mean_change"] == 3.0


def test_cadence_comparison_needs_k_in_each_group(db):
    with freeze_time("2026-01-05"):
        program = factories.program()
        for _ in range(3):
            _pair_rated(program, 2, 4, sessions=2)
        for _ in range(2):
            _pair_rated(program, 2, 3)
    cadence = _report(program, "2026-02-02")["cadence"]
    assert (cadence["within_cadence"], cadence["outside_cadence"]) == (None, None)
    assert cadence["reason"] == learning.CADENCE_TOO_FEW
    assert "not a proof" in cadence["caution"]
    assert "cadence" in cadence["rule"]


def test_cadence_comparison_published_with_k_in_each_group(db):
    with freeze_time("2026-01-05"):
        program = factories.program()
        for _ in range(3):
            _pair_rated(program, 2, 4, sessions=2)
        for _ in range(3):
            _pair_rated(program, 2, 3)
    cadence = _report(program, "2026-02-02")["cadence"]
    assert cadence["period"] == "2026-01"
    assert (cadence["within_cadence"], cadence["outside_cadence"], cadence["reason"]) == (2.0, 1.0, None)
