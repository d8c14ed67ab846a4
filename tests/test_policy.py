"""Who may see or change what: one table of viewer x target x action for every role of docs/DESIGN.md §2."""

from types import SimpleNamespace

import pytest

from revmentor_plugin import policy, services
from revmentor_plugin.policy import Action, Scope
from tests import factories

A = Action
ROLES = (*factories.ROLES, "inactive_mentor")
# Org-level staff manage every course of their organization, as has_access(user, "staff") lets
# them into its instructor dashboard (lms/djangoapps/courseware/access.py).
MANAGERS = {"course_staff", "instructor", "org_staff", "operator"}
EVERYONE_IN_COURSE = {"bystander", "mentor", "mentee", "other_pair", *MANAGERS}
PAIR = {"mentor", "mentee"}

# (action, target) -> the roles allowed; every other role is refused.
TABLE = {
    (A.VIEW_PROGRAM, "program"): EVERYONE_IN_COURSE,
    (A.VIEW_PROGRAM, "draft_program"): MANAGERS,
    (A.MANAGE_PROGRAM, "program"): MANAGERS,
    (A.JOIN_PROGRAM, "program"): {"bystander", "mentor", "mentee", "other_pair"},
    (A.JOIN_PROGRAM, "draft_program"): set(),
    (A.VIEW_PARTICIPANT, "mentor_profile"): {"mentor", *MANAGERS},
    (A.CHANGE_PARTICIPANT, "mentor_profile"): {"mentor", *MANAGERS},
    (A.VIEW_PRIVATE_PROFILE, "mentor_profile"): {"mentor"},
    (A.CHANGE_PRIVATE_PROFILE, "mentor_profile"): {"mentor"},
    (A.VIEW_PAIR, "pair"): PAIR | MANAGERS,
    (A.ACT_IN_PAIR, "pair"): PAIR,
    (A.CLOSE_PAIR, "pair"): PAIR | MANAGERS,
    (A.VIEW_SESSION_NOTES, "pair"): PAIR | {"operator"},
    # Name and email: the two members of an active pair only; not staff, not operators (ADR 0014).
    (A.VIEW_PARTNER_CONTACT, "pair"): PAIR,
    (A.VIEW_REFLECTION, "private_reflection"): {"mentor"},
    (A.VIEW_REFLECTION, "pair_reflection"): PAIR | {"operator"},
    (A.VIEW_REFLECTION, "staff_reflection"): PAIR | MANAGERS,
    (A.VIEW_PULSE, "mentee_pulse"): {"mentee"},
}


def _build_world():
    """``factories.world``, with a mentor of the program whose account is inactive."""
    world = factories.world()
    inactive = factories.enrolled("inactive_mentor")
    factories.join(world.program, inactive, "mentor")
    inactive.is_active = False
    inactive.save()
    users = {**world.users, "inactive_mentor": inactive}
    targets = {
        "program": world.program,
        "draft_program": world.draft,
        "mentor_profile": services.get_participant(world.program.uuid, "mentor"),
        "pair": services.get_pair(world.pair.uuid),
        "private_reflection": world.reflections["private"],
        "pair_reflection": world.reflections["pair"],
        "staff_reflection": world.reflections["staff"],
        "mentee_pulse": world.pulse,
    }
    return SimpleNamespace(
        users=users, targets=targets, pair=services.get_pair(world.pair.uuid), program=world.program
    )


_world, world = factories.built_once_fixtures(_build_world)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("action", "target"), list(TABLE))
def test_policy_table(world, role, action, target):
    expected = role in TABLE[(action, target)]
    pair = world.pair if action is A.VIEW_REFLECTION else None
    assert policy.allows(world.users[role], action, world.targets[target], pair=pair) is expected


def test_every_action_is_in_the_table():
    assert {action for action, _target in TABLE} == set(Action)


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        ("anonymous", Scope.NONE),
        ("mentor", Scope.OWN),
        ("bystander", Scope.OWN),
        ("course_staff", Scope.ALL),
        ("instructor", Scope.ALL),
        ("org_staff", Scope.ALL),
        ("other_staff", Scope.OWN),
        ("operator", Scope.ALL),
    ],
)
def test_list_scopes(world, role, scope):
    assert policy.pair_scope(world.users[role], world.program) is scope
    assert policy.participant_scope(world.users[role], world.program) is scope


@pytest.mark.parametrize(
    ("role", "visibilities"),
    [
        ("mentor", ("pair", "staff")),
        ("mentee", ("pair", "staff")),
        ("operator", ("pair", "staff")),
        ("course_staff", ("staff",)),
        ("org_staff", ("staff",)),
        ("other_staff", None),
        ("bystander", None),
        ("anonymous", None),
    ],
)
def test_reflection_visibilities(world, role, visibilities):
    assert policy.visible_reflection_visibilities(world.users[role], world.pair) == visibilities


def test_view_reflection_needs_its_pair(world):
    with pytest.raises(TypeError):
        policy.allows(world.users["mentor"], A.VIEW_REFLECTION, world.targets["pair_reflection"])


@pytest.mark.parametrize("role", ROLES)
def test_who_authors_blocks(world, role):
    """Block settings (Studio's Save): the course's managers; outside a course, operators only."""
    user = world.users[role]
    assert policy.authors_blocks(user, factories.COURSE) is (role in MANAGERS)
    assert policy.authors_blocks(user, None) is (role == "operator")
