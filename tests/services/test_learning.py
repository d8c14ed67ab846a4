"""Two-way learning, measured (issue 16): leadership items, ratings on joining and at the end."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from revmentor_plugin.models import ConfidenceRating, Participant
from tests import factories

pytestmark = pytest.mark.django_db

LEADING = "leading-a-working-relationship-with-a-senior-colle"
KNOWN = "senior-colleagues-know-my-work"


def _ratings(user):
    rows = ConfidenceRating.objects.filter(participant__user=user).order_by("kind", "key", "phase")
    return [(r.kind, r.key, r.phase, r.value) for r in rows]


def test_a_new_program_has_the_two_default_items(program):
    assert [item["key"] for item in program.leadership_items] == [LEADING, KNOWN]
    assert program.leadership_items[1]["label"] == "Senior colleagues know my work"


def test_staff_change_the_items_keys_derived_unique_and_kept_when_sent_back(program):
    changed = services.update_program(
        program.uuid,
        leadership_items=["Speaking at the board", "Speaking at the board", {"key": KNOWN, "label": "Seen"}],
    )
    assert changed.leadership_items == (
        {"key": "speaking-at-the-board", "label": "Speaking at the board"},
        {"key": "speaking-at-the-board-2", "label": "Speaking at the board"},
        {"key": KNOWN, "label": "Seen"},
    )


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "Give between 1 and 8 items."),
        ([f"Item {n}" for n in range(9)], "Give between 1 and 8 items."),
        (["  "], "Item 1: This field is required."),
        (["x" * 121], "Item 1: At most 120 characters."),
        (["Two\nlines"], "Item 1: Must be one line of text."),
        ([{"label": "A", "key": "a"}, {"label": "B", "key": "a"}], "Item 2: the key 'a' is used twice."),
        ([{"label": "A", "key": "not a slug"}], "Item 1: the key must be a short slug."),
        ([{"label": "A", "extra": 1}], "Item 1: only a label and a key."),
        ("Lead", "Must be a list of items, each a label or {label, key}."),
    ],
)
def test_bad_items_are_refused_naming_the_field_and_nothing_changes(program, items, message):
    with pytest.raises(services.InvalidInput) as caught:
        services.update_program(program.uuid, leadership_items=items, name="Renamed")
    assert caught.value.errors == {"leadership_items": [message]}
    after = services.get_program(program.uuid)
    assert (after.name, after.leadership_items) == (program.name, program.leadership_items)


def test_a_mentee_rates_each_skill_sought_and_a_mentor_each_item_on_joining(program):
    mentee, mentor = factories.enrolled(), factories.enrolled()
    factories.join(
        program,
        mentee,
        "mentee",
        skills_sought=["python", "social-media"],
        ratings={
            "python": 2,
            "social-media": 1,
        },
    )
    factories.join(program, mentor, "mentor", ratings={LEADING: 3, KNOWN: 2})
    assert _ratings(mentee) == [("skill", "python", "start", 2), ("skill", "social-media", "start", 1)]
    assert _ratings(mentor) == [("leadership", LEADING, "start", 3), ("leadership", KNOWN, "start", 2)]
    mine = services.my_confidence(program.uuid, user=mentee)
    assert [(i.key, i.label, i.start, i.end) for i in mine.items] == [
        ("python", "Python", 2, None),
        ("social-media", "Social media", 1, None),
    ]
    assert mine.end_due is False


def test_joining_without_ratings_still_works(program):
    user = factories.enrolled()
    factories.join(program, user, "mentor")
    assert _ratings(user) == []


@pytest.mark.parametrize(
    ("role", "profile", "ratings", "message"),
    [
        (
            "mentee",
            {"skills_sought": ["python"]},
            {"python": 6},
            "python: must be a whole number between 1 and 5.",
        ),
        (
            "mentee",
            {"skills_sought": ["python"]},
            {"python": "3"},
            "python: must be a whole number between 1 and 5.",
        ),
        ("mentee", {"skills_sought": ["python"]}, {}, "Rate every item; missing: python."),
        ("mentee", {"skills_sought": ["python"]}, {"python": 3, "cobol": 2}, "Not an item you rate: cobol."),
        ("mentor", {}, {LEADING: 3}, f"Rate every item; missing: {KNOWN}."),
        ("mentor", {}, [3, 2], "Must be an object of ratings by item key."),
    ],
)
def test_bad_ratings_on_joining_are_refused_and_nobody_joins(program, role, profile, ratings, message):
    user = factories.enrolled()
    with pytest.raises(services.InvalidInput) as caught:
        factories.join(program, user, role, ratings=ratings, **profile)
    assert caught.value.errors == {"ratings": [message]}
    assert not Participant.objects.filter(user=user).exists()
    assert _ratings(user) == []


def _rated_pair(program):
    mentor, mentee = factories.enrolled(), factories.enrolled()
    factories.join(program, mentor, "mentor", ratings={LEADING: 2, KNOWN: 1})
    factories.join(program, mentee, "mentee", skills_sought=["python"], ratings={"python": 1})
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    return pair, mentor, mentee


def test_end_ratings_once_after_the_pair_completed(program):
    pair, mentor, mentee = _rated_pair(program)
    with pytest.raises(services.Conflict, match="once your mentoring pair has completed"):
        services.rate_end(program.uuid, user=mentee, ratings={"python": 4})
    services.close_pair(pair.uuid, reason="Done", completed=True)
    assert services.my_confidence(program.uuid, user=mentee).end_due is True
    with pytest.raises(services.InvalidInput) as caught:
        services.rate_end(program.uuid, user=mentee, ratings={"python": 0})
    assert caught.value.errors == {"ratings": ["python: must be a whole number between 1 and 5."]}
    with pytest.raises(services.InvalidInput):
        services.rate_end(program.uuid, user=mentor, ratings={LEADING: 4})  # one item missing
    assert _ratings(mentor) == [("leadership", LEADING, "start", 2), ("leadership", KNOWN, "start", 1)]

    after = services.rate_end(program.uuid, user=mentee, ratings={"python": 4})
    assert [(i.start, i.end) for i in after.items] == [(1, 4)]
    assert after.end_due is False
    with pytest.raises(services.Conflict, match="already rated"):
        services.rate_end(program.uuid, user=mentee, ratings={"python": 5})
    assert _ratings(mentee) == [("skill", "python", "end", 4), ("skill", "python", "start", 1)]


def test_pairs_active_when_the_program_closes_are_asked_to_rate_again(program):
    _pair, mentor, _mentee = _rated_pair(program)
    services.update_program(program.uuid, status="active")
    services.update_program(program.uuid, status="closed")
    assert services.my_confidence(program.uuid, user=mentor).end_due is True
    services.rate_end(program.uuid, user=mentor, ratings={LEADING: 4, KNOWN: 3})
    assert _ratings(mentor)[0] == ("leadership", LEADING, "end", 4)


def test_without_start_ratings_there_is_nothing_to_compare(program):
    mentor, mentee = factories.enrolled(), factories.enrolled()
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    services.close_pair(pair.uuid, reason="Done", completed=True)
    assert services.my_confidence(program.uuid, user=mentee).end_due is False
    with pytest.raises(services.Conflict, match="did not rate"):
        services.rate_end(program.uuid, user=mentee, ratings={})


def test_someone_not_in_the_program_is_not_found(program):
    with pytest.raises(services.NotFound):
        services.my_confidence(program.uuid, user=factories.enrolled())


def test_retirement_deletes_the_ratings(program):
    _pair, mentor, mentee = _rated_pair(program)
    services.retire_user(mentee)
    assert _ratings(mentee) == []
    assert len(_ratings(mentor)) == 2


def test_an_item_removed_after_rating_keeps_a_readable_label_for_who_rated_it(program):
    _pair, mentor, _mentee = _rated_pair(program)
    services.update_program(program.uuid, leadership_items=[{"key": LEADING, "label": "Leading"}])

    items = services.my_confidence(program.uuid, user=mentor).items

    assert [(item.key, item.label, item.start) for item in items] == [
        (LEADING, "Leading", 2),
        (KNOWN, "Senior colleagues know my work", 1),  # read back from its key
    ]
