"""Operators browse every model in the Django admin; nothing there changes data or shows private text.

Private data (ADR 0003: reflection bodies and prompts, raw pulse answers, the private profile,
session notes) must not be readable *or probable*: a change list that accepts
``?body__startswith=B`` counts the matching rows, so a private text can be recovered a character
at a time. The tests below walk every registered revmentor admin and every hidden field
reachable from its model, directly and through up to three relations.
"""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db import models as db_models
from django.test import RequestFactory
from django.urls import reverse

from revmentor_plugin import models, policy, services
from tests import factories

pytestmark = pytest.mark.django_db

# model -> whether its changelist has list filters
MODELS = {
    "program": True,
    "skill": False,
    "participant": True,
    "pair": True,
    "goal": True,
    "sessionlog": True,
    "reflection": True,
    "pulsecheck": False,
    "agreementacceptance": False,
}

# What only the author reads (ADR 0003), written out here rather than imported from the admin.
HIDDEN = {
    models.Reflection: {"body", "prompt"},
    models.PulseCheck: {"trust", "comfort", "career_support", "psychosocial_support", "role_modeling"},
    models.Participant: set(policy.PRIVATE_PROFILE_FIELDS),
    models.SessionLog: {"notes"},
}
SECRET_BODY = "Bitter truth about my mentor"
SECRET_PROMPT = "Prompt-only-the-author-sees"
SECRET_NOTES = "Secret notes"
SECRET_ANSWER = "answer-nobody-reads"
MAX_HOPS = 3


def _registered():
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "revmentor"
    }


def _relations(model):
    """(lookup name, related model) of every relation Django lets a query follow from ``model``."""
    for field in model._meta.get_fields():
        related = field.related_model if field.is_relation else None
        if related is not None and related._meta.app_label == "revmentor":
            yield field.name, related


def hidden_paths(model, hops=MAX_HOPS):
    """Every lookup path from ``model`` to a hidden field: (path, hidden model, field name)."""
    found = []
    frontier = [("", model, (model,))]
    for depth in range(hops + 1):
        next_frontier = []
        for prefix, current, seen in frontier:
            for name in sorted(HIDDEN.get(current, ())):
                found.append((prefix + name, current, name))
            if depth == hops:
                continue
            for rel_name, related in _relations(current):
                if related not in seen:
                    next_frontier.append((f"{prefix}{rel_name}__", related, (*seen, related)))
        frontier = next_frontier
    return found


def _probe(model, name):
    """A lookup suffix and value that would count rows by the hidden field's content."""
    field = model._meta.get_field(name)
    if isinstance(field, db_models.JSONField):
        return "__has_key", "age"
    if isinstance(field, db_models.BooleanField):
        return "", "1"
    if isinstance(field, db_models.IntegerField):
        return "__lte", "2"
    return "__startswith", "B"


ADMINED = (
    models.Program,
    models.Skill,
    models.Participant,
    models.Pair,
    models.Goal,
    models.SessionLog,
    models.Reflection,
    models.PulseCheck,
    models.AgreementAcceptance,
)
PROBES = {model: hidden_paths(model) for model in ADMINED}


@pytest.fixture
def world(program):
    services.update_program(program.uuid, diversity_enabled=True)
    busy = factories.busy_pair(
        program,
        by_mentee={"goal": "Read a notebook", "pulse": factories.pulse_answers(1, 2, 3, 4, 5)},
        by_mentor={
            "session": {"occurred_on": "2026-01-01", "notes": SECRET_NOTES},
            "reflection": {"body": SECRET_BODY, "visibility": "private", "prompt": SECRET_PROMPT},
        },
    )
    services.update_participant(
        program.uuid, busy.mentee.username, self_description={"age": SECRET_ANSWER}, reminders_opt_out=True
    )
    return busy.pair


@pytest.fixture
def operator_client(client, world):
    client.force_login(factories.make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("model", "has_filters"), list(MODELS.items()))
def test_changelists_render_with_filters_and_search(operator_client, model, has_filters):
    response = operator_client.get(f"/admin/revmentor/{model}/", {"q": "a"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="searchbar"' in html
    assert ('id="changelist-filter"' in html) is has_filters
    assert f'href="/admin/revmentor/{model}/add/"' not in html


def test_every_revmentor_admin_is_walked():
    assert set(_registered()) == set(ADMINED)
    assert {model._meta.model_name for model in ADMINED} == set(MODELS)
    assert all(PROBES[model] for model in ADMINED)
    # Several hops are walked, e.g. a goal's pair's pulse answers.
    assert "pair__pulses__trust" in {path for path, *_ in PROBES[models.Goal]}
    assert "pairs__mentee__self_description" in {path for path, *_ in PROBES[models.Program]}


@pytest.mark.parametrize("model", ADMINED, ids=lambda model: model._meta.model_name)
def test_no_lookup_reaches_a_hidden_field(operator_client, model):
    url = f"/admin/revmentor/{model._meta.model_name}/"
    refused = operator_client.get(url, {"zz_not_a_filter": "1"})
    leaks = []
    for path, hidden_model, name in PROBES[model]:
        suffix, value = _probe(hidden_model, name)
        for probe_value in (value, "Z"):
            response = operator_client.get(url, {path + suffix: probe_value})
            # The same bare refusal whatever the value: no count, no row, nothing to compare.
            if response.status_code != 400 or response.content != refused.content:
                leaks.append((path + suffix, probe_value, response.status_code))
    assert leaks == []
    assert refused.status_code == 400
    assert b"result" not in refused.content


def test_the_reported_probes_are_refused(operator_client):
    private = operator_client.get(
        "/admin/revmentor/reflection/", {"visibility": "private", "body__startswith": "B"}
    )
    assert private.status_code == 400
    assert b"1 reflection" not in private.content
    low = operator_client.get("/admin/revmentor/pulsecheck/", {"trust__lte": "2"})
    assert low.status_code == 400
    for url, params in (
        ("/admin/revmentor/pair/", {"reflections__body__startswith": "B"}),
        ("/admin/revmentor/participant/", {"self_description__has_key": "age"}),
        ("/admin/revmentor/participant/", {"reminders_opt_out": "1"}),
        ("/admin/revmentor/goal/", {"pair__pulses__trust__lte": "2"}),
        ("/admin/revmentor/sessionlog/", {"notes__contains": "Secret"}),
        ("/admin/revmentor/program/", {"pairs__mentee__self_description__has_key": "age"}),
    ):
        assert operator_client.get(url, params).status_code == 400, (url, params)


def test_the_admins_own_filters_still_work(operator_client, program):
    for model, params in (
        ("pair", {"status__exact": "active"}),
        ("pair", {"program__course_key": str(program.course_key)}),
        ("program", {"diversity_enabled__exact": "1"}),
        ("reflection", {"visibility__exact": "private"}),
        ("participant", {"role__exact": "mentee", "status__exact": "active"}),
        ("sessionlog", {"mode__exact": "video", "o": "2"}),
    ):
        response = operator_client.get(f"/admin/revmentor/{model}/", params)
        assert response.status_code == 200, (model, params)
        assert 'class="paginator"' in response.content.decode()
        assert response.context["cl"].result_count == 1, (model, params)


def _paths_in_use(model_admin, request, obj):
    """Every field path the admin lists, searches, filters, orders by or shows in its form."""
    paths = set()
    for name in model_admin.get_list_display(request):
        paths.add(name)
    for name in model_admin.get_search_fields(request):
        paths.add(name.lstrip("^=@"))
    for item in model_admin.get_list_filter(request):
        paths.add(item[0] if isinstance(item, (list, tuple)) else item if isinstance(item, str) else "")
    paths.update(name.lstrip("-") for name in model_admin.get_ordering(request) or ())
    paths.update(model_admin.get_sortable_by(request) or ())
    paths.update(model_admin.get_autocomplete_fields(request))
    paths.update(model_admin.raw_id_fields)
    paths.update(model_admin.get_readonly_fields(request, obj))
    paths.update(model_admin.get_fields(request, obj))
    if model_admin.date_hierarchy:
        paths.add(model_admin.date_hierarchy)
    paths.discard("")
    return paths


def _resolves_to_hidden(model, path):
    try:
        fields = get_fields_from_path(model, path)
    except (FieldDoesNotExist, Exception):  # a callable column: not a model field
        return False
    last = fields[-1]
    return last.name in HIDDEN.get(last.model, ())


def test_no_list_search_ordering_filter_or_form_shows_a_hidden_field(world):
    request = RequestFactory().get("/admin/")
    request.user = factories.make_user("root2", is_staff=True, is_superuser=True)
    for model, model_admin in _registered().items():
        obj = model.objects.first()
        assert obj is not None, model
        for path in _paths_in_use(model_admin, request, obj):
            assert not _resolves_to_hidden(model, path), (model, path)


def test_change_views_and_searches_show_no_hidden_field(operator_client):
    secrets = (SECRET_BODY, SECRET_PROMPT, SECRET_NOTES, SECRET_ANSWER)
    for model in _registered():
        name = model._meta.model_name
        for obj in model.objects.all():
            html = operator_client.get(f"/admin/revmentor/{name}/{obj.pk}/change/").content.decode()
            for field in HIDDEN.get(model, ()):
                assert f"field-{field}" not in html, (name, field)
            assert not any(secret in html for secret in secrets), name
        for secret in secrets:
            found = operator_client.get(f"/admin/revmentor/{name}/", {"q": secret}).content.decode()
            assert "0 results" in found, (name, secret)


def test_autocomplete_searches_no_hidden_field(operator_client):
    for model in _registered():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.many_to_one) or field.related_model not in _registered():
                continue
            for secret in (SECRET_BODY, SECRET_NOTES, SECRET_ANSWER, SECRET_PROMPT):
                response = operator_client.get(
                    "/admin/autocomplete/",
                    {
                        "app_label": "revmentor",
                        "model_name": model._meta.model_name,
                        "field_name": field.name,
                        "term": secret,
                    },
                )
                assert response.status_code in (200, 403, 404)
                if response.status_code == 200:
                    assert json.loads(response.content)["results"] == [], (model, field.name)


def test_private_text_is_not_in_the_admin(operator_client):
    for model in ("reflection", "sessionlog"):
        listing = operator_client.get(f"/admin/revmentor/{model}/").content.decode()
        assert SECRET_BODY not in listing
        assert SECRET_NOTES not in listing
    reflection = models.Reflection.objects.get()
    detail = operator_client.get(f"/admin/revmentor/reflection/{reflection.pk}/change/").content.decode()
    assert SECRET_BODY not in detail
    assert SECRET_PROMPT not in detail
    session = models.SessionLog.objects.get()
    detail = operator_client.get(f"/admin/revmentor/sessionlog/{session.pk}/change/").content.decode()
    assert SECRET_NOTES not in detail
    participant = models.Participant.objects.get(reminders_opt_out=True)
    detail = operator_client.get(f"/admin/revmentor/participant/{participant.pk}/change/").content.decode()
    assert "reminders_opt_out" not in detail
    assert SECRET_ANSWER not in detail


def test_the_admin_does_not_allow_adding_or_changing(operator_client):
    assert operator_client.get("/admin/revmentor/pair/add/").status_code == 403
    program_pk = models.Program.objects.get().pk
    response = operator_client.post(f"/admin/revmentor/program/{program_pk}/change/", {"name": "Hijacked"})
    assert response.status_code == 403


@pytest.mark.parametrize("model", list(_registered()), ids=lambda m: m.__name__)
def test_nothing_can_be_deleted_here(operator_client, world, model):
    obj = model.objects.first()
    assert obj is not None, model
    url = reverse(f"admin:revmentor_{model._meta.model_name}_delete", args=[obj.pk])
    assert operator_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:revmentor_{model._meta.model_name}_changelist")
    operator_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert model.objects.filter(pk=obj.pk).exists()
