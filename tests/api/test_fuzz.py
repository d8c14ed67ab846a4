"""Property-based fuzzing of REST API v1 from its own OpenAPI schema (schemathesis).

Schemathesis reads ``schema/`` from the sandbox's WSGI application and, for every operation,
generates requests that fit the schema and requests that break it (wrong types, missing fields,
out-of-range numbers, odd strings). The sandbox answers in-process, inside the test's database
transaction, as a course staff member and as a mentee (JWT in the header). Checks: no 5xx ever,
status codes and content types the schema documents, and bodies that conform to it.

Bounded so the run stays well under two minutes on two cores: a fixed number of examples per
operation, derandomised (the same examples every run, so CI is reproducible), no deadline per
example (the first request of a process warms caches).

Path parameters are pointed at real objects (the world's program, pair, goal and session) so the
requests reach the views' logic instead of stopping at a 404.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework_jwt.settings import api_settings as jwt_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import API

MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _point_at_real_objects(case, world) -> None:
    params = case.path_parameters or {}
    real = {
        "program_uuid": str(world.program.uuid),
        "pair_uuid": str(world.pair.uuid),
        "goal_id": str(world.goal.id),
        "session_id": str(world.session.id),
        "username": "mentee",
    }
    for name in params:
        if name in real:
            params[name] = real[name]


BOUNDS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.mark.parametrize("role", ["course_staff", "mentee"])
def test_the_api_never_errors_and_matches_its_schema(world, role):
    # schemathesis' own pytest loader (LazySchema) does not run under pytest 9 yet, so each
    # operation gets its own bounded Hypothesis run here; every failure is reported at the end.
    api = schemathesis.openapi.from_wsgi(f"{API}schema/?format=json", get_wsgi_application())
    headers = {"Authorization": f"{jwt_settings.JWT_AUTH_HEADER_PREFIX} {generate_jwt(world.users[role])}"}
    failures, operations = [], 0
    for result in api.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @BOUNDS
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                _point_at_real_objects(case, world)
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                continue  # nothing to negate: only free-form string path parameters
            except Exception as exc:
                failures.append(f"{operation.label} ({mode}): {exc}")
    assert operations >= 20
    assert not failures, "\n\n".join(failures)
