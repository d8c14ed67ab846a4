"""REST: the CSV import is all-or-nothing with a full report; closed programs answer 409 on every
way in; staff cannot add (or name as manager) anyone outside the course, and cannot tell an
unknown user from one who is not enrolled (issue 10, items 4, 7, 12). Access is in the matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from revmentor_plugin import services
from revmentor_plugin.models import MatchingRun, Pair, Participant, ParticipantImport
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def url(world, name="participants-import", **kwargs):
    return reverse(f"revmentor:v1:{name}", kwargs={"program_uuid": str(world.program.uuid), **kwargs})


def db_state():
    return (
        sorted(Participant.objects.values_list("user__username", "role", "status", "department")),
        Pair.objects.count(),
        MatchingRun.objects.count(),
        ParticipantImport.objects.count(),
    )


@pytest.fixture
def staff(world):
    return client_for(world.users["course_staff"])


def test_a_file_with_problems_is_a_400_with_every_problem_and_changes_nothing(world, staff):
    factories.enrolled("newcomer")
    csv_text = (
        "username,role,languages,timezone,capacity\n"
        "newcomer,mentee,en,UTC,\n"
        "outsider,mentee,en,UTC,\n"  # a real account, not enrolled: same answer as ghost
        "ghost,boss,English!,Mars/Base,x\n"
        "mentee,mentor,en,UTC,\n"
    )
    before = db_state()
    response = staff.post(url(world), {"csv": csv_text}, format="json")
    assert response.status_code == 400
    assert db_state() == before
    body = response.json()
    assert body["file"] == [
        "3 of 4 rows have problems, so nothing was imported. Correct them and import the whole file again."
    ]
    assert body["rows"] == [
        {
            "row": 3,
            "username": "outsider",
            "errors": {"username": ["No learner named 'outsider' is enrolled in this course."]},
        },
        {
            "row": 4,
            "username": "ghost",
            "errors": {
                "username": ["No learner named 'ghost' is enrolled in this course."],
                "role": ["Must be one of: mentor, mentee."],
                "languages": ["Not language codes (such as 'en' or 'pt-BR'): English!."],
                "timezone": ["Must be an IANA timezone name, such as Europe/Paris."],
                "capacity": ["Must be a whole number."],
            },
        },
        {
            "row": 5,
            "username": "mentee",
            "errors": {"role": ["mentee already takes part as mentee; their role stays."]},
        },
    ]


def test_a_file_of_5001_rows_is_a_400_and_writes_nothing(world, staff):
    csv_text = "username,role\n" + "".join(f"p{n},mentee\n" for n in range(5001))
    before = db_state()
    response = staff.post(url(world), {"csv": csv_text}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "file": ["This file has 5001 rows; at most 5000 per file. Nothing was imported."]
    }
    assert db_state() == before


def test_a_200000_character_cell_is_a_400_naming_its_row_and_column(world, staff):
    factories.enrolled("newcomer")
    csv_text = f'username,role,learning_preferences\nnewcomer,mentee,"{"y" * 200_000}"\n'
    before = db_state()
    response = staff.post(url(world), {"csv": csv_text}, format="json")
    assert response.status_code == 400
    assert response.json()["rows"] == [
        {"row": 2, "username": "newcomer", "errors": {"learning_preferences": ["At most 2000 characters."]}}
    ]
    assert db_state() == before


def test_a_large_file_is_queued_with_progress_then_reports(
    world, staff, settings, django_capture_on_commit_callbacks
):
    settings.REVMENTOR_IMPORT_ASYNC_THRESHOLD = 2
    for name in ("n1", "n2", "n3"):
        factories.enrolled(name)
    csv_text = "username,role,languages\nn1,mentee,en\nn2,mentee,en\nn3,mentor,en\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url(world), {"csv": csv_text}, format="json")
    assert response.status_code == 202
    queued = response.json()
    assert (queued["status"], queued["progress"], queued["rows"]) == ("pending", 0, 3)
    done = staff.get(url(world, "participants-import-status", import_id=str(queued["id"]))).json()
    assert (done["status"], done["progress"]) == ("done", 100)
    assert [(r["username"], r["status"]) for r in done["results"]] == [
        ("n1", "added"),
        ("n2", "added"),
        ("n3", "added"),
    ]

    before = db_state()
    with django_capture_on_commit_callbacks(execute=True):
        again = staff.post(url(world), {"csv": csv_text.replace("n3,mentor", "n4,mentor")}, format="json")
    rejected = staff.get(url(world, "participants-import-status", import_id=str(again.json()["id"]))).json()
    assert rejected["status"] == "rejected"
    assert [(p["row"], list(p["errors"])) for p in rejected["problems"]] == [(4, ["username"])]
    assert rejected["detail"].startswith("1 of 3 rows have problems")
    assert db_state()[:3] == before[:3]


@pytest.mark.parametrize("import_id", ["999999", "abc", "1" * 20])
def test_unknown_imports_are_404(world, staff, import_id):
    assert staff.get(url(world, "participants-import-status", import_id=import_id)).status_code == 404


# ---------------------------------------------------------------------------------------------
# Closed programs: 409 with a reason on every way in


def test_a_closed_program_answers_409_on_every_way_in(world, staff):
    program_uuid = str(world.program.uuid)
    assert (
        staff.patch(
            reverse("revmentor:v1:program", kwargs={"program_uuid": program_uuid}),
            {"status": "closed"},
            format="json",
        ).status_code
        == 200
    )
    before = db_state()
    calls = {
        "join": (
            client_for(world.users["bystander"]),
            "participants",
            {},
            {"role": "mentee", "languages": ["en"]},
        ),
        "staff add": (staff, "participants", {}, {"username": "addable", "role": "mentee"}),
        "import": (staff, "participants-import", {}, {"csv": "username,role\naddable,mentee\n"}),
        "pair": (staff, "program-pairs", {}, {"mentor": "free_mentor", "mentee": "free_mentee"}),
        "matching run": (staff, "matching-runs", {}, {}),
        "publish": (staff, "matching-run-publish", {"run_id": str(world.run.id)}, None),
    }
    for way, (client, name, kwargs, body) in calls.items():
        response = client.post(url(world, name, **kwargs), body, format="json")
        if way == "join":
            # A closed program is not a bystander's to see (404); a former participant's re-join
            # is the 409 below (test_a_former_participant_rejoining_a_closed_program_gets_409).
            assert response.status_code == 404, (way, response.content)
            continue
        assert response.status_code == 409, (way, response.content)
        assert response.json()["detail"].startswith("This program is closed, so it takes no "), way
    assert db_state() == before


def test_a_former_participant_rejoining_a_closed_program_gets_409(world, staff):
    program_uuid = str(world.program.uuid)
    services.withdraw_participant(program_uuid, "free_mentee")
    staff.patch(
        reverse("revmentor:v1:program", kwargs={"program_uuid": program_uuid}),
        {"status": "closed"},
        format="json",
    )
    before = db_state()
    response = client_for(factories.get_user("free_mentee")).post(
        url(world, "participants"), {"role": "mentee"}, format="json"
    )
    assert response.status_code == 409, response.content
    assert response.json()["detail"] == "This program is closed, so it takes no new participants."
    assert db_state() == before


# ---------------------------------------------------------------------------------------------
# Item 4 through REST


def test_staff_cannot_add_outsiders_and_learn_nothing_about_them(world, staff):
    factories.enrolled("course_a_learner", course=factories.OTHER_COURSE)
    answers = {}
    for name in ("course_a_learner", "outsider", "nobody_at_all"):
        response = staff.post(url(world, "participants"), {"username": name, "role": "mentee"}, format="json")
        assert response.status_code == 400
        answers[name] = response.json()["username"][0].replace(repr(name), "'x'")
    assert set(answers.values()) == {"No learner named 'x' is enrolled in this course."}
    manager = staff.patch(
        url(world, "participant", username="mentor"), {"manager": "course_a_learner"}, format="json"
    )
    assert manager.json() == {"manager": ["No learner named 'course_a_learner' is enrolled in this course."]}
    assert not Participant.objects.filter(user__username="course_a_learner").exists()
