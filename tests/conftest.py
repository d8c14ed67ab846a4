"""Shared fixtures. Tests run against the sandbox host (``sandbox_lms.test_settings``)."""

from __future__ import annotations

import freezegun
import pytest
from django.db import connection

from tests import factories

# pytest times each phase with the clock it keeps in ``_pytest.timing``. A fixture that freezes
# time around its ``yield`` (as ``tests/services/test_privacy.py`` does) would otherwise make that
# clock jump to the frozen date between the start and the end of setup, and ``--durations``
# would report setups of 1.77 billion seconds (and teardowns as long, negative). freezegun
# leaves the modules it ignores on the real clock; only pytest's own timing is added, so every
# date a test freezes stays frozen for the code under test.
freezegun.configure(extend_ignore_list=["_pytest.timing"])


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
