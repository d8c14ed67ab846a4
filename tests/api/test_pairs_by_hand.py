"""REST for pairing by hand (issue 12): the preview, the same rules as matching with the reason
in words, closing or completing with a reason, and a new partner for a mentee whose pair ended.
Who may call each endpoint is in the permission matrix (test_permissions.py)."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    return client_for(world.users["course_staff"])


def pairs_url(world, tail=""):
    return f"{API}programs/{world.program.uuid}/pairs/{tail}"


def preview(staff, world, **query):
    return staff.get(pairs_url(world, "preview/"), query)


def test_the_preview_shows_what_matching_would_propose_and_writes_nothing(world, staff):
    run = staff.post(f"{API}programs/{world.program.uuid}/matching-runs/", {}, format="json").json()
    (proposal,) = run["proposals"]
    response = preview(staff, world, mentor="free_mentor", mentee="free_mentee")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "mentor": "free_mentor",
        "mentee": "free_mentee",
        "score": proposal["score"],
        "explanation": proposal["explanation"],
        "reasons": proposal["reasons"],
        "allowed": True,
        "reason": "",
    }
    assert services.pairs_of_program(world.program.uuid, statuses=["proposed"]) == []


def test_pairing_by_hand_keeps_the_score_and_explanation(world, staff):
    shown = preview(staff, world, mentor="free_mentor", mentee="free_mentee").json()
    response = staff.post(pairs_url(world), {"mentor": "free_mentor", "mentee": "free_mentee"}, format="json")
    assert response.status_code == 201, response.content
    pair = response.json()
    assert (pair["source"], pair["score"], pair["explanation"], pair["reasons"]) == (
        "staff",
        shown["score"],
        shown["explanation"],
        shown["reasons"],
    )


@pytest.mark.parametrize(
    ("profile", "reason"),
    [
        ({"languages": ["fr"]}, "These two share no language."),
        ({"manager": "free_mentor"}, "These two are in the same reporting line."),
    ],
)
def test_a_pair_the_hard_rules_refuse_is_previewed_with_the_reason_and_refused(world, staff, profile, reason):
    services.update_participant(world.program.uuid, "free_mentee", **profile)
    shown = preview(staff, world, mentor="free_mentor", mentee="free_mentee").json()
    assert (shown["allowed"], shown["reason"]) == (False, reason)
    assert shown["score"] is not None
    refused = staff.post(pairs_url(world), {"mentor": "free_mentor", "mentee": "free_mentee"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["detail"] == reason
    assert refused.json()["field"] == "mentee"


def test_a_reporting_line_through_another_participant_is_refused(world, staff):
    """free_mentor manages boss, who manages free_mentee: one is in the other's line."""
    factories.join(world.program, factories.enrolled("boss"), "mentee", manager="free_mentor")
    services.update_participant(world.program.uuid, "free_mentee", manager="boss")
    shown = preview(staff, world, mentor="free_mentor", mentee="free_mentee").json()
    assert (shown["allowed"], shown["reason"]) == (False, "These two are in the same reporting line.")
    # Someone who is not a participant breaks the line, as in a matching run.
    services.update_participant(world.program.uuid, "free_mentee", manager="addable")
    assert preview(staff, world, mentor="free_mentor", mentee="free_mentee").json()["allowed"] is True


def test_the_minimum_score_refuses_a_pair_by_hand_too(world, staff):
    services.update_program(world.program.uuid, matching_weights={"minimum_score": 9})
    shown = preview(staff, world, mentor="free_mentor", mentee="free_mentee").json()
    assert shown["allowed"] is False
    assert shown["reason"] == (
        f"This pair scores {shown['score']:.2f}, below the program's minimum score of 9."
    )
    assert (
        staff.post(
            pairs_url(world), {"mentor": "free_mentor", "mentee": "free_mentee"}, format="json"
        ).status_code
        == 409
    )


def test_capacity_and_an_open_pair_are_refused_with_the_reason(world, staff):
    shown = preview(staff, world, mentor="mentor", mentee="free_mentee").json()
    assert (shown["allowed"], shown["reason"]) == (False, "mentor is at capacity (1 open pair).")
    shown = preview(staff, world, mentor="free_mentor", mentee="mentee").json()
    assert (shown["allowed"], shown["reason"]) == (False, "mentee already has an open pair.")
    refused = staff.post(pairs_url(world), {"mentor": "free_mentor", "mentee": "mentee"}, format="json")
    assert (refused.status_code, refused.json()["field"]) == (409, "mentee")


def test_someone_who_withdrew_is_refused_without_a_score(world, staff):
    services.withdraw_participant(world.program.uuid, "free_mentee")
    shown = preview(staff, world, mentor="free_mentor", mentee="free_mentee").json()
    assert shown == {
        "mentor": "free_mentor",
        "mentee": "free_mentee",
        "score": None,
        "explanation": [],
        "reasons": [],
        "allowed": False,
        "reason": "free_mentee has withdrawn from the program.",
    }
    partners = staff.get(pairs_url(world, "partners/"), {"mentee": "free_mentee"})
    assert (partners.status_code, partners.json()["field"]) == (409, "mentee")


def test_bad_input_names_the_field(world, staff):
    assert preview(staff, world, mentor="free_mentor").json() == {"mentee": ["This field is required."]}
    unknown = preview(staff, world, mentor="nobody", mentee="free_mentee")
    assert unknown.status_code == 400
    assert set(unknown.json()) == {"mentor"}
    swapped = preview(staff, world, mentor="free_mentee", mentee="free_mentor")
    assert (swapped.status_code, set(swapped.json())) == (400, {"mentor"})
    assert preview(staff, world, mentor="free_mentor", mentee="free_mentee", again="maybe").status_code == 400
    partners = staff.get(pairs_url(world, "partners/"), {"mentee": "free_mentee", "limit": "0"})
    assert (partners.status_code, set(partners.json())) == (400, {"limit"})
    mentor = staff.get(pairs_url(world, "partners/"), {"mentee": "free_mentor"})
    assert mentor.json() == {"mentee": ["free_mentor joined as a mentor, not a mentee."]}


def _end(pair_uuid, *, completed=False):
    return services.close_pair(pair_uuid, reason="Moved teams", completed=completed)


def test_close_and_complete_with_a_reason(world, staff):
    closed = staff.post(
        f"{API}pairs/{world.pair.uuid}/close/", {"reason": "Moved teams"}, format="json"
    ).json()
    assert (closed["status"], closed["closed_reason"]) == ("closed", "Moved teams")
    completed = staff.post(
        f"{API}pairs/{world.other_pair.uuid}/close/",
        {"reason": "Goals met", "completed": True},
        format="json",
    ).json()
    assert (completed["status"], completed["closed_reason"]) == ("completed", "Goals met")
    missing = staff.post(f"{API}pairs/{world.other_pair.uuid}/close/", {}, format="json")
    assert missing.status_code == 400


def test_an_ended_pair_comes_back_only_when_staff_ask_again(world, staff):
    _end(world.pair.uuid)
    shown = preview(staff, world, mentor="mentor", mentee="mentee").json()
    assert shown["allowed"] is False
    assert shown["reason"] == (
        "mentor and mentee were paired before and that pair ended; ask for them again to pair them."
    )
    refused = staff.post(pairs_url(world), {"mentor": "mentor", "mentee": "mentee"}, format="json")
    assert (refused.status_code, refused.json()["field"]) == (409, "again")
    assert preview(staff, world, mentor="mentor", mentee="mentee", again="true").json()["allowed"] is True
    made = staff.post(
        pairs_url(world), {"mentor": "mentor", "mentee": "mentee", "again": True}, format="json"
    )
    assert made.status_code == 201, made.content


def test_a_declined_pair_never_comes_back(world, staff):
    pair, _mentor, mentee = factories.proposed_pair(world.program, mentor=world.free_mentor)
    services.decline_pair(pair.uuid, user=mentee)
    body = {"mentor": "free_mentor", "mentee": mentee.username, "again": True}
    refused = staff.post(pairs_url(world), body, format="json")
    assert refused.status_code == 409
    assert "declined" in refused.json()["detail"]


def test_re_match_proposes_the_best_new_partners_ranked_by_the_engine(world, staff):
    factories.join(world.program, factories.enrolled("second_mentor"), "mentor", languages=["en"])
    factories.join(world.program, factories.enrolled("far_mentor"), "mentor", languages=["de"])
    _end(world.pair.uuid, completed=False)
    response = staff.get(pairs_url(world, "partners/"), {"mentee": "mentee"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["mentee"] == "mentee"
    names = [p["mentor"] for p in body["results"]]
    # The ended partner is left out, the one sharing no language too; the rest best first.
    assert set(names) == {"free_mentor", "second_mentor"}
    scores = [p["score"] for p in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert all(p["allowed"] and p["explanation"] for p in body["results"])
    again = staff.get(pairs_url(world, "partners/"), {"mentee": "mentee", "again": "true"}).json()
    assert "mentor" in {p["mentor"] for p in again["results"]}
    one = staff.get(pairs_url(world, "partners/"), {"mentee": "mentee", "limit": "1"}).json()
    assert [p["mentor"] for p in one["results"]] == names[:1]
    # Staff confirm one: it is paired by hand.
    made = staff.post(pairs_url(world), {"mentor": names[0], "mentee": "mentee"}, format="json")
    assert made.status_code == 201, made.content
    assert staff.get(pairs_url(world, "partners/"), {"mentee": "mentee"}).status_code == 409


def test_partner_scores_are_the_engines(world, staff):
    """The ranked scores are those of a matching run's proposals for the same people."""
    _end(world.pair.uuid)
    _end(world.other_pair.uuid)
    ranked = staff.get(pairs_url(world, "partners/"), {"mentee": "free_mentee", "limit": "20"}).json()[
        "results"
    ]
    run = staff.post(
        f"{API}programs/{world.program.uuid}/matching-runs/",
        {"pinned": [[ranked[0]["mentor"], "free_mentee"]]},
        format="json",
    ).json()
    pinned = next(p for p in run["proposals"] if p["mentee"] == "free_mentee")
    assert pinned["score"] == ranked[0]["score"]
    assert pinned["explanation"][1:] == ranked[0]["explanation"]  # a pin's first line says so
