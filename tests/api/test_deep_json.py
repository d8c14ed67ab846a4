"""JSON nested thousands of levels deep (issue 10, item 8): every write endpoint answers 400 on
``non_field_errors`` and writes nothing; it never reaches Python's recursion limit (a 500).

The routes come from the permission matrix (``tests/api/test_permissions.py``), so a new write
endpoint is covered as soon as it has rows there. Each is called by a role the matrix lets do the
write, so the body is really read, and the limit is not hidden behind a 403 or a 404.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from tests.api.conftest import client_for
from tests.api.test_permissions import TABLE, _routes

DEPTH = 5_000
BODIES = {
    "arrays": "[" * DEPTH + "]" * DEPTH,
    "objects": '{"a": ' * DEPTH + "1" + "}" * DEPTH,
    "inside-a-field": '{"title": ' + "[" * DEPTH + "]" * DEPTH + "}",
    "unclosed": "[" * DEPTH,
}
WRITES = sorted(route for route in _routes() if route[1] != "get")


def _row(name: str, method: str):
    return next(row for row in TABLE if (row.name, row.method) == (name, method))


def _writer(row) -> str:
    """A role the matrix lets make this request (2xx first, then a refusal by a rule: 409)."""
    for wanted in (range(200, 300), (409,)):
        for role, status in row.statuses.items():
            if status in wanted:
                return role
    raise AssertionError(f"no role may call {row.id}")


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("revmentor").get_models()}


def test_every_write_route_is_covered():
    assert len(WRITES) >= 15
    assert ("programs", "post") in WRITES
    assert ("participant", "delete") in WRITES


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize(("name", "method"), WRITES, ids=[f"{m} {n}" for n, m in WRITES])
def test_deeply_nested_json_is_a_400_and_writes_nothing(world, name, method, body):
    row = _row(name, method)
    client = client_for(world.users[_writer(row)])
    before = counts()
    url = reverse(f"revmentor:v1:{name}", kwargs=row.kwargs(world))
    response = getattr(client, method)(url, data=BODIES[body], content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    payload = response.json()
    assert list(payload) == ["non_field_errors"]
    assert all(isinstance(message, str) and message for message in payload["non_field_errors"])
    assert counts() == before
