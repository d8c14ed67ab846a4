"""Matching runs: compute, review, publish; the engine itself is tested in tests/matching."""

import pytest

from revmentor_plugin import services
from revmentor_plugin.services.errors import InvalidInput, InvalidTransition, NotFound
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program):
    """Three mentors, three mentees; m_boss manages e_report's line."""
    people = {}
    specs = [
        (
            "m_py",
            "mentor",
            {
                "skills_offered": ["python"],
                "interests": ["jazz"],
                "department": "Engineering",
                "seniority": 1,
            },
        ),
        ("m_viz", "mentor", {"skills_offered": ["data-visualisation"], "department": "Data", "seniority": 2}),
        (
            "m_social",
            "mentor",
            {"skills_offered": ["social-media"], "department": "Marketing", "seniority": 1},
        ),
        (
            "e_py",
            "mentee",
            {"skills_sought": ["python"], "interests": ["jazz"], "department": "Finance", "seniority": 8},
        ),
        ("e_viz", "mentee", {"skills_sought": ["data-visualisation"], "department": "Sales", "seniority": 7}),
        ("e_social", "mentee", {"skills_sought": ["social-media"], "department": "HR", "seniority": 9}),
    ]
    for username, role, profile in specs:
        people[username] = factories.enrolled(username)
        factories.join(program, people[username], role, **profile)
    return people


def _proposed(run):
    return {(p["mentor"], p["mentee"]) for p in run.proposals}


def test_a_run_proposes_the_best_pairs_without_creating_any(program, cohort):
    run = services.start_matching_run(program.uuid, user=factories.course_staff())
    assert run.status == "done"
    assert run.progress == 100
    assert _proposed(run) == {("m_py", "e_py"), ("m_viz", "e_viz"), ("m_social", "e_social")}
    assert run.unmatched == ()
    assert run.stats["matched"] == 3
    assert run.stats["total_score"] >= run.stats["greedy_total"]
    py = next(p for p in run.proposals if p["mentor"] == "m_py")
    assert any("jazz" in line for line in py["explanation"])
    assert services.pairs_of_program(program.uuid) == []


def test_reporting_lines_and_past_pairs_are_never_proposed(program, cohort):
    services.update_participant(program.uuid, "e_py", manager="m_py")
    declined = services.propose_pair(program.uuid, mentor="m_viz", mentee="e_viz")
    services.decline_pair(declined.uuid, user=cohort["e_viz"])
    run = services.start_matching_run(program.uuid)
    assert ("m_py", "e_py") not in _proposed(run)
    assert ("m_viz", "e_viz") not in _proposed(run)


def _end_pair(program, cohort, mentor, mentee, *, completed):
    """Pair the two by hand and end the pair: completed (ran first) or closed."""
    pair = services.propose_pair(program.uuid, mentor=mentor, mentee=mentee)
    if completed:
        services.accept_agreement(pair.uuid, user=cohort[mentor])
        services.accept_agreement(pair.uuid, user=cohort[mentee])
    services.close_pair(pair.uuid, reason="Done.", completed=completed)


@pytest.mark.parametrize("completed", [True, False])
def test_an_ended_pair_is_not_proposed_again(program, cohort, completed):
    """Issue 12, "No repeats": a completed or closed pair is not re-proposed by matching."""
    _end_pair(program, cohort, "m_py", "e_py", completed=completed)
    run = services.start_matching_run(program.uuid)
    assert ("m_py", "e_py") not in _proposed(run)
    assert "e_py" in {u["username"] for u in run.unmatched} | {b for _a, b in _proposed(run)}


@pytest.mark.parametrize("completed", [True, False])
def test_staff_pin_an_ended_pair_to_pair_them_again(program, cohort, completed):
    _end_pair(program, cohort, "m_py", "e_py", completed=completed)
    run = services.start_matching_run(program.uuid, pinned=[["m_py", "e_py"]])
    assert ("m_py", "e_py") in _proposed(run)
    assert run.stats["rejected_pins"] == []
    published = services.publish_matching_run(program.uuid, run.id)
    assert published.publish_report["skipped"] == []
    assert len(published.publish_report["created"]) == 3


def test_a_pin_does_not_bring_back_a_declined_pair(program, cohort):
    declined = services.propose_pair(program.uuid, mentor="m_py", mentee="e_py")
    services.decline_pair(declined.uuid, user=cohort["e_py"])
    run = services.start_matching_run(program.uuid, pinned=[["m_py", "e_py"]])
    assert ("m_py", "e_py") not in _proposed(run)
    assert len(run.stats["rejected_pins"]) == 1


def test_publish_refuses_a_pair_that_ended_since_the_run(program, cohort):
    run = services.start_matching_run(program.uuid)
    assert ("m_py", "e_py") in _proposed(run)
    _end_pair(program, cohort, "m_py", "e_py", completed=True)
    published = services.publish_matching_run(program.uuid, run.id)
    skipped = {(s["mentor"], s["mentee"]): s["reason"] for s in published.publish_report["skipped"]}
    reason = "This pair ended before; pin it in a matching run to pair them again."
    assert skipped == {("m_py", "e_py"): reason}
    assert len(published.publish_report["created"]) == 2


def test_a_program_minimum_score_leaves_a_hopeless_mentee_unmatched_with_the_reason(program, cohort):
    """Issue 12, "No hopeless pairs": 2.51 is a pair with none of the skills sought."""
    services.update_participant(program.uuid, "m_py", capacity=2)
    factories.join(program, factories.enrolled("e_none"), "mentee", department="Legal", seniority=5)
    before = services.start_matching_run(program.uuid)
    assert ("m_py", "e_none") in _proposed(before)
    assert min(p["score"] for p in before.proposals) == pytest.approx(2.51)

    changed = services.update_program(program.uuid, matching_weights={"minimum_score": 3})
    assert changed.matching_weights["minimum_score"] == 3.0
    assert changed.matching_weights["skills"] == 3.0
    run = services.start_matching_run(program.uuid)
    assert _proposed(run) == {("m_py", "e_py"), ("m_viz", "e_viz"), ("m_social", "e_social")}
    assert run.unmatched == (
        {
            "username": "e_none",
            "role": "mentee",
            "reasons": [{"code": "mentee_below_minimum", "params": {"minimum": 3.0}}],
            "reason": "No mentor scores at least 3 for this mentee",
        },
    )


def test_the_minimum_score_compares_the_shown_score_without_diversity(program, cohort):
    """ADR 0003: diversity could lift a hopeless pair above the minimum; it does not count."""
    services.update_program(
        program.uuid, diversity_enabled=True, matching_weights={"diversity": 5.0, "minimum_score": 3}
    )
    services.update_participant(program.uuid, "m_py", capacity=2, self_description={"q_generation": "a_20s"})
    factories.join(
        program,
        factories.enrolled("e_none"),
        "mentee",
        department="Legal",
        seniority=5,
        self_description={"q_generation": "a_60s"},
    )
    run = services.start_matching_run(program.uuid)
    assert "e_none" not in {mentee for _mentor, mentee in _proposed(run)}
    assert {u["username"]: u["reason"] for u in run.unmatched} == {
        "e_none": "No mentor scores at least 3 for this mentee"
    }


@pytest.mark.parametrize("minimum", [-1, "3", True, None, float("nan")])
def test_a_bad_minimum_score_is_refused(program, minimum):
    with pytest.raises(InvalidInput) as exc:
        services.update_program(program.uuid, matching_weights={"minimum_score": minimum})
    assert "minimum_score" in str(exc.value.errors["matching_weights"])


def test_people_in_open_pairs_sit_out_and_mentors_keep_their_free_seats(program, cohort):
    services.update_participant(program.uuid, "m_py", capacity=2)
    services.propose_pair(program.uuid, mentor="m_py", mentee="e_social")
    run = services.start_matching_run(program.uuid)
    names = {name for pair in _proposed(run) for name in pair} | {u["username"] for u in run.unmatched}
    assert "e_social" not in names
    assert ("m_py", "e_py") in _proposed(run)


def test_pins_and_forbids(program, cohort):
    run = services.start_matching_run(
        program.uuid, pinned=[["m_py", "e_viz"]], forbidden=[["m_viz", "e_viz"]]
    )
    assert ("m_py", "e_viz") in _proposed(run)
    assert ("m_viz", "e_viz") not in _proposed(run)
    assert run.pinned == (("m_py", "e_viz"),)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"pinned": "m_py,e_py"}, "pinned"),
        ({"pinned": [["m_py"]]}, "pinned"),
        ({"pinned": [["e_py", "m_py"]]}, "pinned"),
        ({"forbidden": [["m_py", "ghost"]]}, "forbidden"),
        ({"pinned": [["m_py", "e_py"]], "forbidden": [["m_py", "e_py"]]}, "forbidden"),
    ],
)
def test_bad_pins(program, cohort, kwargs, field):
    with pytest.raises(InvalidInput) as exc:
        services.start_matching_run(program.uuid, **kwargs)
    assert field in exc.value.errors
    assert services.matching_runs_of_program(program.uuid) == []


def test_publish_creates_proposed_pairs_once(program, cohort):
    run = services.start_matching_run(program.uuid)
    published = services.publish_matching_run(program.uuid, run.id)
    assert published.status == "published"
    assert len(published.publish_report["created"]) == 3
    assert published.publish_report["skipped"] == []
    pairs = services.pairs_of_program(program.uuid)
    assert {(p.source, p.status) for p in pairs} == {("matching", "proposed")}
    assert all(p.explanation for p in pairs)
    with pytest.raises(InvalidTransition):
        services.publish_matching_run(program.uuid, run.id)


def test_publish_skips_proposals_invalidated_since_the_run(program, cohort):
    run = services.start_matching_run(program.uuid)
    services.propose_pair(program.uuid, mentor="m_social", mentee="e_py")  # e_py is now taken
    services.withdraw_participant(program.uuid, "m_viz")
    published = services.publish_matching_run(program.uuid, run.id)
    skipped = {(s["mentor"], s["mentee"]): s["reason"] for s in published.publish_report["skipped"]}
    assert skipped[("m_py", "e_py")] == "e_py already has an open pair."
    assert skipped[("m_viz", "e_viz")] == "m_viz has withdrawn from the program."
    assert skipped[("m_social", "e_social")] == "m_social is at capacity (1 open pair)."
    assert published.publish_report["created"] == []


def test_unknown_runs(program):
    with pytest.raises(NotFound):
        services.get_matching_run(program.uuid, 12345)
    with pytest.raises(NotFound):
        services.get_matching_run(program.uuid, "x")


def test_large_cohorts_run_as_a_celery_task(program, cohort, settings, django_capture_on_commit_callbacks):
    settings.REVMENTOR_MATCHING_ASYNC_THRESHOLD = 2
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.start_matching_run(program.uuid)
    assert queued.status == "pending"
    done = services.get_matching_run(program.uuid, queued.id)
    assert (done.status, done.progress, len(done.proposals)) == ("done", 100, 3)


def test_unmatched_people_have_reasons(program, cohort):
    factories.join(program, factories.enrolled("e_klingon"), "mentee", languages=["tlh"])
    run = services.start_matching_run(program.uuid)
    (unmatched,) = run.unmatched
    assert unmatched["username"] == "e_klingon"
    assert unmatched["role"] == "mentee"
    assert "language" in unmatched["reason"]


def test_retirement_removes_the_name_from_runs(program, cohort):
    services.start_matching_run(program.uuid, pinned=[["m_py", "e_py"]])
    services.retire_user(cohort["e_py"])
    (run,) = services.matching_runs_of_program(program.uuid)
    assert "e_py" not in str(run.proposals) + str(run.unmatched) + str(run.pinned)


SECRET_MARKS = ("q_generation", "a_20s", "a_60s", "ackground")


def test_nothing_a_run_shows_depends_on_the_self_description(program):
    """ADR 0003: matching uses the self-description, nobody reads it. With the diversity
    criterion on, two runs whose answers differ show the same explanations, scores, unmatched
    reasons and statistics, to staff (REST run) and to the pair (REST pair detail)."""
    from tests.api.conftest import API, client_for

    services.update_program(program.uuid, diversity_enabled=True, matching_weights={"diversity": 3.0})
    mentor, mentee, loner = (factories.enrolled(name) for name in ("m_div", "e_div", "e_loner"))
    factories.join(
        program, mentor, "mentor", skills_offered=["python"], self_description={"q_generation": "a_20s"}
    )
    factories.join(
        program, mentee, "mentee", skills_sought=["python"], self_description={"q_generation": "a_60s"}
    )
    factories.join(program, loner, "mentee", languages=["tlh"], self_description={"q_generation": "a_20s"})

    differ = services.start_matching_run(program.uuid)
    services.update_participant(program.uuid, "e_div", self_description={"q_generation": "a_20s"})
    same = services.start_matching_run(program.uuid)

    assert differ.proposals == same.proposals
    assert differ.unmatched == same.unmatched
    ((mentor_name, mentee_name),) = _proposed(differ)
    assert (mentor_name, mentee_name) == ("m_div", "e_div")
    assert differ.proposals[0]["explanation"][-1] == "Diversity was considered"
    for key in ("total_score", "mean_score", "min_score"):
        assert differ.stats[key] == pytest.approx(same.stats[key])
    assert differ.stats["total_score"] == pytest.approx(differ.proposals[0]["score"], abs=1e-4)
    assert "greedy_total" not in differ.stats
    assert "upper_bound" not in differ.stats

    staff = client_for(factories.course_staff())
    run_json = staff.get(f"{API}programs/{program.uuid}/matching-runs/{differ.id}/").content.decode()
    published = staff.post(f"{API}programs/{program.uuid}/matching-runs/{differ.id}/publish/")
    assert published.status_code == 200
    (pair_uuid,) = published.json()["publish_report"]["created"]
    pair_json = client_for(mentee).get(f"{API}pairs/{pair_uuid}/")
    assert pair_json.status_code == 200
    assert "Diversity was considered" in pair_json.json()["explanation"]
    assert pair_json.json()["score"] == differ.proposals[0]["score"]
    for shown in (run_json, published.content.decode(), pair_json.content.decode()):
        assert not any(mark in shown for mark in SECRET_MARKS), shown


def test_without_the_diversity_criterion_the_explanation_does_not_claim_it(program, cohort):
    services.update_program(program.uuid, matching_weights={"diversity": 3.0})
    run = services.start_matching_run(program.uuid)
    assert run.proposals
    assert not any("Diversity" in line for p in run.proposals for line in p["explanation"])
    assert "greedy_total" in run.stats
