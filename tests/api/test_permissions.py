"""The permission matrix of REST API v1: every endpoint and method x every role of docs/DESIGN.md §2.

One table. Each row names a route of ``revmentor_plugin.api.v1.urls`` (by URL name), a method,
the request, the expected status for each role and, for reads, what each role gets back. A
meta-test fails when a route or one of its methods has no row, so a new endpoint cannot ship
without stating who may call it.

The rules come from ``policy.py`` and ADR 0003: a resource the caller may not see is a 404; one
they see but may not change this way is a 403; anonymous callers get 401 (JWT is the first
authenticator, so DRF answers 401 with a ``WWW-Authenticate`` header, not 403).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import icalendar
import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from revmentor_plugin.api.v1 import urls as v1_urls
from tests import factories
from tests.api.conftest import client_for
from tests.factories import ROLES

MANAGERS = {"course_staff", "instructor", "org_staff", "operator"}  # org roles: as has_access("staff")
PAIR = {"mentor", "mentee"}
LEARNERS_IN_COURSE = {"bystander", "mentor", "mentee", "other_pair"}
SEES_PROGRAM = LEARNERS_IN_COURSE | MANAGERS
AUTHENTICATED = set(ROLES) - {"anonymous"}


def expect(
    ok: int, allowed: set[str], *, forbidden: set[str] = frozenset(), **special: int
) -> dict[str, int]:
    """``allowed`` get ``ok``; ``forbidden`` (may see, may not act) 403; named roles their own
    status; every other signed-in role 404; anonymous 401."""
    table = {role: 404 for role in ROLES}
    table["anonymous"] = 401
    table.update({role: 403 for role in forbidden})
    table.update({role: ok for role in allowed})
    table.update(special)
    return table


@dataclass(frozen=True)
class Row:
    name: str  # URL name in revmentor_plugin.api.v1.urls
    method: str
    statuses: dict[str, int]
    kwargs: Callable[[Any], dict[str, str]] = lambda w: {}
    body: Callable[[Any], Any] | None = None
    query: str = ""
    check: Callable[[str, Any, Any], None] | None = None  # (role, response, world) for 2xx
    label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}{' ' + self.label if self.label else ''}"


def program_kw(w):
    return {"program_uuid": str(w.program.uuid)}


def outcome_kw(w):
    return {"program_uuid": str(w.program.uuid), "record_id": str(w.outcome.id)}


def pair_kw(w):
    return {"pair_uuid": str(w.pair.uuid)}


def results(response) -> list[dict]:
    return response.json()["results"]


def count_is(expected: dict[str, int]) -> Callable:
    def check(role, response, world):
        assert response.json()["count"] == expected[role], role

    return check


def programs_listed(role, response, world):
    names = sorted(item["name"] for item in results(response))
    if role in MANAGERS:
        assert names == ["Digital skills exchange", "Draft"]
    elif role in LEARNERS_IN_COURSE:
        assert names == ["Digital skills exchange"]  # never the draft
    else:
        assert names == []


def participants_listed(role, response, world):
    names = [item["username"] for item in results(response)]
    if role in MANAGERS:
        assert len(names) == 6
        assert all("reminders_opt_out" not in item for item in results(response))
    elif role in {"mentor", "mentee", "other_pair"}:
        assert names == [role]  # a learner lists only themselves
        assert "reminders_opt_out" in results(response)[0]
    else:
        assert names == []


def participants_searched(role, response, world):
    # Search and order apply within what the caller may list: learners still list only themselves.
    names = [item["username"] for item in results(response)]
    if role in MANAGERS:
        assert names == ["mentor", "free_mentor"]
    elif role == "mentor":
        assert names == ["mentor"]
    else:
        assert names == []


def own_profile_fields(role, response, world):
    # The participant's own switches appear only to the participant.
    assert ("reminders_opt_out" in response.json()) is (role == "mentor")
    assert response.json()["username"] == "mentor"


def withdrawn_first(world, username: str) -> dict:
    """Withdraw ``username`` before the request (its body: an empty object)."""
    from revmentor_plugin import services

    services.withdraw_participant(world.program.uuid, username)
    return {}


def reinstated(username: str) -> Callable:
    def check(role, response, world):
        assert (response.json()["username"], response.json()["status"]) == (username, "active")

    return check


def _pairs_to_accept_again_is(response, expected: int) -> None:
    assert response.json() == {"expectations_version": 1, "pairs_to_accept_again": expected}


def proposes_the_free_pair(role, response, world):
    assert [(p["mentor"], p["mentee"]) for p in response.json()["proposals"]] == [
        ("free_mentor", "free_mentee")
    ]


def import_is_queued(role, response, world):
    assert (response.json()["status"], response.json()["rows"]) == ("pending", 1)


def pairs_listed(role, response, world):
    uuids = {item["uuid"] for item in results(response)}
    if role in MANAGERS:
        assert uuids == {str(world.pair.uuid), str(world.other_pair.uuid)}
    elif role in PAIR:
        assert uuids == {str(world.pair.uuid)}
    elif role == "other_pair":
        assert uuids == {str(world.other_pair.uuid)}
    else:
        assert uuids == set()


def pairs_searched(role, response, world):
    uuids = [item["uuid"] for item in results(response)]
    if role in MANAGERS | PAIR:
        assert uuids == [str(world.pair.uuid)]
    else:
        assert uuids == []


def pair_fields(role, response, world):
    body = response.json()
    assert body["uuid"] == str(world.pair.uuid)
    assert (body["mentor"], body["mentee"]) == ("mentor", "mentee")
    assert body["health"]["status"] in {"on_track", "needs_attention", "at_risk"}
    assert "trust" not in json.dumps(body)  # derived health only, never raw pulse answers


def partner_contact(role, response, world):
    partner = "mentee" if role == "mentor" else "mentor"
    assert response.json() == {
        "username": partner,
        "role": partner,
        "name": partner,  # no profile name: the username stands for it
        "email": f"{partner}@example.com",
    }


def notes_visibility(role, response, world):
    (session,) = results(response)
    if role in PAIR | {"operator"}:
        assert session["notes"] == "Pair-only notes"
    else:
        assert session["notes"] is None  # course staff never read session notes


def plan_kw(w):
    return {**pair_kw(w), "plan_id": str(w.plan.id)}


def invitation_file(role, response, world):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mentoring-session.ics"'
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == world.plan.uid


def _location_visibility(role, plan, world):
    assert plan["uid"] == world.plan.uid
    if role in PAIR | {"operator"}:
        assert plan["location"] == "Pair-only place"
    else:
        assert plan["location"] is None  # course staff never read the place or the link


def one_location_visibility(role, response, world):
    _location_visibility(role, response.json(), world)


def location_visibility(role, response, world):
    (plan,) = results(response)
    _location_visibility(role, plan, world)


def reflections_visible(role, response, world):
    seen = sorted((item["author"], item["visibility"]) for item in results(response))
    expected = {
        "mentor": [("mentor", "pair"), ("mentor", "private"), ("mentor", "staff")],
        "mentee": [("mentee", "private"), ("mentor", "pair"), ("mentor", "staff")],
        "course_staff": [("mentor", "staff")],
        "instructor": [("mentor", "staff")],
        "org_staff": [("mentor", "staff")],
        "operator": [("mentor", "pair"), ("mentor", "staff")],  # never private ones
    }
    assert seen == expected[role]


def own_ratings(role, response, world):
    body = response.json()
    assert body["trust"] == 2
    assert body["author_role"] == role


def report_shape(role, response, world):
    body = response.json()
    assert body["pairs_by_status"]["active"] == 2
    assert body["pulse_received"]["mentee"]["suppressed"] is True  # one respondent < 5


def outcome_shape(role, response, world):
    body = response.json()
    assert [section["key"] for section in body["sections"]] == [
        "organizational_outcome",
        "two_way_learning",
        "role_reversal",
        "cadence",
        "trust_over_time",
    ]


def csv_export(role, response, world):
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("uuid,mentor,mentee,status")
    assert len(lines) == 3


SESSION_BODY = {"occurred_on": None, "duration_minutes": 30, "led_by": "mentee", "mode": "video"}
PULSE_BODY = factories.pulse_answers(2, 4, 4, 3, 5)

TABLE = [
    Row(
        "programs",
        "get",
        expect(200, AUTHENTICATED),
        query=f"?course_id={quote(str(factories.COURSE))}",
        check=programs_listed,
    ),
    Row(
        "programs",
        "post",
        expect(201, MANAGERS, forbidden=AUTHENTICATED - MANAGERS),
        body=lambda w: {
            "course_id": str(factories.COURSE),
            "name": "New",
            "organizational_outcome": "Outcome",
        },
    ),
    Row("program", "get", expect(200, SEES_PROGRAM), kwargs=program_kw),
    Row(
        "program",
        "patch",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        body=lambda w: {"name": "Renamed"},
    ),
    Row(
        "participants",
        "get",
        expect(200, SEES_PROGRAM),
        kwargs=program_kw,
        check=participants_listed,
    ),
    Row(
        "participants",
        "get",
        expect(200, SEES_PROGRAM),
        kwargs=program_kw,
        query="?search=mentor&ordering=-username",
        check=participants_searched,
        label="searched",
    ),
    Row(
        "participants",
        "post",
        # Joining needs an enrolment; people already in the program are told so (409).
        expect(201, {"bystander"}, forbidden=MANAGERS, mentor=409, mentee=409, other_pair=409),
        kwargs=program_kw,
        body=lambda w: {"role": "mentee", "languages": ["en"]},
        label="join",
    ),
    Row(
        "participants",
        "post",
        expect(201, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        body=lambda w: {"username": "addable", "role": "mentor"},
        label="staff adds",
    ),
    Row(
        "participants-import",
        "post",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        body=lambda w: {"csv": "username,role,languages\naddable,mentee,en\n"},
    ),
    Row(
        "participants-import-status",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=lambda w: {**program_kw(w), "import_id": str(w.queued_import.id)},
        check=import_is_queued,
    ),
    Row(
        "matching-runs",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
    ),
    Row(
        "matching-runs",
        "post",
        expect(201, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        body=lambda w: {},
        check=proposes_the_free_pair,
    ),
    Row(
        "matching-run",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=lambda w: {**program_kw(w), "run_id": str(w.run.id)},
        check=proposes_the_free_pair,
    ),
    Row(
        "matching-run-publish",
        "post",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=lambda w: {**program_kw(w), "run_id": str(w.run.id)},
    ),
    Row(
        "participant",
        "get",
        expect(200, {"mentor"} | MANAGERS),
        kwargs=lambda w: {**program_kw(w), "username": "mentor"},
        check=own_profile_fields,
    ),
    Row(
        "participant",
        "patch",
        expect(200, {"mentor"} | MANAGERS),
        kwargs=lambda w: {**program_kw(w), "username": "mentor"},
        body=lambda w: {"department": "Engineering"},
    ),
    Row(
        "participant",
        "delete",
        expect(200, {"mentor"} | MANAGERS),
        kwargs=lambda w: {**program_kw(w), "username": "mentor"},
    ),
    Row(
        "participant-reinstate",
        "post",
        # Staff only: the participant, who sees their own profile, joins again instead (403).
        expect(200, MANAGERS, forbidden={"mentor"}),
        kwargs=lambda w: {**program_kw(w), "username": "mentor"},
        body=lambda w: withdrawn_first(w, "mentor"),
        check=reinstated("mentor"),
    ),
    Row(
        "expectations-change",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        check=lambda role, response, world: _pairs_to_accept_again_is(response, 2),
    ),
    Row(
        "skills", "get", expect(200, SEES_PROGRAM), kwargs=program_kw, check=count_is(dict.fromkeys(ROLES, 3))
    ),
    Row(
        "skills",
        "post",
        expect(201, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        body=lambda w: {"name": "Cloud"},
    ),
    Row("program-pairs", "get", expect(200, SEES_PROGRAM), kwargs=program_kw, check=pairs_listed),
    Row(
        "program-pairs",
        "get",
        expect(200, SEES_PROGRAM),
        kwargs=program_kw,
        query="?search=MENTEE&ordering=health",
        check=pairs_searched,
        label="searched",
    ),
    Row(
        "program-pairs",
        "post",
        expect(201, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        body=lambda w: {"mentor": "free_mentor", "mentee": "free_mentee"},
    ),
    Row(
        "program-pairs-preview",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        query="?mentor=free_mentor&mentee=free_mentee",
    ),
    Row(
        "program-pairs-partners",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        query="?mentee=free_mentee",
    ),
    Row(
        "report",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        check=report_shape,
    ),
    Row(
        "report",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        query="?format=csv",
        check=csv_export,
        label="csv",
    ),
    Row(
        "report-outcome",
        "get",
        expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        check=outcome_shape,
    ),
    # The caller's own confidence ratings (issue 16): participants only; the world's participants
    # rated nothing on joining, so rating at the end is a conflict for them.
    Row(
        "my-confidence",
        "get",
        expect(200, PAIR | {"other_pair"}),
        kwargs=program_kw,
        check=lambda role, response, w: response.json()["role"] in ("mentor", "mentee"),
    ),
    Row(
        "my-confidence",
        "post",
        expect(409, set(), **{"mentor": 409, "mentee": 409, "other_pair": 409}),
        kwargs=program_kw,
        body=lambda w: {"ratings": {"python": 3}},
    ),
    # The organizational outcome's milestones: the course's managers only (issue 16).
    Row("outcome-records", "get", expect(200, MANAGERS, forbidden=LEARNERS_IN_COURSE), kwargs=program_kw),
    Row(
        "outcome-records",
        "post",
        expect(201, MANAGERS, forbidden=LEARNERS_IN_COURSE),
        kwargs=program_kw,
        body=lambda w: {"measure": "Leaders online", "value": 2.5, "recorded_on": str(timezone.localdate())},
    ),
    *(
        Row(
            "outcome-record",
            method,
            expect(ok, MANAGERS, forbidden=LEARNERS_IN_COURSE),
            kwargs=outcome_kw,
            body=body,
        )
        for method, ok, body in (
            ("get", 200, None),
            ("patch", 200, lambda w: {"note": "Recounted"}),
            ("delete", 204, None),
        )
    ),
    Row("pair", "get", expect(200, PAIR | MANAGERS), kwargs=pair_kw, check=pair_fields),
    # The partner's name and email: the two members only; staff and operators see the pair, not
    # this (404, ADR 0014).
    Row("pair-partner", "get", expect(200, PAIR), kwargs=pair_kw, check=partner_contact),
    Row("pair-accept", "post", expect(200, PAIR, forbidden=MANAGERS), kwargs=pair_kw),
    # Authorised members reach the service, which refuses to decline an active pair (409).
    Row("pair-decline", "post", expect(409, PAIR, forbidden=MANAGERS), kwargs=pair_kw),
    Row(
        "pair-close", "post", expect(200, PAIR | MANAGERS), kwargs=pair_kw, body=lambda w: {"reason": "Done"}
    ),
    Row(
        "goals", "get", expect(200, PAIR | MANAGERS), kwargs=pair_kw, check=count_is(dict.fromkeys(ROLES, 1))
    ),
    Row(
        "goals",
        "post",
        expect(201, PAIR, forbidden=MANAGERS),
        kwargs=pair_kw,
        body=lambda w: {"title": "Ship a dashboard"},
    ),
    Row(
        "goal",
        "get",
        expect(200, PAIR | MANAGERS),
        kwargs=lambda w: {**pair_kw(w), "goal_id": str(w.goal.id)},
    ),
    Row(
        "goal",
        "patch",
        expect(200, PAIR, forbidden=MANAGERS),
        kwargs=lambda w: {**pair_kw(w), "goal_id": str(w.goal.id)},
        body=lambda w: {"progress": 50},
    ),
    Row("sessions", "get", expect(200, PAIR | MANAGERS), kwargs=pair_kw, check=notes_visibility),
    Row(
        "sessions",
        "post",
        expect(201, PAIR, forbidden=MANAGERS),
        kwargs=pair_kw,
        body=lambda w: {**SESSION_BODY, "occurred_on": str(timezone.localdate())},
    ),
    Row(
        "session-confirm",
        "post",
        # The mentor logged it: the mentee confirms; the mentor cannot confirm their own (409).
        expect(200, {"mentee"}, forbidden=MANAGERS, mentor=409),
        kwargs=lambda w: {**pair_kw(w), "session_id": str(w.session.id)},
    ),
    Row("planned-sessions", "get", expect(200, PAIR | MANAGERS), kwargs=pair_kw, check=location_visibility),
    Row(
        "planned-sessions",
        "post",
        expect(201, PAIR, forbidden=MANAGERS),
        kwargs=pair_kw,
        body=lambda w: {
            "starts_at": f"{timezone.localdate() + dt.timedelta(days=3)}T09:30",
            "duration_minutes": 30,
        },
    ),
    Row(
        "planned-session", "get", expect(200, PAIR | MANAGERS), kwargs=plan_kw, check=one_location_visibility
    ),
    # The .ics names both partners and their emails: the pair's two partners only.
    Row(
        "planned-session-invitation",
        "get",
        expect(200, PAIR, forbidden=MANAGERS),
        kwargs=plan_kw,
        check=invitation_file,
    ),
    Row(
        "planned-session-confirm",
        "post",
        # The mentor proposed it: the mentee confirms; the mentor cannot confirm their own (409).
        expect(200, {"mentee"}, forbidden=MANAGERS, mentor=409),
        kwargs=plan_kw,
    ),
    Row(
        "planned-session-decline",
        "post",
        expect(200, {"mentee"}, forbidden=MANAGERS, mentor=409),
        kwargs=plan_kw,
    ),
    Row(
        "planned-session-reschedule",
        "post",
        expect(200, PAIR, forbidden=MANAGERS),
        kwargs=plan_kw,
        body=lambda w: {"starts_at": f"{timezone.localdate() + dt.timedelta(days=9)}T11:00"},
    ),
    Row("planned-session-cancel", "post", expect(200, PAIR, forbidden=MANAGERS), kwargs=plan_kw),
    Row("reflections", "get", expect(200, PAIR | MANAGERS), kwargs=pair_kw, check=reflections_visible),
    Row(
        "reflections",
        "post",
        expect(201, PAIR, forbidden=MANAGERS),
        kwargs=pair_kw,
        body=lambda w: {"body": "We met.", "visibility": "pair"},
    ),
    Row(
        "pulse",
        "post",
        expect(201, PAIR, forbidden=MANAGERS),
        kwargs=pair_kw,
        body=lambda w: PULSE_BODY,
        check=own_ratings,
    ),
    Row(
        "my-pairs",
        "get",
        expect(200, AUTHENTICATED),
        check=count_is({**dict.fromkeys(ROLES, 0), "mentor": 1, "mentee": 1, "other_pair": 1}),
    ),
]


def call(client, row: Row, world):
    url = reverse(f"revmentor:v1:{row.name}", kwargs=row.kwargs(world)) + row.query
    body = row.body(world) if row.body else None
    return getattr(client, row.method)(url, data=body, format="json" if body is not None else None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", TABLE, ids=[row.id for row in TABLE])
def test_permission_matrix(world, row, role):
    response = call(client_for(world.users[role]), row, world)
    expected = row.statuses[role]
    assert response.status_code == expected, (role, row.id, getattr(response, "content", b"")[:300])
    if 200 <= expected < 300 and row.check:
        row.check(role, response, world)
    if expected == 404:
        assert "detail" in response.json()
    if expected == 401:
        assert 'realm="api"' in response["WWW-Authenticate"]


def _routes() -> set[tuple[str, str]]:
    """(URL name, method) for every v1 route but the schema."""
    routes = set()
    for pattern in v1_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name == "schema":
            continue
        view = pattern.callback.view_class
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view, method):
                routes.add((pattern.name, method))
    return routes


def test_every_route_and_method_has_rows():
    covered = {(row.name, row.method) for row in TABLE}
    assert _routes() - covered == set(), "add rows to TABLE for these routes"
    assert covered - _routes() == set(), "TABLE names routes that do not exist"


def test_every_row_states_every_role():
    for row in TABLE:
        assert set(row.statuses) == set(ROLES), row.id
