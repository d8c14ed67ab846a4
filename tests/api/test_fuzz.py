"""Property-based fuzzing of REST API v1 from its own OpenAPI schema (schemathesis).

Schemathesis reads ``schema/`` from the sandbox's WSGI application and, for every operation,
generates requests that fit the schema and requests that break it (wrong types, missing fields,
out-of-range numbers, odd strings). The sandbox answers in-process, inside the test's database
transaction, as a course staff member and as a mentee (JWT in the header). Checks: no 5xx ever,
status codes and content types the schema documents, and bodies that conform to it.

Bounded so the run stays well under two minutes on two cores: a fixed number of examples per
operation, derandomised (the same examples every run, so CI is reproducible), no deadline per
example (the first request of a process warms caches).

Path parameters that name the world's program, pair, goal, session, outcome milestone and
participant are fixed to them, so the requests reach the views' logic instead of stopping at a
404, and schemathesis spends no time generating (or breaking) values that would be replaced; the
other path parameters (a plan's, a matching run's, an import's id) are generated and, in
negative mode, broken.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
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
#: Operations each role must have seen answer 2xx at least once (of 56: 28 and 18 at this writing;
#: a mentee may not do most of the staff's operations).
MIN_SUCCEEDED = {"course_staff": 25, "mentee": 15}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _real_objects(operation, world) -> dict[str, str]:
    """The operation's path parameters that name the world's objects, given to schemathesis as
    fixed values: it generates (and, in negative mode, breaks) only the others (a plan's, a
    matching run's, an import's id) and the query and body."""
    real = {
        "program_uuid": str(world.program.uuid),
        "pair_uuid": str(world.pair.uuid),
        "goal_id": str(world.goal.id),
        "session_id": str(world.session.id),
        "record_id": str(world.outcome.id),
        "username": "mentee",
    }
    names = re.findall(r"{(\w+)}", operation.path)
    return {name: real[name] for name in names if name in real}


def _can_break(operation, fixed: dict[str, str]) -> bool:
    """Whether negative mode has anything to break: a body, a query parameter, or a parameter it
    generates whose schema says more than "a string". Without one, every negative draw is
    rejected until Hypothesis gives up (Unsatisfiable), which costs about as much as the whole
    positive run while sending no request."""
    if list(operation.body) or list(operation.query):
        return True
    generated = [
        parameter
        for group in (operation.path_parameters, operation.headers, operation.cookies)
        for parameter in group
        if parameter.name not in fixed
    ]
    return any(parameter.definition.get("schema") != {"type": "string"} for parameter in generated)


BOUNDS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.fixture
def connection_kept():
    """Keep the test's database connection open across the requests, as Django's test client
    does (``django.test.client.ClientHandler``). Schemathesis calls the WSGI application itself,
    whose ``request_started`` and ``request_finished`` signals close a connection that is not in
    autocommit mode (``close_old_connections``): the test's, inside its transaction. Without this
    every request found the database closed, so the JWT's user could not be read and nearly every
    request answered 401."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("connection_kept")
@pytest.mark.parametrize("role", ["course_staff", "mentee"])
def test_the_api_never_errors_and_matches_its_schema(world, role):
    # schemathesis' own pytest loader (LazySchema) does not run under pytest 9 yet, so each
    # operation gets its own bounded Hypothesis run here; every failure is reported at the end.
    api = schemathesis.openapi.from_wsgi(f"{API}schema/?format=json", get_wsgi_application())
    headers = {"Authorization": f"{jwt_settings.JWT_AUTH_HEADER_PREFIX} {generate_jwt(world.users[role])}"}
    failures, operations, succeeded = [], 0, set()
    for result in api.get_all_operations():
        operation = result.ok()
        operations += 1
        fixed = _real_objects(operation, world)
        modes = [GenerationMode.POSITIVE]
        if _can_break(operation, {**fixed, **headers}):
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:

            @BOUNDS
            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed, headers=headers))
            def run(case):
                response = case.call_and_validate(checks=CHECKS)
                if response.status_code < 300:
                    succeeded.add(case.operation.label)

            try:
                run()
            except Unsatisfiable:
                continue  # nothing to negate: only fixed or free-form string path parameters
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis' FailureGroup is the latter
                failures.append(f"{operation.label} ({mode}): {exc}")
    assert operations >= 20
    # The requests reach the views: a fuzz whose every request is refused before them (as when
    # the database connection was closed under it and every JWT answered 401) checks nothing.
    assert len(succeeded) >= MIN_SUCCEEDED[role], sorted(succeeded)
    assert not failures, "\n\n".join(failures)
