"""Bad input answers 400 naming the field, for every write; broken invariants 400 or 409 with a
message a person understands; never a 500.

One table per write endpoint: (what is wrong, body, expected status, field named). A body given
as ``str`` is sent raw (malformed JSON); anything else as JSON.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import client_for

TODAY = timezone.localdate()
LONG = "x" * 10_001  # REVMENTOR_MAX_TEXT_LENGTH is 10,000
COMMON = [
    ("a JSON array", [{"name": "x"}], 400, "non_field_errors"),
    ("a JSON number", 7, 400, "non_field_errors"),
    ("malformed JSON", '{"name": ', 400, "non_field_errors"),
]


def post_program(w):
    return reverse("revmentor:v1:programs")


def program_url(name, **extra):
    return lambda w: reverse(f"revmentor:v1:{name}", kwargs={"program_uuid": str(w.program.uuid), **extra})


def pair_url(name, **extra):
    def url(w):
        kwargs = {"pair_uuid": str(w.pair.uuid)}
        if "goal_id" in extra:
            kwargs["goal_id"] = str(w.goal.id)
        return reverse(f"revmentor:v1:{name}", kwargs=kwargs)

    return url


PROGRAM_OK = {"course_id": str(factories.COURSE), "name": "P", "organizational_outcome": "O"}
SESSION_OK = {"occurred_on": str(TODAY), "duration_minutes": 30, "led_by": "mentor"}
PULSE_OK = factories.pulse_answers(3)

# endpoint -> (method, url builder, role, cases)
ENDPOINTS = {
    "create program": (
        "post",
        post_program,
        "course_staff",
        [
            ("not a course key", {**PROGRAM_OK, "course_id": "not a key"}, 400, "course_id"),
            ("course key as a number", {**PROGRAM_OK, "course_id": 12}, 400, "course_id"),
            (
                "missing outcome",
                {"course_id": str(factories.COURSE), "name": "P"},
                400,
                "organizational_outcome",
            ),
            ("name too long", {**PROGRAM_OK, "name": "n" * 201}, 400, "name"),
            ("name of the wrong type", {**PROGRAM_OK, "name": ["P"]}, 400, "name"),
            ("cadence zero", {**PROGRAM_OK, "cadence_days": 0}, 400, "cadence_days"),
            ("cadence too long", {**PROGRAM_OK, "cadence_days": 366}, 400, "cadence_days"),
            ("cadence as text", {**PROGRAM_OK, "cadence_days": "often"}, 400, "cadence_days"),
            ("cadence huge", {**PROGRAM_OK, "cadence_days": 10**30}, 400, "cadence_days"),
            ("unknown status", {**PROGRAM_OK, "status": "paused"}, 400, "status"),
            ("capacity too high", {**PROGRAM_OK, "default_capacity": 11}, 400, "default_capacity"),
            ("bad date", {**PROGRAM_OK, "start_date": "2026-13-40"}, 400, "start_date"),
            (
                "end before start",
                {**PROGRAM_OK, "start_date": "2026-05-01", "end_date": "2026-04-01"},
                400,
                "end_date",
            ),
            (
                "weights not numbers",
                {**PROGRAM_OK, "matching_weights": {"skills": "high"}},
                400,
                "matching_weights",
            ),
            (
                "unknown criterion",
                {**PROGRAM_OK, "matching_weights": {"astrology": 1.0}},
                400,
                "matching_weights",
            ),
            (
                "negative minimum score",
                {**PROGRAM_OK, "matching_weights": {"minimum_score": -1}},
                400,
                "matching_weights",
            ),
            (
                "minimum score not a number",
                {**PROGRAM_OK, "matching_weights": {"minimum_score": "high"}},
                400,
                "matching_weights",
            ),
            ("flag not a boolean", {**PROGRAM_OK, "diversity_enabled": "maybe"}, 400, "diversity_enabled"),
            ("unknown field", {**PROGRAM_OK, "owner": "me"}, 400, "owner"),
            ("null name", {**PROGRAM_OK, "name": None}, 400, "name"),
            ("name with a line break", {**PROGRAM_OK, "name": "R&D\r\nBcc: x@example.com"}, 400, "name"),
            (
                "label with a control character",
                {**PROGRAM_OK, "mentor_label": "Adv\x00isor"},
                400,
                "mentor_label",
            ),
            *COMMON,
        ],
    ),
    "change program": (
        "patch",
        program_url("program"),
        "course_staff",
        [
            ("blank name", {"name": ""}, 400, "name"),
            ("negative cadence", {"cadence_days": -1}, 400, "cadence_days"),
            ("course cannot change", {"course_id": str(factories.OTHER_COURSE)}, 400, "course_id"),
            ("enrolling cannot go back from closed", {"status": "closed"}, 200, None),
            *COMMON,
        ],
    ),
    "join program": (
        "post",
        program_url("participants"),
        "bystander",
        [
            ("no role", {"languages": ["en"]}, 400, "role"),
            ("unknown role", {"role": "boss"}, 400, "role"),
            ("capacity too high", {"role": "mentor", "capacity": 99}, 400, "capacity"),
            ("mentee with a capacity", {"role": "mentee", "capacity": 3}, 400, "capacity"),
            ("not a timezone", {"role": "mentee", "timezone": "Mars/Olympus"}, 400, "timezone"),
            ("not a language code", {"role": "mentee", "languages": ["English!"]}, 400, "languages"),
            ("languages not a list", {"role": "mentee", "languages": "en"}, 400, "languages"),
            (
                "skill not in the catalog",
                {"role": "mentor", "skills_offered": ["astrology"]},
                400,
                "skills_offered",
            ),
            ("unknown manager", {"role": "mentee", "manager": "nobody-here"}, 400, "manager"),
            ("manager not in the course", {"role": "mentee", "manager": "outsider"}, 400, "manager"),
            (
                "self-description not asked",
                {"role": "mentee", "self_description": {"a": "b"}},
                400,
                "self_description",
            ),
            ("seniority out of range", {"role": "mentee", "seniority": 21}, 400, "seniority"),
            ("motivations too long", {"role": "mentee", "motivations": "m" * 2001}, 400, "motivations"),
            ("unknown field", {"role": "mentee", "status": "active"}, 400, "status"),
            *COMMON,
        ],
    ),
    "staff add participant": (
        "post",
        program_url("participants"),
        "course_staff",
        [
            ("no such user", {"username": "ghost", "role": "mentee"}, 400, "username"),
            ("not enrolled in the course", {"username": "outsider", "role": "mentee"}, 400, "username"),
            ("staff of another course", {"username": "other_staff", "role": "mentee"}, 400, "username"),
            ("already a participant", {"username": "mentee", "role": "mentee"}, 409, "username"),
        ],
    ),
    "import participants": (
        "post",
        program_url("participants-import"),
        "course_staff",
        [
            ("no file", {}, 400, "csv"),
            ("an empty file", {"csv": ""}, 400, "csv"),
            ("a blank file", {"csv": "  \n"}, 400, "csv"),
            ("a header only", {"csv": "username,role\n"}, 400, "file"),
            ("a bad header", {"csv": "user,role\nana,mentee\n"}, 400, "file"),
            ("a row outside the course", {"csv": "username,role\noutsider,mentee\n"}, 400, "file"),
            ("5,001 rows", {"csv": "username,role\n" + "p,mentee\n" * 5001}, 400, "file"),
            (
                "a 200,000-character cell",
                {"csv": "username,role\n" + "u" * 200_000 + ",mentee\n"},
                400,
                "file",
            ),
            ("over 2 MB", {"csv": "u" * (2 * 1024 * 1024 + 1)}, 400, "csv"),
            ("a body over the site's limit", {"csv": "u" * (3 * 1024 * 1024)}, 400, "non_field_errors"),
            ("unknown field", {"csv": "username,role\n", "dry_run": True}, 400, "dry_run"),
            *COMMON,
        ],
    ),
    "change profile": (
        "patch",
        program_url("participant", username="mentor"),
        "mentor",
        [
            ("capacity as text", {"capacity": "two"}, 400, "capacity"),
            ("capacity below open pairs", {"capacity": 0}, 409, "capacity"),
            ("department too long", {"department": "d" * 121}, 400, "department"),
            ("role cannot change", {"role": "mentee"}, 400, "role"),
            ("own manager", {"manager": "mentor"}, 400, "manager"),
            ("interests not text", {"interests": [1, {"a": 2}]}, 400, "interests"),
            *COMMON,
        ],
    ),
    "withdraw": (
        "delete",
        program_url("participant", username="mentor"),
        "mentor",
        [
            ("reason too long", {"reason": "r" * 501}, 400, "reason"),
            ("unknown field", {"why": "x"}, 400, "why"),
        ],
    ),
    "add skill": (
        "post",
        program_url("skills"),
        "course_staff",
        [
            ("no name", {}, 400, "name"),
            ("blank name", {"name": "  "}, 400, "name"),
            ("bad slug", {"name": "Go", "slug": "not a slug!"}, 400, "slug"),
            ("slug taken", {"name": "Python again", "slug": "python"}, 409, "slug"),
            *COMMON,
        ],
    ),
    "propose pair": (
        "post",
        program_url("program-pairs"),
        "course_staff",
        [
            ("no mentee", {"mentor": "free_mentor"}, 400, "mentee"),
            ("same person", {"mentor": "free_mentor", "mentee": "free_mentor"}, 400, "mentee"),
            ("not a participant", {"mentor": "bystander", "mentee": "free_mentee"}, 400, "mentor"),
            ("roles swapped", {"mentor": "free_mentee", "mentee": "free_mentor"}, 400, "mentor"),
            ("mentee already paired", {"mentor": "free_mentor", "mentee": "mentee"}, 409, "mentee"),
            ("mentor at capacity", {"mentor": "mentor", "mentee": "free_mentee"}, 409, "mentor"),
            *COMMON,
        ],
    ),
    "close pair": (
        "post",
        pair_url("pair-close"),
        "mentor",
        [
            ("no reason", {}, 400, "reason"),
            ("blank reason", {"reason": ""}, 400, "reason"),
            ("completed not a boolean", {"reason": "r", "completed": "yes please"}, 400, "completed"),
            ("reason too long", {"reason": "r" * 501}, 400, "reason"),
            *COMMON,
        ],
    ),
    "decline pair": (
        "post",
        pair_url("pair-decline"),
        "mentor",
        [
            ("reason too long", {"reason": "r" * 501}, 400, "reason"),
            ("an active pair cannot be declined", {"reason": "no"}, 409, None),
        ],
    ),
    "add goal": (
        "post",
        pair_url("goals"),
        "mentee",
        [
            ("no title", {"details": "d"}, 400, "title"),
            ("progress over 100", {"title": "t", "progress": 101}, 400, "progress"),
            ("progress not a number", {"title": "t", "progress": "half"}, 400, "progress"),
            ("unknown status", {"title": "t", "status": "someday"}, 400, "status"),
            ("unknown owner", {"title": "t", "owner": "boss"}, 400, "owner"),
            ("bad target date", {"title": "t", "target_date": "next week"}, 400, "target_date"),
            ("skill not in catalog", {"title": "t", "skill": "astrology"}, 400, "skill"),
            ("bad usage key", {"title": "t", "usage_key": "not-a-usage-key"}, 400, "usage_key"),
            ("details too long", {"title": "t", "details": LONG}, 400, "details"),
            *COMMON,
        ],
    ),
    "change goal": (
        "patch",
        pair_url("goal", goal_id=True),
        "mentee",
        [
            ("negative progress", {"progress": -1}, 400, "progress"),
            ("blank title", {"title": ""}, 400, "title"),
            *COMMON,
        ],
    ),
    "log session": (
        "post",
        pair_url("sessions"),
        "mentor",
        [
            ("no date", {"duration_minutes": 30, "led_by": "mentor"}, 400, "occurred_on"),
            ("bad date", {**SESSION_OK, "occurred_on": "yesterday"}, 400, "occurred_on"),
            (
                "in the future",
                {**SESSION_OK, "occurred_on": str(TODAY + dt.timedelta(days=2))},
                400,
                "occurred_on",
            ),
            ("zero minutes", {**SESSION_OK, "duration_minutes": 0}, 400, "duration_minutes"),
            ("a day and a minute", {**SESSION_OK, "duration_minutes": 1441}, 400, "duration_minutes"),
            ("unknown leader", {**SESSION_OK, "led_by": "both"}, 400, "led_by"),
            ("unknown mode", {**SESSION_OK, "mode": "telepathy"}, 400, "mode"),
            ("goals not ids", {**SESSION_OK, "goals": ["first"]}, 400, "goals"),
            ("goal of another pair", {**SESSION_OK, "goals": [999999]}, 400, "goals"),
            ("skill not in catalog", {**SESSION_OK, "skills": ["astrology"]}, 400, "skills"),
            ("notes too long", {**SESSION_OK, "notes": LONG}, 400, "notes"),
            *COMMON,
        ],
    ),
    "write reflection": (
        "post",
        pair_url("reflections"),
        "mentee",
        [
            ("no body", {"visibility": "pair"}, 400, "body"),
            ("unknown visibility", {"body": "b", "visibility": "public"}, 400, "visibility"),
            ("session of no pair", {"body": "b", "session": 999999}, 400, "session"),
            ("session not an id", {"body": "b", "session": "last"}, 400, "session"),
            ("body too long", {"body": LONG}, 400, "body"),
            *COMMON,
        ],
    ),
    "pulse": (
        "post",
        pair_url("pulse"),
        "mentee",
        [
            ("zero", {**PULSE_OK, "trust": 0}, 400, "trust"),
            ("six", {**PULSE_OK, "comfort": 6}, 400, "comfort"),
            ("text", {**PULSE_OK, "role_modeling": "high"}, 400, "role_modeling"),
            ("missing", {k: v for k, v in PULSE_OK.items() if k != "career_support"}, 400, "career_support"),
            ("unknown dimension", {**PULSE_OK, "happiness": 5}, 400, "happiness"),
            *COMMON,
        ],
    ),
}

# Issue 10, item 9: the input serializers delegate to ``services.inputs``, so DRF's coercions no
# longer run. A value of the wrong JSON type is a 400 naming its field on every write: a number
# where text is due (DRF's CharField made ``5`` into ``"5"``), text or ``1.5``/``2.0``/``true``
# where a whole number is due, ``"true"`` or ``1`` where a boolean is due, dates that are not
# ``YYYY-MM-DD``, ids out of the database's range.
WRONG_TYPES = {
    "create program": [
        ("name a number", {**PROGRAM_OK, "name": 5}, "name"),
        ("outcome a number", {**PROGRAM_OK, "organizational_outcome": 5}, "organizational_outcome"),
        ("description a boolean", {**PROGRAM_OK, "description": True}, "description"),
        ("label a number", {**PROGRAM_OK, "mentor_label": 1}, "mentor_label"),
        ("cadence fractional", {**PROGRAM_OK, "cadence_days": 1.5}, "cadence_days"),
        ("cadence a float", {**PROGRAM_OK, "cadence_days": 7.0}, "cadence_days"),
        ("cadence a boolean", {**PROGRAM_OK, "cadence_days": True}, "cadence_days"),
        ("cadence as digits", {**PROGRAM_OK, "cadence_days": "7"}, "cadence_days"),
        ("capacity as digits", {**PROGRAM_OK, "default_capacity": "3"}, "default_capacity"),
        ("compact date", {**PROGRAM_OK, "start_date": "20260501"}, "start_date"),
        ("week date", {**PROGRAM_OK, "start_date": "2026-W18-5"}, "start_date"),
        ("date a number", {**PROGRAM_OK, "end_date": 20260501}, "end_date"),
        ("flag as text", {**PROGRAM_OK, "diversity_enabled": "true"}, "diversity_enabled"),
        ("flag as a number", {**PROGRAM_OK, "diversity_enabled": 1}, "diversity_enabled"),
        ("weight a boolean", {**PROGRAM_OK, "matching_weights": {"skills": True}}, "matching_weights"),
        ("weight as digits", {**PROGRAM_OK, "matching_weights": {"skills": "1"}}, "matching_weights"),
        ("minimum as digits", {**PROGRAM_OK, "matching_weights": {"minimum_score": "1"}}, "matching_weights"),
        (
            "weight too big for a float",
            {**PROGRAM_OK, "matching_weights": {"skills": 10**400}},
            "matching_weights",
        ),
        ("status a number", {**PROGRAM_OK, "status": 1}, "status"),
    ],
    "change program": [
        ("name a number", {"name": 5}, "name"),
        ("cadence huge", {"cadence_days": 10**20}, "cadence_days"),
    ],
    "join program": [
        ("role a number", {"role": 1}, "role"),
        ("username a number", {"role": "mentee", "username": 5}, "username"),
        ("timezone a number", {"role": "mentee", "timezone": 5}, "timezone"),
        ("capacity a boolean", {"role": "mentor", "capacity": True}, "capacity"),
        ("languages of numbers", {"role": "mentee", "languages": [1]}, "languages"),
        ("skills of numbers", {"role": "mentor", "skills_offered": [1]}, "skills_offered"),
    ],
    "change profile": [
        ("department a number", {"department": 5}, "department"),
        ("manager a number", {"manager": 5}, "manager"),
        ("seniority fractional", {"seniority": 1.5}, "seniority"),
        ("opt-out as text", {"reminders_opt_out": "yes"}, "reminders_opt_out"),
        ("capacity as digits", {"capacity": "1"}, "capacity"),
    ],
    "withdraw": [("reason a number", {"reason": 5}, "reason")],
    "add skill": [
        ("name a number", {"name": 5}, "name"),
        ("slug a number", {"name": "Go", "slug": 5}, "slug"),
    ],
    "propose pair": [
        ("mentor a number", {"mentor": 5, "mentee": "free_mentee"}, "mentor"),
        ("mentee a boolean", {"mentor": "free_mentor", "mentee": True}, "mentee"),
    ],
    "close pair": [
        ("reason a number", {"reason": 5}, "reason"),
        ("completed as text", {"reason": "r", "completed": "true"}, "completed"),
        ("completed as a number", {"reason": "r", "completed": 0}, "completed"),
    ],
    "decline pair": [("reason a number", {"reason": 5}, "reason")],
    "add goal": [
        ("title a number", {"title": 5}, "title"),
        ("title a boolean", {"title": True}, "title"),
        ("details a number", {"title": "t", "details": 5}, "details"),
        ("skill a number", {"title": "t", "skill": 5}, "skill"),
        ("usage key a number", {"title": "t", "usage_key": 5}, "usage_key"),
        ("progress fractional", {"title": "t", "progress": 1.5}, "progress"),
        ("progress a float", {"title": "t", "progress": 50.0}, "progress"),
        ("progress a boolean", {"title": "t", "progress": True}, "progress"),
        ("progress as digits", {"title": "t", "progress": "50"}, "progress"),
        ("compact date", {"title": "t", "target_date": "20260501"}, "target_date"),
    ],
    "change goal": [
        ("title a number", {"title": 5}, "title"),
        ("progress 2**31", {"progress": 2**31}, "progress"),
    ],
    "log session": [
        ("minutes fractional", {**SESSION_OK, "duration_minutes": 30.5}, "duration_minutes"),
        ("minutes as digits", {**SESSION_OK, "duration_minutes": "30"}, "duration_minutes"),
        ("minutes a boolean", {**SESSION_OK, "duration_minutes": True}, "duration_minutes"),
        ("goal id fractional", {**SESSION_OK, "goals": [1.5]}, "goals"),
        ("goal id a boolean", {**SESSION_OK, "goals": [True]}, "goals"),
        ("goal id too big for the database", {**SESSION_OK, "goals": [10**20]}, "goals"),
        ("goal id as digits", {**SESSION_OK, "goals": ["1"]}, "goals"),
        ("goal id negative", {**SESSION_OK, "goals": [-1]}, "goals"),
        ("skills of numbers", {**SESSION_OK, "skills": [1]}, "skills"),
        ("notes a number", {**SESSION_OK, "notes": 5}, "notes"),
        ("leader a number", {**SESSION_OK, "led_by": 1}, "led_by"),
    ],
    "write reflection": [
        ("body a number", {"body": 5}, "body"),
        ("prompt a number", {"body": "b", "prompt": 5}, "prompt"),
        ("session fractional", {"body": "b", "session": 1.5}, "session"),
        ("session a boolean", {"body": "b", "session": True}, "session"),
        ("session too big for the database", {"body": "b", "session": 10**20}, "session"),
        ("session as digits", {"body": "b", "session": "1"}, "session"),
    ],
    "pulse": [
        ("fractional", {**PULSE_OK, "trust": 2.5}, "trust"),
        ("a float", {**PULSE_OK, "trust": 3.0}, "trust"),
        ("a boolean", {**PULSE_OK, "comfort": True}, "comfort"),
        ("digits", {**PULSE_OK, "role_modeling": "3"}, "role_modeling"),
    ],
}
for _name, _cases in WRONG_TYPES.items():
    ENDPOINTS[_name][3].extend((f"{what} (type)", body, 400, field) for what, body, field in _cases)

CASES = [
    pytest.param(name, method, url, role, body, status, field, id=f"{name}: {what}")
    for name, (method, url, role, cases) in ENDPOINTS.items()
    for what, body, status, field in cases
]


@pytest.mark.parametrize(("endpoint", "method", "url", "role", "body", "status", "field"), CASES)
def test_bad_input(world, endpoint, method, url, role, body, status, field):
    client = client_for(world.users[role])
    if isinstance(body, str):
        response = getattr(client, method)(url(world), data=body, content_type="application/json")
    else:
        response = getattr(client, method)(url(world), data=body, format="json")
    assert response.status_code == status, response.content[:400]
    payload = response.json()
    if status == 400:
        assert field in payload, payload
        assert all(isinstance(message, str) and message for message in payload[field])
    elif status == 409:
        assert payload["field"] == field
        assert isinstance(payload["detail"], str)
        assert len(payload["detail"]) > 10


def test_invariant_messages_read_well(world):
    client = client_for(world.users["course_staff"])
    url = reverse("revmentor:v1:program-pairs", kwargs={"program_uuid": str(world.program.uuid)})
    paired = client.post(url, {"mentor": "free_mentor", "mentee": "mentee"}, format="json").json()
    assert paired["detail"] == "mentee already has an open pair."
    full = client.post(url, {"mentor": "mentor", "mentee": "free_mentee"}, format="json").json()
    assert full["detail"] == "mentor is at capacity (1 open pair)."
    same = client.post(url, {"mentor": "free_mentor", "mentee": "free_mentor"}, format="json").json()
    assert same == {"mentee": ["A pair needs two different people."]}


def test_goal_and_session_ids_that_are_not_ids_are_404(world):
    client = client_for(world.users["mentee"])
    for goal_id in ("abc", "99999999999999999999", "-1", "\uff11"):  # the last: a fullwidth 1
        url = f"/api/revmentor/v1/pairs/{world.pair.uuid}/goals/{goal_id}/"
        assert client.get(url).status_code == 404
        assert (
            client.post(f"/api/revmentor/v1/pairs/{world.pair.uuid}/sessions/{goal_id}/confirm/").status_code
            == 404
        )
    assert client.get("/api/revmentor/v1/pairs/not-a-uuid/").status_code == 404
    assert client.get("/api/revmentor/v1/programs/not-a-uuid/participants/").status_code == 404


def test_list_filters_are_checked(world):
    client = client_for(world.users["course_staff"])
    base = f"/api/revmentor/v1/programs/{world.program.uuid}/"
    assert client.get(base + "pairs/?status=lost").json() == {
        "status": [
            "Must be one of: " + ", ".join(["proposed", "active", "completed", "closed", "declined"]) + "."
        ]
    }
    assert "health" in client.get(base + "pairs/?health=great").json()
    assert "role" in client.get(base + "participants/?role=boss").json()
    assert "status" in client.get(base + "participants/?status=gone").json()
    assert "course_id" in client.get("/api/revmentor/v1/programs/?course_id=nope").json()
    assert client.get(base + "pairs/?page=99").status_code == 404
    assert services.get_program(world.program.uuid).name  # nothing changed


@pytest.mark.parametrize(
    ("route", "body", "field"),
    [
        ("matching-runs", {"pinned": [[1, 2]]}, "pinned"),
        ("matching-runs", {"pinned": [["free_mentor"]]}, "pinned"),
        ("matching-runs", {"pinned": "free_mentor,free_mentee"}, "pinned"),
        ("matching-runs", {"forbidden": [["free_mentor", True]]}, "forbidden"),
        ("matching-runs", {"forbidden": [["free_mentor", "free_mentee"]] * 501}, "forbidden"),
        ("participants-import", {"csv": 5}, "csv"),
        ("participants-import", {"csv": ["username,role"]}, "csv"),
        ("participants-import", {"csv": "   "}, "csv"),
    ],
)
def test_matching_runs_and_imports_check_types_too(world, route, body, field):
    client = client_for(world.users["course_staff"])
    url = reverse(f"revmentor:v1:{route}", kwargs={"program_uuid": str(world.program.uuid)})
    runs_before = len(services.matching_runs_of_program(world.program.uuid))
    response = client.post(url, body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert list(response.json()) == [field]
    assert len(services.matching_runs_of_program(world.program.uuid)) == runs_before
