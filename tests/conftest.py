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


# Under pytest-xdist (``make test``: ``-n auto --dist loadfile --no-loadscope-reorder``) a file is
# one unit of work, run by one worker in the order collected, so the data its module-scoped
# fixtures build once (``factories.built_once``) and its browser are built once. The tests of the
# files named here are units of their own: each runs for about a minute (the API fuzz, one run per
# role), so that they can run side by side.
SPREAD_FILES = ("tests/api/test_fuzz.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if path in SPREAD_FILES else path

    return Scheduling(config, log)


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
