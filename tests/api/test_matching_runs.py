"""REST for matching runs and the participant CSV import (behaviour; access is in the matrix)."""

import pytest

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(world):
    return client_for(world.users["course_staff"])


def runs_url(world):
    return f"{API}programs/{world.program.uuid}/matching-runs/"


def test_preview_then_publish(world, staff_client):
    response = staff_client.post(runs_url(world), {}, format="json")
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["status"] == "done"
    assert [(p["mentor"], p["mentee"]) for p in run["proposals"]] == [("free_mentor", "free_mentee")]
    assert run["proposals"][0]["explanation"]
    assert set(run["stats"]) >= {"total_score", "mean_score", "min_score"}
    assert staff_client.get(f"{runs_url(world)}{run['id']}/").json()["proposals"] == run["proposals"]
    listing = staff_client.get(runs_url(world)).json()
    assert listing["results"][0]["id"] == run["id"]  # newest first
    assert "proposals" not in listing["results"][0]

    published = staff_client.post(f"{runs_url(world)}{run['id']}/publish/")
    assert published.status_code == 200
    body = published.json()
    assert body["status"] == "published"
    (created,) = body["publish_report"]["created"]
    assert services.get_pair(created).source == "matching"
    again = staff_client.post(f"{runs_url(world)}{run['id']}/publish/")
    assert again.status_code == 409


def test_pin_and_forbid(world, staff_client):
    forbidden = staff_client.post(
        runs_url(world), {"forbidden": [["free_mentor", "free_mentee"]]}, format="json"
    )
    assert forbidden.json()["proposals"] == []
    assert {u["username"] for u in forbidden.json()["unmatched"]} == {"free_mentor", "free_mentee"}


def test_a_proposal_invalidated_before_publishing_is_skipped(world, staff_client):
    run = staff_client.post(runs_url(world), {}, format="json").json()
    services.withdraw_participant(world.program.uuid, "free_mentee")
    body = staff_client.post(f"{runs_url(world)}{run['id']}/publish/").json()
    assert body["publish_report"]["created"] == []
    assert body["publish_report"]["skipped"] == [
        {
            "mentor": "free_mentor",
            "mentee": "free_mentee",
            "reason": "free_mentee has withdrawn from the program.",
        }
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pinned": "free_mentor"}, "pinned"),
        ({"pinned": [["free_mentor"]]}, "pinned"),
        ({"pinned": [["free_mentee", "free_mentor"]]}, "pinned"),
        ({"forbidden": [["free_mentor", "nobody"]]}, "forbidden"),
        ({"pinned": [[1, 2]]}, "pinned"),
        ({"colour": "red"}, "colour"),
        (["not", "an", "object"], "non_field_errors"),
    ],
)
def test_bad_run_requests(world, staff_client, body, field):
    response = staff_client.post(runs_url(world), body, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("run_id", ["999999", "abc", "1" * 20])
def test_unknown_runs_are_404(world, staff_client, run_id):
    assert staff_client.get(f"{runs_url(world)}{run_id}/").status_code == 404


def test_large_cohorts_answer_202_and_report_progress(
    world, staff_client, settings, django_capture_on_commit_callbacks
):
    settings.REVMENTOR_MATCHING_ASYNC_THRESHOLD = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(runs_url(world), {}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    done = staff_client.get(f"{runs_url(world)}{response.json()['id']}/").json()
    assert (done["status"], done["progress"]) == ("done", 100)


def test_participant_import(world, staff_client):
    """Every row or none (more in tests/api/test_imports.py)."""
    factories.enrolled("newcomer")
    url = f"{API}programs/{world.program.uuid}/participants/import/"
    rejected = staff_client.post(
        url, {"csv": "username,role,languages\nnewcomer,mentee,en\nghost,mentee,en\n"}, format="json"
    )
    assert rejected.status_code == 400
    assert [(r["row"], r["username"]) for r in rejected.json()["rows"]] == [(3, "ghost")]
    assert services.find_participant(world.program.uuid, "newcomer") is None
    response = staff_client.post(url, {"csv": "username,role,languages\nnewcomer,mentee,en\n"}, format="json")
    assert response.status_code == 200
    assert [(r["username"], r["status"]) for r in response.json()["results"]] == [("newcomer", "added")]
    assert staff_client.post(url, {"csv": ""}, format="json").status_code == 400


def test_only_the_participant_sets_their_private_profile_fields(world):
    """Staff manage profiles, but the self-description and the reminder opt-out stay the
    participant's own (ADR 0003), when changing a profile and when adding someone."""
    url = f"{API}programs/{world.program.uuid}/participants/"
    staff = client_for(world.users["course_staff"])
    refused = staff.patch(f"{url}mentor/", {"reminders_opt_out": True, "department": "Data"}, format="json")
    assert refused.status_code == 403
    assert "reminders_opt_out" in refused.json()["detail"]
    assert services.get_participant(world.program.uuid, "mentor").department != "Data"
    assert staff.patch(f"{url}mentor/", {"department": "Data"}, format="json").status_code == 200
    own = client_for(world.users["mentor"]).patch(f"{url}mentor/", {"reminders_opt_out": True}, format="json")
    assert (own.status_code, own.json()["reminders_opt_out"]) == (200, True)
    factories.enrolled("added_by_staff")
    added = staff.post(
        url, {"username": "added_by_staff", "role": "mentee", "reminders_opt_out": True}, format="json"
    )
    assert added.status_code == 403
    assert services.find_participant(world.program.uuid, "added_by_staff") is None


def test_a_minimum_score_set_over_rest_keeps_hopeless_pairs_out(world, staff_client):
    """Issue 12, "No hopeless pairs": staff set the minimum with the program's weights."""
    first = staff_client.post(runs_url(world), {}, format="json").json()
    ((score,),) = [[p["score"] for p in first["proposals"]]]
    changed = staff_client.patch(
        f"{API}programs/{world.program.uuid}/",
        {"matching_weights": {"minimum_score": score + 1}},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["matching_weights"]["minimum_score"] == score + 1
    run = staff_client.post(runs_url(world), {}, format="json").json()
    assert run["proposals"] == []
    reasons = {u["username"]: u["reason"] for u in run["unmatched"]}
    assert reasons["free_mentee"] == f"No mentor scores at least {score + 1:g} for this mentee"
    refused = staff_client.patch(
        f"{API}programs/{world.program.uuid}/", {"matching_weights": {"minimum_score": -1}}, format="json"
    )
    assert refused.status_code == 400
    assert list(refused.json()) == ["matching_weights"]


def test_a_pair_explains_itself_to_each_caller_in_their_language(world, staff_client):
    """Issue 12: ``explanation`` is worded for the caller (the pair's mentee, or staff) in the
    caller's language; ``reasons`` is the same for everyone: codes and parameters."""
    run = staff_client.post(runs_url(world), {}, format="json").json()
    assert run["proposals"][0]["reasons"][0] == {"code": "languages_shared", "params": {"languages": ["en"]}}
    assert run["proposals"][0]["explanation"][0] == "They share a language: English"
    (created,) = staff_client.post(f"{runs_url(world)}{run['id']}/publish/").json()["publish_report"][
        "created"
    ]

    as_staff = staff_client.get(f"{API}pairs/{created}/").json()
    as_mentee = client_for(world.free_mentee).get(f"{API}pairs/{created}/").json()
    in_eo = client_for(world.free_mentee).get(f"{API}pairs/{created}/", HTTP_ACCEPT_LANGUAGE="eo").json()
    assert as_staff["reasons"] == as_mentee["reasons"] == in_eo["reasons"] == run["proposals"][0]["reasons"]
    assert as_staff["explanation"][0] == "They share a language: English"
    assert as_mentee["explanation"][0] == "You share a language: English"
    assert in_eo["explanation"][0].startswith("Ýöü shäré ä längüägé: ")
    assert in_eo["explanation"][0].endswith("#")
    mine = client_for(world.free_mentee).get(f"{API}me/pairs/").json()["results"]
    assert [p["explanation"] for p in mine if p["uuid"] == created] == [as_mentee["explanation"]]


def test_unmatched_people_carry_their_reasons_as_codes(world, staff_client):
    run = staff_client.post(runs_url(world), {"forbidden": [["free_mentor", "free_mentee"]]}, format="json")
    by_name = {u["username"]: u for u in run.json()["unmatched"]}
    assert by_name["free_mentee"]["reasons"] == [{"code": "mentee_excluded", "params": {}}]
    assert by_name["free_mentee"]["reason"] == (
        "Every compatible mentor was excluded (declined, closed or forbidden before)"
    )
