"""The pairing block asks confidence on joining and again once the pair ended, and shows the
learner their own before and after (issue 16: two-way learning, measured)."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from revmentor_plugin.models import ConfidenceRating, Participant
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_join_form_asks_the_leadership_items_and_each_skill_on_a_worded_scale(harness, program):
    html = harness.render("revmentor_pairing", factories.enrolled())
    assert "How confident are you today?" in html
    assert "Senior colleagues know my work" in html
    assert 'name="rate:senior-colleagues-know-my-work"' in html
    assert 'name="rate-skill:python"' in html
    assert "1: not at all confident" in html
    assert "5: fully confident" in html


def test_join_with_ratings_through_the_block(harness, program):
    user = factories.enrolled()
    status, _body = harness.call(
        "revmentor_pairing",
        "join",
        {"role": "mentor", "ratings": factories.leadership_ratings(program, 2, 4)},
        user,
    )
    assert status == 200
    assert sorted(
        ConfidenceRating.objects.filter(participant__user=user).values_list("value", flat=True)
    ) == [
        2,
        4,
    ]


@pytest.mark.parametrize("ratings", [{"python": 7}, {"python": 3, "cobol": 1}, {}, "five"])
def test_bad_ratings_in_the_block_are_a_400_on_ratings_and_nobody_joins(harness, program, ratings):
    user = factories.enrolled()
    status, body = harness.call(
        "revmentor_pairing", "join", {"role": "mentee", "skills": ["python"], "ratings": ratings}, user
    )
    assert status == 400
    assert list(body["error"]["fields"]) == ["ratings"]
    assert not Participant.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("payload", "missing"),
    [
        ({"role": "mentee", "skills": ["python"]}, "python"),
        ({"role": "mentor"}, "senior-colleagues-know-my-work"),
        ({"role": "mentor", "ratings": None}, "senior-colleagues-know-my-work"),
    ],
)
def test_the_block_refuses_a_join_without_ratings_and_nobody_joins(harness, program, payload, missing):
    """The join form asks every rating; the block's handler asks them too (REST v1 does not: an
    older client joins without them, tests/api/test_confidence.py)."""
    user = factories.enrolled()
    status, body = harness.call("revmentor_pairing", "join", payload, user)
    assert status == 400
    assert list(body["error"]["fields"]) == ["ratings"]
    assert missing in body["error"]["fields"]["ratings"][0]
    assert not Participant.objects.filter(user=user).exists()
    assert not ConfidenceRating.objects.filter(participant__user=user).exists()


def test_the_block_refuses_a_join_rating_only_some_items(harness, program):
    user = factories.enrolled()
    some = dict(list(factories.leadership_ratings(program, 3).items())[:1])
    status, body = harness.call("revmentor_pairing", "join", {"role": "mentor", "ratings": some}, user)
    assert (status, list(body["error"]["fields"])) == (400, ["ratings"])
    assert not Participant.objects.filter(user=user).exists()


def test_a_mentee_seeking_no_skill_has_nothing_to_rate_and_joins(harness, program):
    user = factories.enrolled()
    status, body = harness.call("revmentor_pairing", "join", {"role": "mentee"}, user)
    assert (status, body) == (200, {"role": "mentee", "status": "active"})
    assert not ConfidenceRating.objects.filter(participant__user=user).exists()


def test_after_the_pair_completed_the_block_asks_once_and_shows_before_and_after(harness, program):
    mentor, mentee = factories.enrolled(), factories.enrolled()
    factories.join(program, mentor, "mentor")
    factories.join(program, mentee, "mentee", skills_sought=["python"], ratings={"python": 2})
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    active = harness.render("revmentor_pairing", mentee)
    assert "Your confidence, before and after" in active
    assert "Rate your confidence again" not in active
    status, _body = harness.call("revmentor_pairing", "rate_confidence", {"ratings": {"python": 4}}, mentee)
    assert status == 409

    services.close_pair(pair.uuid, reason="Done", completed=True)
    ended = harness.render("revmentor_pairing", mentee)
    assert "Rate your confidence again" in ended
    assert 'name="rate:python"' in ended
    status, body = harness.call("revmentor_pairing", "rate_confidence", {"ratings": {"python": 9}}, mentee)
    assert (status, list(body["error"]["fields"])) == (400, ["ratings"])
    status, body = harness.call("revmentor_pairing", "rate_confidence", {"ratings": {"python": 4}}, mentee)
    assert (status, body) == (200, {"items": [{"key": "python", "start": 2, "end": 4}]})
    after = harness.render("revmentor_pairing", mentee)
    assert "Rate your confidence again" not in after
    assert "<td>2</td><td>4</td>" in after
    # The mentor rated nothing on joining: nothing to show or compare.
    assert "Your confidence, before and after" not in harness.render("revmentor_pairing", mentor)
