"""Shared fixtures. Tests run against the sandbox host (``sandbox_lms.test_settings``)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests import factories


@pytest.fixture
def program(db):
    return factories.program()


@pytest.fixture
def mysql_only(db):
    if connection.vendor != "mysql":
        pytest.skip("needs MySQL/MariaDB")


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"
