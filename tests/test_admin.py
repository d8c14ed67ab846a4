"""Operators browse every model in the Django admin; nothing there changes data or shows private text."""

import pytest

from revmentor_plugin import services
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


@pytest.fixture
def operator_client(client, program):
    pair, mentor, _ = factories.active_pair(program)
    services.write_reflection(pair.uuid, user=mentor, body="A very private thought", visibility="private")
    services.log_session(
        pair.uuid,
        user=mentor,
        occurred_on="2026-01-01",
        duration_minutes=30,
        led_by="mentor",
        notes="Secret notes",
    )
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


def test_private_text_is_not_in_the_admin(operator_client):
    for model in ("reflection", "sessionlog"):
        listing = operator_client.get(f"/admin/revmentor/{model}/").content.decode()
        assert "A very private thought" not in listing
        assert "Secret notes" not in listing
    from revmentor_plugin.models import Reflection, SessionLog

    reflection = Reflection.objects.get()
    detail = operator_client.get(f"/admin/revmentor/reflection/{reflection.pk}/change/").content.decode()
    assert "A very private thought" not in detail
    session = SessionLog.objects.get()
    detail = operator_client.get(f"/admin/revmentor/sessionlog/{session.pk}/change/").content.decode()
    assert "Secret notes" not in detail


def test_the_admin_does_not_allow_adding_or_changing(operator_client):
    assert operator_client.get("/admin/revmentor/pair/add/").status_code == 403
    from revmentor_plugin.models import Program

    program_pk = Program.objects.get().pk
    response = operator_client.post(f"/admin/revmentor/program/{program_pk}/change/", {"name": "Hijacked"})
    assert response.status_code == 403
