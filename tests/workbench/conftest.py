"""The workbench suite: collected only under its own settings; scenarios and people built once a module.

Why a separate run: the workbench needs xblock-sdk's settings (its URLs, its ``workbench`` app and
key-value store), which the main suite's ``sandbox_lms.test_settings`` does not have, and one
pytest process has one settings module. So the main suite must not collect this directory, and
this suite runs as ``pytest tests/workbench --ds=tests.workbench.settings``.

How: pytest-django puts the chosen settings module (``--ds``, else ``$DJANGO_SETTINGS_MODULE``,
else ``tox.ini``'s ``DJANGO_SETTINGS_MODULE``) into ``os.environ["DJANGO_SETTINGS_MODULE"]`` in
``pytest_load_initial_conftests``, before any conftest below ``tests/`` is imported. pytest
imports this conftest when it enters the directory, then asks ``pytest_ignore_collect`` about
every file in it; its default implementation matches each path against the ``collect_ignore_glob``
of the conftest beside it. Under any other settings this list is ``["*"]``, so nothing here is
collected (nor imported). Nothing at module level here imports the workbench either, so merely
loading this conftest under the main suite's settings is harmless. (Files named on the command
line are never asked about, so ``pytest tests/workbench/test_views.py`` needs ``--ds`` too.)
"""

from __future__ import annotations

import os

import pytest

WORKBENCH_SETTINGS = "tests.workbench.settings"
ACTIVE = os.environ.get("DJANGO_SETTINGS_MODULE") == WORKBENCH_SETTINGS

collect_ignore_glob = [] if ACTIVE else ["*"]


def pytest_configure(config):
    # The workbench's runtime is built on ``Runtime.user_id`` (deprecated in XBlock 6 in favour of
    # the user service) and stamps every block with ``datetime.utcnow()``: warnings on every
    # request that are the SDK's, not the blocks'.
    if ACTIVE:
        config.addinivalue_line("filterwarnings", "ignore::xblock.exceptions.UserIdDeprecationWarning")
        config.addinivalue_line(
            "filterwarnings", "ignore:datetime.datetime.utcnow:DeprecationWarning:workbench.runtime"
        )


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):
    """The SDK's scenarios and a ``World``, loaded once for a module (``factories.built_once``,
    ADR 0018): each test runs in a savepoint of that transaction and rolls back to it.

    The workbench keeps block fields (including a vertical's children and each block's settings
    from the scenario XML) in its ``XBlockState`` table, filled when the scenarios are parsed
    (``workbench.runtime_util.reset_global_state``, as the SDK's own tests reload them), and the
    ids of parsed blocks in a module-level id manager. Rolling back a test restores the table as
    loaded; ids the test parsed stay known to the id manager and are simply not used again.
    """
    from workbench.runtime_util import reset_global_state

    from tests import factories
    from tests.workbench.support import World

    with factories.built_once(django_db_blocker):
        reset_global_state()
        yield World.build()


@pytest.fixture
def workbench_state(_built, db):
    """The SDK's scenarios, as loaded for the module. A module of live-server tests overrides it
    (and ``world``): their database is flushed after each test, so they load them per test."""


@pytest.fixture
def program_scenarios(workbench_state):
    """Register scenarios whose block names a program (``support.add_program_scenario``), and
    remove them afterwards (``workbench.scenarios.remove_scenario``)."""
    from workbench.scenarios import remove_scenario

    from tests.workbench import support

    added: list[str] = []

    def add(block_type, program):
        added.append(support.add_program_scenario(block_type, program))
        return added[-1]

    yield add
    for name in added:
        remove_scenario(name)


@pytest.fixture
def world(workbench_state, _built):
    """A program with a joiner, a proposed pair and an active pair (``support.World``): this
    test's copy of the module's (``factories.fresh``)."""
    from tests import factories

    return factories.fresh(_built)


@pytest.fixture(scope="module")
def chromium():
    """Debian's headless Chromium, launched as the sandbox's browser tests launch it; this suite
    runs no accessibility audit, so it does not need axe-core."""
    from tests.browser.conftest import headless_chromium

    with headless_chromium(need_axe=False) as browser:
        yield browser
