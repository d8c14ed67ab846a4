"""Joining, profiles, withdrawing."""

import pytest

from revmentor_plugin import services
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from tests import factories

pytestmark = pytest.mark.django_db


def test_join_with_a_full_profile(program):
    manager = factories.enrolled("boss")  # a manager is a learner of the course, like a participant
    user = factories.enrolled("ana")
    participant = services.join_program(
        program.uuid,
        user=user,
        role="mentor",
        profile={
            "skills_offered": ["python", "social-media"],
            "interests": ["jazz", "Jazz", "cycling"],
            "languages": ["en", "pt-BR"],
            "timezone": "Europe/Lisbon",
            "capacity": 2,
            "seniority": 1,
            "department": "Engineering",
            "manager": "boss",
            "learning_preferences": "Hands-on",
            "motivations": "Visibility",
        },
    )
    assert participant.username == "ana"
    assert participant.role == "mentor"
    assert participant.skills_offered == ("python", "social-media")
    assert participant.interests == ("jazz", "cycling")
    assert participant.capacity == 2
    assert participant.manager == manager.username


def test_capacity_defaults_from_the_program(program):
    services.update_program(program.uuid, default_capacity=3)
    mentor = factories.join(program, factories.enrolled(), "mentor")
    mentee = factories.join(program, factories.enrolled(), "mentee")
    assert (mentor.capacity, mentee.capacity) == (3, 1)


@pytest.mark.parametrize(
    ("role", "profile", "field"),
    [
        ("boss", {}, "role"),
        ("mentor", {"skills_offered": ["cobol"]}, "skills_offered"),
        ("mentor", {"skills_offered": "python"}, "skills_offered"),
        ("mentor", {"languages": ["English"]}, "languages"),
        ("mentor", {"timezone": "Mars/Olympus"}, "timezone"),
        ("mentor", {"capacity": 11}, "capacity"),
        ("mentor", {"capacity": True}, "capacity"),
        ("mentee", {"capacity": 3}, "capacity"),
        ("mentor", {"seniority": -1}, "seniority"),
        ("mentor", {"manager": "nobody"}, "manager"),
        ("mentor", {"motivations": "x" * 2001}, "motivations"),
        ("mentor", {"self_description": {"gender": "f"}}, "self_description"),
        ("mentor", {"favourite_colour": "red"}, "favourite_colour"),
    ],
)
def test_join_rejects_bad_profiles(program, role, profile, field):
    user = factories.enrolled()
    with pytest.raises(InvalidInput) as exc:
        services.join_program(program.uuid, user=user, role=role, profile=profile)
    assert field in exc.value.errors
    assert services.participant_for_user(program.uuid, user) is None


def test_self_description_only_when_the_program_asks(program):
    services.update_program(program.uuid, diversity_enabled=True)
    participant = factories.join(program, factories.enrolled(), "mentee", self_description={"gender": "f"})
    assert participant.self_description == {"gender": "f"}


def test_cannot_be_own_manager(program):
    user = factories.enrolled("self_managed")
    with pytest.raises(InvalidInput) as exc:
        factories.join(program, user, "mentor", manager="self_managed")
    assert "manager" in exc.value.errors


def test_join_twice_is_a_conflict(program):
    user = factories.enrolled()
    factories.join(program, user, "mentor")
    with pytest.raises(Conflict):
        factories.join(program, user, "mentee")


def test_rejoin_after_withdrawing(program):
    user = factories.enrolled("back")
    factories.join(program, user, "mentor")
    services.withdraw_participant(program.uuid, "back")
    again = factories.join(program, user, "mentee")
    assert (again.status, again.role) == ("active", "mentee")


def test_a_paired_participant_keeps_their_role_on_rejoining(program):
    _pair, mentor, _mentee = factories.proposed_pair(program)
    services.withdraw_participant(program.uuid, mentor.username)
    with pytest.raises(Conflict) as exc:
        factories.join(program, mentor, "mentee")
    assert exc.value.field == "role"


def test_update_profile_partially(program):
    user = factories.enrolled("bea")
    factories.join(program, user, "mentee", interests=["chess"])
    updated = services.update_participant(program.uuid, "bea", department="Finance")
    assert updated.department == "Finance"
    assert updated.interests == ("chess",)


def test_capacity_cannot_drop_below_open_pairs(program):
    mentor = factories.enrolled("cap")
    factories.join(program, mentor, "mentor", capacity=2)
    factories.proposed_pair(program, mentor=mentor, mentee=factories.enrolled())
    with pytest.raises(Conflict) as exc:
        services.update_participant(program.uuid, "cap", capacity=0)
    assert exc.value.field == "capacity"


def test_lowering_capacity_keeps_open_pairs_on_valid_seats(program):
    mentor = factories.enrolled("seats")
    factories.join(program, mentor, "mentor", capacity=3)
    mentees = [factories.enrolled() for _ in range(3)]
    pairs = []
    for mentee in mentees:
        factories.join(program, mentee, "mentee")
        pairs.append(services.propose_pair(program.uuid, mentor="seats", mentee=mentee.username))
    services.close_pair(pairs[0].uuid, reason="Not a fit")
    services.update_participant(program.uuid, "seats", capacity=2)
    services.update_participant(program.uuid, "seats", capacity=3)
    newcomer = factories.enrolled()
    factories.join(program, newcomer, "mentee")
    assert services.propose_pair(program.uuid, mentor="seats", mentee=newcomer.username).status == "proposed"


def test_withdraw_closes_open_pairs(program):
    pair, mentor, _mentee = factories.active_pair(program)
    withdrawn = services.withdraw_participant(program.uuid, mentor.username, reason="Moved teams")
    assert withdrawn.status == "withdrawn"
    closed = services.get_pair(pair.uuid)
    assert (closed.status, closed.closed_reason) == ("closed", "Moved teams")


def test_unknown_participant(program):
    with pytest.raises(NotFound):
        services.get_participant(program.uuid, "ghost")


def test_staff_add_a_participant_by_username(program):
    factories.enrolled("carl")
    assert services.add_participant(program.uuid, username="carl", role="mentee").username == "carl"
    with pytest.raises(InvalidInput) as exc:
        services.add_participant(program.uuid, username="ghost", role="mentee")
    assert "username" in exc.value.errors


def test_list_participants_with_filters(program):
    factories.join(program, factories.enrolled("m1"), "mentor")
    factories.join(program, factories.enrolled("e1"), "mentee")
    factories.join(program, factories.enrolled("e2"), "mentee")
    services.withdraw_participant(program.uuid, "e2")
    assert [p.username for p in services.participants_of_program(program.uuid, role="mentee")] == ["e1", "e2"]
    assert [p.username for p in services.participants_of_program(program.uuid, status="active")] == [
        "e1",
        "m1",
    ]


def test_listing_participants_costs_the_same_for_1_and_20(program, django_assert_num_queries):
    factories.join(program, factories.enrolled(), "mentor", skills_offered=["python"])
    # program, participants (+program, user, manager joined), skills offered, skills sought
    with django_assert_num_queries(4):
        services.participants_of_program(program.uuid)
    for _ in range(19):
        factories.join(program, factories.enrolled(), "mentee", skills_sought=["python"])
    with django_assert_num_queries(4):
        assert len(services.participants_of_program(program.uuid)) == 20


def test_staff_reinstate_a_withdrawn_participant_as_they_were(program):
    pair, mentor, _mentee = factories.active_pair(program)
    services.update_participant(program.uuid, mentor.username, capacity=2, department="Data")
    services.withdraw_participant(program.uuid, mentor.username)
    back = services.reinstate_participant(program.uuid, mentor.username)
    assert (back.status, back.role, back.capacity, back.department) == ("active", "mentor", 2, "Data")
    assert services.get_pair(pair.uuid).status == "closed"  # the withdrawal's pairs stay closed
    with pytest.raises(Conflict) as exc:  # already back
        services.reinstate_participant(program.uuid, mentor.username)
    assert exc.value.field == "username"
    with pytest.raises(NotFound):
        services.reinstate_participant(program.uuid, "ghost")


def test_reinstating_needs_an_enrolment_and_an_open_program(program):
    from common.djangoapps.student.models import CourseEnrollment

    left, stays = factories.enrolled("left"), factories.enrolled("stays")
    factories.join(program, left, "mentee")
    factories.join(program, stays, "mentee")
    CourseEnrollment.unenroll(left, factories.COURSE)  # the receiver withdraws them
    with pytest.raises(InvalidInput) as exc:
        services.reinstate_participant(program.uuid, "left")
    assert exc.value.errors == {"username": ["No learner named 'left' is enrolled in this course."]}
    services.withdraw_participant(program.uuid, "stays")
    services.update_program(program.uuid, status="closed")
    with pytest.raises(InvalidTransition):
        services.reinstate_participant(program.uuid, "stays")
    assert services.get_participant(program.uuid, "stays").status == "withdrawn"
