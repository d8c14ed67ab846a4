"""Migrations apply from zero and match the models, on whichever database the suite runs."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_migrations_apply_from_zero_and_back():
    call_command("migrate", "revmentor", "zero", verbosity=0)
    assert "revmentor_pair" not in connection.introspection.table_names()
    call_command("migrate", "revmentor", verbosity=0)
    assert "revmentor_pair" in connection.introspection.table_names()
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "revmentor", "--check", "--dry-run", verbosity=0)
