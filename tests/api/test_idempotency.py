"""``Idempotency-Key`` on every creating POST of REST API v1 (ADR 0010).

A retry or a double click repeats a POST with the same key: the repeat answers the first response
(same status, same bytes, ``Idempotent-Replayed: true``) and writes nothing. The routes come from
the permission matrix (``tests/api/test_permissions.py``), whose meta-test makes every new route
add a row: a new POST is then checked here without anyone remembering to.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import API, client_for
from tests.api.test_permissions import TABLE, Row

KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
POSTS = [row for row in TABLE if row.method == "post"]
#: Who makes each POST succeed, first match in this order (the matrix says who may).
CALLERS = ("mentee", "mentor", "bystander", "course_staff")


def records():
    """The idempotency records (looked up by name, so this module imports on any version)."""
    return apps.get_model("revmentor", "IdempotencyRecord").objects


def row_counts() -> dict[str, int]:
    """How many rows every revmentor model holds (the idempotency records aside)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("revmentor").get_models()
        if model._meta.label != "revmentor.IdempotencyRecord"
    }


def success_case(row: Row, world) -> tuple[object, dict[str, str]]:
    """A caller and URL arguments for which ``row``'s POST succeeds."""
    if row.name == "pair-decline":  # only a proposed pair can be declined
        proposed = services.propose_pair(world.program.uuid, mentor="free_mentor", mentee="free_mentee")
        return world.free_mentee, {"pair_uuid": str(proposed.uuid)}
    if row.name == "my-confidence":  # only after a pair completed, once, by who rated on joining
        mentor, mentee = factories.enrolled(), factories.enrolled()
        factories.join(world.program, mentor, "mentor")
        factories.join(world.program, mentee, "mentee", skills_sought=["python"], ratings={"python": 1})
        pair, _, _ = factories.active_pair(world.program, mentor, mentee)
        services.close_pair(pair.uuid, reason="Done", completed=True)
        return mentee, row.kwargs(world)
    role = next(role for role in CALLERS if 200 <= row.statuses[role] < 300)
    return world.users[role], row.kwargs(world)


def post(client, url: str, body, key: str | None = KEY, **extra):
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(url, data=body, format="json" if body is not None else None, **extra)


@pytest.mark.parametrize("row", POSTS, ids=[row.id for row in POSTS])
def test_four_identical_posts_with_one_key_act_once(world, row):
    user, kwargs = success_case(row, world)
    client = client_for(user)
    url = reverse(f"revmentor:v1:{row.name}", kwargs=kwargs) + row.query
    body = row.body(world) if row.body else None

    first = post(client, url, body)
    assert 200 <= first.status_code < 300, first.content[:300]
    assert REPLAYED not in first
    written = row_counts()
    repeats = [post(client, url, body) for _ in range(3)]

    assert row_counts() == written  # the service did not run again
    for repeat in repeats:
        assert (repeat.status_code, repeat.content) == (first.status_code, first.content)
        assert repeat[REPLAYED] == "true"
    assert records().filter(user=user).count() == 1


def test_four_goal_posts_with_one_key_make_one_goal(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    before = len(services.goals_of_pair(world.pair.uuid))
    answers = [post(client, url, {"title": "Ship a dashboard"}) for _ in range(4)]
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.content for answer in answers}) == 1
    assert len(services.goals_of_pair(world.pair.uuid)) == before + 1


def test_without_the_header_nothing_changes(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    before = len(services.goals_of_pair(world.pair.uuid))
    for _ in range(2):
        assert post(client, url, {"title": "Twice on purpose"}, key=None).status_code == 201
    assert len(services.goals_of_pair(world.pair.uuid)) == before + 2
    assert not records().exists()


def test_the_same_key_with_another_body_is_refused(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    assert post(client, url, {"title": "First"}).status_code == 201
    before = len(services.goals_of_pair(world.pair.uuid))
    refused = post(client, url, {"title": "Something else"})
    assert refused.status_code == 422
    assert refused.json()["field"] == HEADER
    assert refused.json()["code"] == "idempotency_key_reused"
    assert HEADER in refused.json()["detail"]
    assert len(services.goals_of_pair(world.pair.uuid)) == before


def test_key_order_and_spacing_of_the_body_do_not_matter(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    first = client.post(
        url, '{"title": "Ship", "progress": 10}', content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    again = client.post(
        url, '{"progress":10,"title":"Ship"}', content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again[REPLAYED] == "true"


@pytest.mark.parametrize(
    "key",
    ["", "   ", "x" * 256, "clé-unicode", "tab\tinside", "new\nline", '""'],
    ids=["empty", "blank", "too-long", "non-ascii", "tab", "newline", "empty-quoted"],
)
def test_malformed_keys_are_400_naming_the_header(world, key):
    client = client_for(world.users["mentee"])
    before = len(services.goals_of_pair(world.pair.uuid))
    refused = post(client, f"{API}pairs/{world.pair.uuid}/goals/", {"title": "Ship"}, key=key)
    assert refused.status_code == 400
    assert list(refused.json()) == [HEADER]
    assert len(services.goals_of_pair(world.pair.uuid)) == before
    assert not records().exists()


@pytest.mark.parametrize("key", ["x" * 255, "~ !#$%&'()*+,-./:;<=>?@[]^_`{|}", "k"])
def test_every_printable_ascii_key_up_to_255_characters_works(world, key):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    first = post(client, url, {"title": "Ship"}, key=key)
    assert first.status_code == 201
    assert post(client, url, {"title": "Ship"}, key=key)[REPLAYED] == "true"


def test_the_drafts_quoted_form_names_the_same_key(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    assert post(client, url, {"title": "Ship"}, key=KEY).status_code == 201
    again = post(client, url, {"title": "Ship"}, key=f'"{KEY}"')
    assert again[REPLAYED] == "true"


def test_keys_are_case_sensitive(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    before = len(services.goals_of_pair(world.pair.uuid))
    assert post(client, url, {"title": "Ship"}, key="abc").status_code == 201
    assert REPLAYED not in post(client, url, {"title": "Ship"}, key="ABC")
    assert len(services.goals_of_pair(world.pair.uuid)) == before + 2


def test_a_key_belongs_to_one_user(world):
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    before = len(services.goals_of_pair(world.pair.uuid))
    for role in ("mentor", "mentee"):
        answer = post(client_for(world.users[role]), url, {"title": "Same words, same key"})
        assert answer.status_code == 201
        assert REPLAYED not in answer
    assert len(services.goals_of_pair(world.pair.uuid)) == before + 2


def test_a_key_belongs_to_one_endpoint(world):
    client = client_for(world.users["mentee"])
    goals = post(client, f"{API}pairs/{world.pair.uuid}/goals/", {"title": "We met."})
    reflections = post(client, f"{API}pairs/{world.pair.uuid}/reflections/", {"body": "We met."})
    assert (goals.status_code, reflections.status_code) == (201, 201)
    assert REPLAYED not in reflections


def test_a_failed_request_is_not_kept_so_a_corrected_retry_works(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    before = len(services.goals_of_pair(world.pair.uuid))
    failed = post(client, url, {"title": ""})
    assert failed.status_code == 400
    assert not records().exists()
    corrected = post(client, url, {"title": "Ship a dashboard"})
    assert corrected.status_code == 201
    assert post(client, url, {"title": "Ship a dashboard"})[REPLAYED] == "true"
    assert len(services.goals_of_pair(world.pair.uuid)) == before + 1


def test_a_refused_caller_keeps_nothing(world):
    staff = client_for(world.users["course_staff"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    assert post(staff, url, {"title": "Staff may not"}).status_code == 403
    assert post(client_for(world.users["outsider"]), url, {"title": "Nor strangers"}).status_code == 404
    assert not records().exists()


def test_a_repeat_while_the_first_still_runs_is_409(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    assert post(client, url, {"title": "Ship"}).status_code == 201
    before = len(services.goals_of_pair(world.pair.uuid))
    # What a concurrent repeat finds while the first request has not finished: its claim, no answer.
    records().update(status=None, response_body="")
    busy = post(client, url, {"title": "Ship"})
    assert busy.status_code == 409
    assert (busy.json()["code"], busy.json()["field"]) == ("request_in_progress", HEADER)
    assert len(services.goals_of_pair(world.pair.uuid)) == before


def test_after_a_day_the_key_is_forgotten(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/"
    before = len(services.goals_of_pair(world.pair.uuid))
    assert post(client, url, {"title": "Ship"}).status_code == 201
    records().update(created=timezone.now() - dt.timedelta(hours=24, seconds=1))
    again = post(client, url, {"title": "Ship"})
    assert again.status_code == 201
    assert REPLAYED not in again
    assert len(services.goals_of_pair(world.pair.uuid)) == before + 2
    assert records().count() == 1


def test_a_malformed_body_is_the_usual_400(world):
    client = client_for(world.users["mentee"])
    answer = client.post(
        f"{API}pairs/{world.pair.uuid}/goals/",
        "{not json",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )
    assert answer.status_code == 400
    assert "non_field_errors" in answer.json()
    assert not records().exists()


def test_a_very_long_url_argument_is_a_404_not_a_500(world):
    client = client_for(world.users["mentee"])
    answer = post(client, f"{API}pairs/{'x' * 2000}/goals/", {"title": "Ship"})
    assert answer.status_code == 404
    assert not records().exists()


def test_patch_and_delete_ignore_the_header(world):
    client = client_for(world.users["mentee"])
    url = f"{API}pairs/{world.pair.uuid}/goals/{world.goal.id}/"
    for progress in (10, 20):
        answer = client.patch(url, {"progress": progress}, format="json", HTTP_IDEMPOTENCY_KEY=KEY)
        assert answer.json()["progress"] == progress
    participant = f"{API}programs/{world.program.uuid}/participants/mentee/"
    withdrawn = client.delete(participant, HTTP_IDEMPOTENCY_KEY=KEY)
    assert withdrawn.status_code == 200
    assert REPLAYED not in withdrawn
    assert not records().exists()


@pytest.fixture
def schema(db):
    response = client_for(None).get(f"{API}schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_documents_the_header_on_every_post(schema):
    posts = {path: item["post"] for path, item in schema["paths"].items() if "post" in item}
    assert len(posts) == len({row.name for row in POSTS})
    for path, operation in posts.items():
        headers = [p for p in operation.get("parameters", []) if p["in"] == "header"]
        assert [p["name"] for p in headers] == [HEADER], path
        assert {"409", "422"} <= set(operation["responses"]), path
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method != "post":
                assert HEADER not in str(operation.get("parameters", [])), (path, method)


def test_a_record_names_the_user_and_the_route(world):
    """The record names the user, the route and its arguments, never the key itself."""
    client = client_for(world.users["mentee"])
    post(client, f"{API}pairs/{world.pair.uuid}/goals/", {"title": "Ship"})
    (record,) = records().all()
    assert record.user == world.users["mentee"]
    assert record.scope == f"POST revmentor:v1:goals pair_uuid={world.pair.uuid}"
    assert KEY not in record.key_digest
