"""REST: ``programs/{uuid}/outcome-records/`` and ``.../{record_id}/``, for the course's staff."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from revmentor_plugin.models import OutcomeRecord
from tests import factories
from tests.api.conftest import API, client_for

pytestmark = pytest.mark.django_db

TODAY = "2026-06-15"
MEASURE = "Senior leaders using the analytics dashboard weekly"
GOOD = {"measure": MEASURE, "value": 12.5, "recorded_on": "2026-05-01", "note": "After the first cohort"}


@pytest.fixture
def program():
    with freeze_time("2026-03-01 09:00"):
        return factories.program()


@pytest.fixture
def staff():
    return factories.course_staff("outcome_staff")


def _url(program, record_id=None):
    url = f"{API}programs/{program.uuid}/outcome-records/"
    return url if record_id is None else f"{url}{record_id}/"


@freeze_time(TODAY)
def test_staff_record_list_change_and_delete(program, staff):
    client = client_for(staff)
    created = client.post(_url(program), GOOD, format="json")
    assert created.status_code == 201, created.content
    record = created.json()
    assert {k: record[k] for k in ("measure", "value", "recorded_on", "note", "recorded_by")} == {
        **GOOD,
        "recorded_by": "outcome_staff",
    }
    assert record["program"] == str(program.uuid)
    client.post(_url(program), {**GOOD, "value": 3, "recorded_on": "2026-03-01", "note": ""}, format="json")
    client.post(_url(program), {**GOOD, "measure": "Reports read online", "value": 0.4}, format="json")

    listed = client.get(_url(program)).json()
    assert listed["count"] == 3
    assert [r["recorded_on"] for r in listed["results"]] == ["2026-03-01", "2026-05-01", "2026-05-01"]
    only = client.get(_url(program), {"measure": MEASURE, "since": "2026-04-01"}).json()
    assert [r["id"] for r in only["results"]] == [record["id"]]

    changed = client.patch(_url(program, record["id"]), {"value": 14, "note": "Recounted"}, format="json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["value"], changed.json()["note"]) == (14.0, "Recounted")
    assert client.get(_url(program, record["id"])).json()["value"] == 14.0

    assert client.delete(_url(program, record["id"])).status_code == 204
    assert client.get(_url(program, record["id"])).status_code == 404
    assert client.get(_url(program)).json()["count"] == 2


@freeze_time(TODAY)
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**GOOD, "measure": ""}, "measure"),
        ({**GOOD, "measure": "   "}, "measure"),
        ({k: v for k, v in GOOD.items() if k != "measure"}, "measure"),
        ({**GOOD, "measure": 5}, "measure"),
        ({**GOOD, "measure": "x" * 201}, "measure"),
        ({**GOOD, "value": "12"}, "value"),
        ({**GOOD, "value": "twelve"}, "value"),
        ({**GOOD, "value": True}, "value"),
        ({**GOOD, "value": None}, "value"),
        ({**GOOD, "value": [1]}, "value"),
        ({**GOOD, "value": 1e300}, "value"),
        ({k: v for k, v in GOOD.items() if k != "value"}, "value"),
        ({**GOOD, "recorded_on": "2026-06-16"}, "recorded_on"),  # the future
        ({**GOOD, "recorded_on": "2024-01-01"}, "recorded_on"),  # over a year before the program
        ({**GOOD, "recorded_on": "2026-02-30"}, "recorded_on"),
        ({**GOOD, "recorded_on": 20260501}, "recorded_on"),
        ({k: v for k, v in GOOD.items() if k != "recorded_on"}, "recorded_on"),
        ({**GOOD, "note": ["a"]}, "note"),
        ({**GOOD, "note": "x" * 10001}, "note"),
        ({**GOOD, "recorded_by": "someone"}, "recorded_by"),
    ],
)
def test_every_bad_input_is_a_400_naming_the_field_and_nothing_is_written(program, staff, body, field):
    client = client_for(staff)
    response = client.post(_url(program), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not OutcomeRecord.objects.exists()


@freeze_time(TODAY)
@pytest.mark.parametrize(
    ("body", "field"),
    [({"value": "x"}, "value"), ({"recorded_on": "2026-07-01"}, "recorded_on"), ({"measure": ""}, "measure")],
)
def test_a_bad_change_is_a_400_and_changes_nothing(program, staff, body, field):
    client = client_for(staff)
    record = client.post(_url(program), GOOD, format="json").json()
    response = client.patch(_url(program, record["id"]), {**body, "note": "half"}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert client.get(_url(program, record["id"])).json() == record


@freeze_time(TODAY)
@pytest.mark.parametrize("query", [{"since": "yesterday"}, {"until": "2026-13-01"}, {"measure": "a\nb"}])
def test_a_bad_filter_is_a_400_naming_it(program, staff, query):
    response = client_for(staff).get(_url(program), query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


@freeze_time(TODAY)
def test_only_the_courses_staff(program, staff):
    record = client_for(staff).post(_url(program), GOOD, format="json").json()
    mentee = factories.enrolled("outcome_mentee")
    factories.join(program, mentee, "mentee")
    callers = {
        "participant": (mentee, 403),
        "enrolled learner": (factories.enrolled("outcome_bystander"), 403),
        "outsider": (factories.make_user("outcome_outsider"), 404),
        "staff of another course": (factories.course_staff("far_staff", course=factories.OTHER_COURSE), 404),
    }
    for who, (user, status) in callers.items():
        client = client_for(user)
        answers = [
            client.get(_url(program)),
            client.post(_url(program), GOOD, format="json"),
            client.get(_url(program, record["id"])),
            client.patch(_url(program, record["id"]), {"value": 1}, format="json"),
            client.delete(_url(program, record["id"])),
        ]
        assert [a.status_code for a in answers] == [status] * 5, who
    assert client_for(None).get(_url(program)).status_code == 401
    assert OutcomeRecord.objects.count() == 1
    assert float(OutcomeRecord.objects.get().value) == GOOD["value"]
    # operators and instructors manage every course's programs
    assert client_for(factories.operator("outcome_operator")).get(_url(program)).status_code == 200


@freeze_time(TODAY)
def test_a_record_id_of_another_program_or_no_id_at_all_is_a_404(program, staff):
    client = client_for(staff)
    other = factories.program(name="Other")
    record = client.post(_url(other), GOOD, format="json").json()
    for bad in (record["id"], "abc", "1.5", "0", "99999999999999999999"):
        assert client.patch(_url(program, bad), {"value": 1}, format="json").status_code == 404, bad
        assert client.delete(_url(program, bad)).status_code == 404, bad


@freeze_time(TODAY)
def test_a_repeated_post_with_the_same_idempotency_key_records_once(program, staff):
    client = client_for(staff)
    first = client.post(_url(program), GOOD, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(_url(program), GOOD, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert OutcomeRecord.objects.count() == 1
    other = client.post(_url(program), {**GOOD, "value": 1}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422


def test_the_schema_documents_both_paths(db):
    schema = client_for(None).get(f"{API}schema/?format=json").json()
    base = "/api/revmentor/v1/programs/{program_uuid}/outcome-records/"
    assert set(schema["paths"][base]) >= {"get", "post"}
    assert set(schema["paths"][base + "{record_id}/"]) >= {"get", "patch", "delete"}
    body = schema["components"]["schemas"]["OutcomeRecordCreate"]
    assert set(body["required"]) == {"measure", "value", "recorded_on"}
    assert body["properties"]["value"]["type"] == "number"
