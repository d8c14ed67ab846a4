"""``schema/`` describes every v1 endpoint with the contract's field names (docs/DESIGN.md §6), and the
sandbox serves interactive docs from local files (no CDN)."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

from tests.api.conftest import API
from tests.api.test_permissions import TABLE

pytestmark = pytest.mark.host_contract

CONTRACT = {
    "Program": {
        "uuid", "course_id", "name", "description", "organizational_outcome", "expectations", "cadence_days",
        "status", "mentor_label", "mentee_label", "default_capacity", "start_date", "end_date",
    },
    "Participant": {
        "username", "role", "skills_offered", "skills_sought", "interests", "languages", "timezone",
        "capacity", "seniority", "department", "manager", "learning_preferences", "motivations", "status",
    },
    "Skill": {"slug", "name"},
    "Pair": {
        "uuid", "program", "mentor", "mentee", "status", "source", "score", "explanation", "accepted_by",
        "health", "created", "closed_reason",
    },
    "Goal": {"id", "title", "details", "owner", "skill", "usage_key", "target_date", "status", "progress"},
    "Session": {
        "id", "occurred_on", "duration_minutes", "mode", "led_by", "skills", "goals", "notes", "logged_by",
        "confirmed",
    },
    "Reflection": {"id", "author", "prompt", "body", "visibility", "session", "created"},
    "Pulse": {"trust", "comfort", "career_support", "psychosocial_support", "role_modeling"},
}  # fmt: skip


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get(f"{API}schema/?format=json")
    assert response.status_code == 200  # public: it describes the API, not anyone's data
    return response.json()


def test_every_endpoint_is_described(schema):
    described = {
        (path.removeprefix(API[:-1]), method) for path, item in schema["paths"].items() for method in item
    }
    for row in TABLE:
        route = _route(row.name)
        assert (route, row.method) in described, (route, row.method)


def _route(name):
    from revmentor_plugin.api.v1 import urls

    (pattern,) = [p for p in urls.urlpatterns if p.name == name]
    return "/" + str(pattern.pattern).replace("<str:", "{").replace(">", "}")


@pytest.mark.parametrize("component", list(CONTRACT))
def test_contract_field_names(schema, component):
    properties = set(schema["components"]["schemas"][component]["properties"])
    assert CONTRACT[component] <= properties, CONTRACT[component] - properties


def test_lists_are_paginated_and_errors_documented(schema):
    listing = schema["paths"]["/api/revmentor/v1/programs/{program_uuid}/pairs/"]["get"]
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert {"count", "next", "previous", "results"} <= set(
        schema["components"]["schemas"][page]["properties"]
    )
    create = schema["paths"]["/api/revmentor/v1/programs/{program_uuid}/pairs/"]["post"]
    assert {"201", "400", "401", "403", "404", "409"} <= set(create["responses"])
    assert {"jwtAuth", "sessionAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.parametrize(
    ("path", "orderings"),
    [
        ("participants", {"username", "-username", "role", "status", "department", "created", "-created"}),
        ("pairs", {"mentor", "-mentee", "status", "health", "-health", "created", "-created"}),
    ],
)
def test_long_lists_document_search_ordering_and_paging(schema, path, orderings):
    listing = schema["paths"][f"/api/revmentor/v1/programs/{{program_uuid}}/{path}/"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    assert {"search", "ordering", "page", "page_size", "status"} <= set(parameters)
    assert orderings <= set(parameters["ordering"]["schema"]["enum"])
    assert "400" in listing["responses"]


def test_the_sandbox_docs_work_offline(db):
    page = APIClient().get("/api-docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    assert "jsdelivr" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    redoc = APIClient().get("/api-docs/redoc/")
    assert redoc.status_code == 200
    assert "cdn" not in redoc.content.decode().lower()


def test_reasons_are_described_beside_the_explanation_in_words(schema):
    """Issue 12: the structured reasons are additive; ``explanation`` stays a list of strings."""
    components = schema["components"]["schemas"]
    assert set(components["Reason"]["properties"]) == {"code", "params"}
    for name in ("Pair", "Proposal", "Unmatched"):
        properties = components[name]["properties"]
        assert properties["reasons"]["items"]["$ref"].endswith("/Reason"), name
    assert components["Pair"]["properties"]["explanation"] == {
        "type": "array",
        "items": {"type": "string"},
        "readOnly": True,
    }
