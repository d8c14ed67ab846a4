"""Who may see or change what: one table of viewer x target x action for every role of DESIGN §2."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

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
    (A.VIEW_REFLECTION, "private_reflection"): {"mentor"},
    (A.VIEW_REFLECTION, "pair_reflection"): PAIR | {"operator"},
    (A.VIEW_REFLECTION, "staff_reflection"): PAIR | MANAGERS,
    (A.VIEW_PULSE, "mentee_pulse"): {"mentee"},
}


@pytest.fixture
def world(db):
    program = factories.program()
    draft = factories.program(name="Draft", status="draft")
    pair, mentor, mentee = factories.active_pair(
        program, mentor=factories.enrolled("mentor"), mentee=factories.enrolled("mentee")
    )
    factories.active_pair(program, mentor=factories.enrolled("other_pair"))
    inactive = factories.enrolled("inactive_mentor")
    factories.join(program, inactive, "mentor")
    inactive.is_active = False
    inactive.save()
    services.write_reflection(pair.uuid, user=mentor, body="p", visibility="private")
    services.write_reflection(pair.uuid, user=mentor, body="q", visibility="pair")
    services.write_reflection(pair.uuid, user=mentor, body="s", visibility="staff")
    reflections = {
        r.visibility: r
        for r in services.reflections_of_pair(pair.uuid, viewer_id=mentor.pk, others_visible=())
    }
    pulse = services.record_pulse(
        pair.uuid, user=mentee, trust=4, comfort=4, career_support=4, psychosocial_support=4, role_modeling=4
    )
    users = {
        "anonymous": AnonymousUser(),
        "outsider": factories.make_user("outsider"),
        "bystander": factories.enrolled("bystander"),
        "mentor": mentor,
        "mentee": mentee,
        "other_pair": get_user_model().objects.get(username="other_pair"),
        "course_staff": factories.course_staff("course_staff"),
        "instructor": factories.course_staff("instructor", instructor=True),
        "org_staff": factories.org_staff("org_staff"),
        "other_staff": factories.course_staff("other_staff", course=factories.OTHER_COURSE),
        "operator": factories.operator("operator"),
        "inactive_mentor": inactive,
    }
    targets = {
        "program": program,
        "draft_program": draft,
        "mentor_profile": services.get_participant(program.uuid, "mentor"),
        "pair": services.get_pair(pair.uuid),
        "private_reflection": reflections["private"],
        "pair_reflection": reflections["pair"],
        "staff_reflection": reflections["staff"],
        "mentee_pulse": pulse,
    }
    return SimpleNamespace(users=users, targets=targets, pair=services.get_pair(pair.uuid), program=program)


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
