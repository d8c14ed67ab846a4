"""Migrations apply from zero and match the models, on whichever database the suite runs."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from revmentor_plugin import services
from revmentor_plugin.models import MatchingRun, Pair, Program
from tests import factories


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


@pytest.mark.django_db
def test_stored_explanations_stop_comparing_self_descriptions(program):
    """0004 rewrites what older runs stored: "Different backgrounds: age" told each person the
    other's answers."""
    migration = importlib.import_module(
        "revmentor_plugin.migrations.0004_explanations_without_self_description"
    )
    old = ["Offers python, which this mentee wants to learn", "Different backgrounds: age and gender"]
    pair, *_ = factories.proposed_pair(program)
    Pair.objects.filter(uuid=pair.uuid).update(explanation=old)
    untouched, *_ = factories.proposed_pair(program)
    Pair.objects.filter(uuid=untouched.uuid).update(explanation=["Both enjoy jazz"])
    run = MatchingRun.objects.create(
        program=Program.objects.get(uuid=program.uuid),
        proposals=[
            {"mentor": "a", "mentee": "b", "score": 1.0, "explanation": ["Similar backgrounds"]},
            {"mentor": "c", "mentee": "d", "score": 1.0, "explanation": old},
        ],
    )
    migration.forwards(apps, None)
    assert services.get_pair(pair.uuid).explanation == (
        "Offers python, which this mentee wants to learn",
        "Diversity was considered",
    )
    assert services.get_pair(untouched.uuid).explanation == ("Both enjoy jazz",)
    run.refresh_from_db()
    assert [p["explanation"] for p in run.proposals] == [
        ["Diversity was considered"],
        ["Offers python, which this mentee wants to learn", "Diversity was considered"],
    ]
