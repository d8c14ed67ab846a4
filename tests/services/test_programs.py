"""Programs and skill catalogs."""

import datetime as dt

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from tests import factories

pytestmark = pytest.mark.django_db


def test_create_program_with_defaults():
    program = services.create_program(
        course_key="course-v1:TestX+RM1+2026", name="Exchange", organizational_outcome="Fluent leaders"
    )
    assert program.status == "draft"
    assert program.cadence_days == 14
    assert (program.mentor_label, program.mentee_label) == ("Advisor", "Learner")
    assert program.expectations_version == 1
    assert str(program.course_key) == "course-v1:TestX+RM1+2026"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "x"}, "organizational_outcome"),
        ({"organizational_outcome": "x"}, "name"),
        ({"name": " ", "organizational_outcome": "x"}, "name"),
        ({"name": "x", "organizational_outcome": "x", "cadence_days": 0}, "cadence_days"),
        ({"name": "x", "organizational_outcome": "x", "cadence_days": "14"}, "cadence_days"),
        ({"name": "x", "organizational_outcome": "x", "default_capacity": 11}, "default_capacity"),
        ({"name": "x", "organizational_outcome": "x", "status": "open"}, "status"),
        ({"name": "x", "organizational_outcome": "x", "start_date": "yesterday"}, "start_date"),
        (
            {
                "name": "x",
                "organizational_outcome": "x",
                "start_date": "2026-05-01",
                "end_date": "2026-04-01",
            },
            "end_date",
        ),
        ({"name": "x" * 201, "organizational_outcome": "x"}, "name"),
        ({"name": "x", "organizational_outcome": "x", "colour": "red"}, "colour"),
        ({"name": "x", "organizational_outcome": "x", "diversity_enabled": "yes"}, "diversity_enabled"),
    ],
)
def test_create_program_rejects_bad_input(fields, field):
    with pytest.raises(InvalidInput) as exc:
        services.create_program(course_key="course-v1:TestX+RM1+2026", **fields)
    assert field in exc.value.errors
    assert services.programs_in_course("course-v1:TestX+RM1+2026") == []


def test_bad_course_key():
    with pytest.raises(InvalidInput) as exc:
        services.create_program(course_key="not a key", name="x", organizational_outcome="y")
    assert "course_id" in exc.value.errors


def test_changing_expectations_starts_a_new_version(program):
    same = services.update_program(program.uuid, expectations=program.expectations)
    assert same.expectations_version == 1
    changed = services.update_program(program.uuid, expectations="Meet weekly.")
    assert changed.expectations_version == 2


def test_a_change_of_expectations_keeps_the_text_it_replaced_and_when(program):
    assert (program.previous_expectations, program.expectations_changed_at) == ("", None)
    before = program.expectations
    with freeze_time("2026-03-02 09:30:00"):
        changed = services.update_program(program.uuid, expectations="Meet every week.")
    assert changed.previous_expectations == before
    assert changed.expectations_changed_at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    renamed = services.update_program(program.uuid, name="Renamed", expectations="Meet every week.")
    assert (renamed.previous_expectations, renamed.expectations_changed_at) == (
        before,
        changed.expectations_changed_at,
    )  # only a new text is a change


def test_pairs_to_accept_again_counts_the_open_pairs(program):
    assert services.pairs_to_accept_again(program.uuid) == 0
    factories.active_pair(program)
    factories.proposed_pair(program)
    ended, *_ = factories.active_pair(program)
    services.close_pair(ended.uuid, reason="Done")
    assert services.pairs_to_accept_again(program.uuid) == 2
    with pytest.raises(NotFound):
        services.pairs_to_accept_again("00000000-0000-0000-0000-000000000000")


def test_expectations_changes_word_by_word():
    changes = services.expectations_changes("Meet every two weeks.\nBe kind.", "Meet every week.\nBe kind.")
    assert changes == [
        ("same", "Meet every "),
        ("removed", "two weeks."),
        ("added", "week."),
        ("same", "\nBe kind."),
    ]
    old = "".join(text for kind, text in changes if kind != "added")
    new = "".join(text for kind, text in changes if kind != "removed")
    assert (old, new) == ("Meet every two weeks.\nBe kind.", "Meet every week.\nBe kind.")
    assert services.expectations_changes("", "New.") == [("added", "New.")]


def test_status_transitions(program):
    assert services.update_program(program.uuid, status="active").status == "active"
    with pytest.raises(InvalidTransition):
        services.update_program(program.uuid, status="enrolling")
    assert services.update_program(program.uuid, status="closed").status == "closed"
    with pytest.raises(InvalidTransition):
        services.update_program(program.uuid, status="active")


def test_closing_a_program_ends_its_open_pairs(program):
    active, *_ = factories.active_pair(program)
    proposed, *_ = factories.proposed_pair(program)
    services.update_program(program.uuid, status="closed")
    assert services.get_pair(active.uuid).status == "completed"
    assert services.get_pair(proposed.uuid).status == "closed"
    assert services.get_pair(proposed.uuid).closed_reason == "The program closed."


def test_skills_catalog(program):
    assert [s.slug for s in program.skills] == ["data-visualisation", "python", "social-media"]
    skill = services.add_skill(program.uuid, name="Prompt writing", slug="prompts")
    assert skill.slug == "prompts"
    with pytest.raises(Conflict) as exc:
        services.add_skill(program.uuid, name="Python again", slug="python")
    assert exc.value.field == "slug"
    with pytest.raises(InvalidInput):
        services.add_skill(program.uuid, name="")


def test_unknown_program_is_not_found():
    with pytest.raises(NotFound):
        services.get_program("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFound):
        services.get_program("not-a-uuid")


def test_programs_in_course_lists_only_that_course(program):
    factories.program(course=factories.OTHER_COURSE, name="Elsewhere")
    assert [p.uuid for p in services.programs_in_course(factories.COURSE)] == [program.uuid]
    assert services.programs_in_course(factories.COURSE, statuses=("closed",)) == []
