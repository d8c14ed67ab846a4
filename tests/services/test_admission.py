"""Who may come into a program, and when: the same rule on every way in (issue 10, items 4, 12).

Ways a participant comes into being: joining, re-joining after withdrawing, staff adding someone,
the CSV import. Ways a pair does: staff proposing one, publishing a matching run (and the run that
computes its proposals). Each obeys the same two rules, in the services:

* the people are learners enrolled in the program's course (a participant's manager too), and an
  unknown username and a user who is not enrolled get the same answer (no username oracle);
* a closed program takes nothing new (409 with the reason); a draft takes participants from
  staff (to prepare it) and previews matching, but makes no pairs until it opens.
"""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from revmentor_plugin.models import MatchingRun, Pair, Participant
from revmentor_plugin.services.errors import Conflict, InvalidInput, InvalidTransition
from tests import factories

pytestmark = pytest.mark.django_db

NOT_ENROLLED = "No learner named {!r} is enrolled in this course."


@pytest.fixture
def outsider():
    """A learner of another course: the person of the issue."""
    return factories.enrolled("course_a_learner", course=factories.OTHER_COURSE)


# ---------------------------------------------------------------------------------------------
# Item 4: the enrollment rule on every way in, without a username oracle


def test_staff_cannot_add_a_learner_of_another_course(program, outsider):
    with pytest.raises(InvalidInput) as exc:
        services.add_participant(program.uuid, username="course_a_learner", role="mentee")
    assert exc.value.errors == {"username": [NOT_ENROLLED.format("course_a_learner")]}
    assert not Participant.objects.filter(user=outsider).exists()


def test_unknown_and_not_enrolled_users_get_the_same_answer(program, outsider):
    factories.make_user("inactive_learner", is_active=False)
    factories.enroll(factories.get_user("inactive_learner"))
    answers = {}
    for name in ("course_a_learner", "nobody_at_all", "inactive_learner"):
        with pytest.raises(InvalidInput) as exc:
            services.add_participant(program.uuid, username=name, role="mentee")
        answers[name] = exc.value.errors["username"][0].replace(repr(name), "NAME")
    assert len(set(answers.values())) == 1, answers


def test_joining_needs_an_enrollment_in_the_service_itself(program, outsider):
    """The edges check the policy first; the service holds the rule for every caller anyway."""
    with pytest.raises(InvalidInput) as exc:
        services.join_program(program.uuid, user=outsider, role="mentee", profile={"languages": ["en"]})
    assert exc.value.errors == {"username": [NOT_ENROLLED.format("course_a_learner")]}


def test_rejoining_after_unenrolling_is_refused(program):
    from common.djangoapps.student.models import CourseEnrollment

    learner = factories.enrolled("leaver")
    factories.join(program, learner, "mentee")
    CourseEnrollment.unenroll(learner, factories.COURSE)  # the receiver withdraws them
    with pytest.raises(InvalidInput):
        factories.join(program, learner, "mentee")
    assert services.get_participant(program.uuid, "leaver").status == "withdrawn"


@pytest.mark.parametrize("manager", ["course_a_learner", "nobody_at_all"])
def test_a_manager_is_a_learner_of_the_course_and_the_answer_is_the_same(program, outsider, manager):
    with pytest.raises(InvalidInput) as exc:
        factories.join(program, factories.enrolled(), "mentee", manager=manager)
    assert exc.value.errors == {"manager": [NOT_ENROLLED.format(manager)]}
    participant = factories.join(program, factories.enrolled("report"), "mentee")
    with pytest.raises(InvalidInput):
        services.update_participant(program.uuid, participant.username, manager=manager)


def test_an_enrolled_manager_is_accepted(program):
    factories.enrolled("boss")
    assert factories.join(program, factories.enrolled(), "mentee", manager="boss").manager == "boss"


def _sneak_in(program, user, role):
    """A participant written before the rule existed (or whose unenrollment was never signalled)."""
    return Participant.objects.create(
        program_id=program.id, user=user, role=role, capacity=1, languages=["en"]
    )


def test_a_participant_outside_the_course_is_never_paired(program, outsider):
    _sneak_in(program, outsider, "mentee")
    factories.join(program, factories.enrolled("staff_pick"), "mentor")
    with pytest.raises(Conflict) as exc:
        services.propose_pair(program.uuid, mentor="staff_pick", mentee="course_a_learner")
    assert exc.value.field == "mentee"
    assert not Pair.objects.exists()


def test_matching_leaves_out_participants_outside_the_course(program, outsider):
    _sneak_in(program, outsider, "mentee")
    factories.join(program, factories.enrolled("only_mentor"), "mentor")
    run = services.start_matching_run(program.uuid)
    assert run.proposals == ()
    assert [(u["username"], u["reason"]) for u in run.unmatched if u["role"] == "mentee"] == [
        ("course_a_learner", "Not enrolled in this course any more.")
    ]


def test_publishing_skips_a_participant_who_left_the_course(program):
    from common.djangoapps.student.models import CourseEnrollment

    mentor, mentee = factories.enrolled("pub_mentor"), factories.enrolled("pub_mentee")
    factories.join(program, mentor, "mentor")
    factories.join(program, mentee, "mentee")
    run = services.start_matching_run(program.uuid)
    assert len(run.proposals) == 1
    # The enrollment ends without the host's event (a data fix, a missed signal).
    CourseEnrollment.objects.filter(user=mentee).update(is_active=False)
    published = services.publish_matching_run(program.uuid, run.id)
    assert published.publish_report["created"] == []
    (skipped,) = published.publish_report["skipped"]
    assert skipped["reason"] == "pub_mentee is not enrolled in this course any more."


# ---------------------------------------------------------------------------------------------
# Item 12: a closed program takes nothing new; what a draft allows


@pytest.fixture
def closed(program):
    mentor, mentee = factories.enrolled("c_mentor"), factories.enrolled("c_mentee")
    factories.join(program, mentor, "mentor")
    factories.join(program, mentee, "mentee")
    factories.join(program, factories.enrolled("c_leaver"), "mentee")
    services.withdraw_participant(program.uuid, "c_leaver")
    run = services.start_matching_run(program.uuid)
    factories.enrolled("c_newcomer")
    services.update_program(program.uuid, status="closed")
    return program, run


def _every_way_in(program, run):
    return {
        "join": lambda: factories.join(program, factories.get_user("c_newcomer"), "mentee"),
        "rejoin": lambda: factories.join(program, factories.get_user("c_leaver"), "mentee"),
        "staff add": lambda: services.add_participant(program.uuid, username="c_newcomer", role="mentee"),
        "import": lambda: services.import_participants(
            program.uuid, csv_text="username,role\nc_newcomer,mentee\n"
        ),
        "propose": lambda: services.propose_pair(program.uuid, mentor="c_mentor", mentee="c_mentee"),
        "matching run": lambda: services.start_matching_run(program.uuid),
        "publish": lambda: services.publish_matching_run(program.uuid, run.id),
    }


@pytest.mark.parametrize(
    "way", ["join", "rejoin", "staff add", "import", "propose", "matching run", "publish"]
)
def test_a_closed_program_refuses_every_way_in(closed, way):
    program, run = closed
    counts = (Participant.objects.count(), Pair.objects.count(), MatchingRun.objects.count())
    with pytest.raises(InvalidTransition) as exc:
        _every_way_in(program, run)[way]()
    assert exc.value.message.startswith("This program is closed, so it takes no ")
    assert (Participant.objects.count(), Pair.objects.count(), MatchingRun.objects.count()) == counts
    assert services.get_participant(program.uuid, "c_leaver").status == "withdrawn"


def test_a_draft_takes_staff_preparation_but_makes_no_pairs():
    draft = factories.program(status="draft")
    factories.enrolled("d_mentor"), factories.enrolled("d_mentee"), factories.enrolled("d_self")
    services.add_participant(draft.uuid, username="d_mentor", role="mentor", profile={"languages": ["en"]})
    services.import_participants(draft.uuid, csv_text="username,role,languages\nd_mentee,mentee,en\n")
    with pytest.raises(InvalidTransition, match="not open for joining yet"):
        factories.join(draft, factories.get_user("d_self"), "mentee")
    run = services.start_matching_run(draft.uuid)  # a preview writes no pair
    assert [(p["mentor"], p["mentee"]) for p in run.proposals] == [("d_mentor", "d_mentee")]
    for make_pair in (
        lambda: services.publish_matching_run(draft.uuid, run.id),
        lambda: services.propose_pair(draft.uuid, mentor="d_mentor", mentee="d_mentee"),
    ):
        with pytest.raises(InvalidTransition, match="still a draft"):
            make_pair()
    assert not Pair.objects.exists()
    services.update_program(draft.uuid, status="enrolling")
    assert services.publish_matching_run(draft.uuid, run.id).publish_report["created"]
