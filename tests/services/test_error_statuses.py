"""Each domain error carries the HTTP status both edges answer it with (REST and blocks)."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from revmentor_plugin import services


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (services.InvalidInput({"title": "Required."}), 400),
        (services.InvalidRows("2 rows have problems.", []), 400),
        (services.NotFound("No such pair."), 404),
        (services.Conflict("Already paired."), 409),
        (services.InvalidTransition("This pair has ended."), 409),
        (services.RequestInProgress("Still running."), 409),
        (services.IdempotencyKeyReused("Used for another body."), 422),
        (services.Busy(), 503),
        (OperationalError("database is locked"), 503),
        (OperationalError(1213, "Deadlock found"), 503),
    ],
)
def test_domain_errors_carry_their_status(error, status):
    assert services.http_status_of(error) == status


def test_a_lock_error_stands_for_busy_and_anything_else_for_nothing():
    assert isinstance(services.domain_error_of(OperationalError("database is locked")), services.Busy)
    assert services.domain_error_of(OperationalError("no such table: x")) is None
    assert services.domain_error_of(ValueError("junk")) is None
    assert services.http_status_of(ValueError("junk")) is None
    assert services.http_status_of(services.RevMentorError("base")) is None
