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


@pytest.mark.django_db
def test_stored_sentences_become_reasons_rendered_for_the_reader(program):
    """0007 (issue 12) turns the English sentences matching stored into codes and parameters;
    what it does not recognize stays as written."""
    migration = importlib.import_module("revmentor_plugin.migrations.0007_structured_explanations")
    old = [
        "Pinned by programme staff",
        "Offers data-visualisation and python, which this mentee wants to learn",
        "Both enjoy jazz",
        "Shares languages: en and fr",
        "Different departments: Data and Sales",
        "Timezones 5.5 hours apart",
        "Seniority of one of them is unknown",
        "Diversity was considered",
        "Proposed by hand by course staff in the sandbox",
    ]
    pair, *_ = factories.proposed_pair(program)
    Pair.objects.filter(uuid=pair.uuid).update(explanation=old)
    run = MatchingRun.objects.create(
        program=Program.objects.get(uuid=program.uuid),
        proposals=[{"mentor": "a", "mentee": "b", "score": 1.0, "explanation": old[:2]}],
        unmatched=[
            {"username": "c", "role": "mentee", "reason": "Pin not applied: Pinned pair shares no language; "
             "No mentor has any capacity / Capacity is zero"},
            {"username": "d", "role": "mentee", "reason": "No mentor scores at least 2.5 for this mentee"},
            {"username": "e", "role": "mentor", "reason": "Something else; entirely"},
        ],
    )  # fmt: skip
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # a second pass changes nothing

    stored = Pair.objects.get(uuid=pair.uuid).explanation
    assert stored == [
        {"code": "pinned", "params": {}},
        {"code": "skills_offered", "params": {"skills": ["data-visualisation", "python"]}},
        {"code": "interests_shared", "params": {"interests": ["jazz"]}},
        {"code": "languages_shared", "params": {"languages": ["en", "fr"]}},
        {"code": "departments_different", "params": {"mentor": "Data", "mentee": "Sales"}},
        {"code": "timezones_apart", "params": {"hours": 5.5}},
        {"code": "seniority_unknown", "params": {}},
        {"code": "diversity_considered", "params": {}},
        {"code": "text", "params": {"text": "Proposed by hand by course staff in the sandbox"}},
    ]
    mentor = pair.mentor.username
    assert services.get_pair(pair.uuid).explanation[:2] == (
        "Pinned by programme staff",
        f"{mentor} offers Data visualisation and Python, which {pair.mentee.username} wants to learn",
    )
    assert services.get_pair(pair.uuid).explanation[-1] == "Proposed by hand by course staff in the sandbox"
    run.refresh_from_db()
    assert run.proposals == [{"mentor": "a", "mentee": "b", "score": 1.0, "reasons": stored[:2]}]
    assert [item["reasons"] for item in run.unmatched] == [
        [
            {"code": "pin_rejected", "params": {"problem": "pin_no_language"}},
            {"code": "mentee_no_capacity", "params": {}},
            {"code": "mentor_zero_capacity", "params": {}},
        ],
        [{"code": "mentee_below_minimum", "params": {"minimum": 2.5}}],
        [{"code": "text", "params": {"text": "Something else; entirely"}}],
    ]
    shown = services.get_matching_run(program.uuid, run.id)
    assert (
        shown.proposals[0]["explanation"][1]
        == "a offers Data visualisation and Python, which b wants to learn"
    )
    assert shown.unmatched[2]["reason"] == "Something else; entirely"

    migration.backwards(apps, None)
    assert Pair.objects.get(uuid=pair.uuid).explanation == old
    run.refresh_from_db()
    assert run.proposals[0]["explanation"] == old[:2]
    assert run.unmatched[1]["reason"] == "No mentor scores at least 2.5 for this mentee"
