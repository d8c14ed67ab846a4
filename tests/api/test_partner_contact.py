"""``GET pairs/{uuid}/partner/`` (issue 13, ADR 0014): the partner's name and email, to the two
members of an active pair only. The permission matrix covers every role on an active pair; here,
the pair's life around it."""

from __future__ import annotations

from django.urls import reverse

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import client_for


def partner_url(pair) -> str:
    return reverse("revmentor:v1:pair-partner", kwargs={"pair_uuid": str(pair.uuid)})


def test_from_both_acceptances_to_the_end_of_the_pair(program):
    mentor = factories.profile_name(factories.enrolled("amara_dev"), "Amara Okafor")
    mentee = factories.enrolled("peter_plant")
    pair, _, _ = factories.proposed_pair(program, mentor, mentee)
    services.accept_agreement(pair.uuid, user=mentee)
    # Before both accept: the members see the pair, not each other's details.
    assert client_for(mentee).get(partner_url(pair)).status_code == 404
    assert client_for(mentor).get(partner_url(pair)).status_code == 404
    services.accept_agreement(pair.uuid, user=mentor)
    response = client_for(mentee).get(partner_url(pair))
    assert response.status_code == 200
    assert response.json() == {
        "username": "amara_dev",
        "role": "mentor",
        "name": "Amara Okafor",
        "email": "amara_dev@example.com",
    }
    assert client_for(mentor).get(partner_url(pair)).json()["name"] == "peter_plant"  # no profile name
    services.close_pair(pair.uuid, reason="We are done", completed=True)
    assert client_for(mentee).get(partner_url(pair)).status_code == 404


def test_described_in_the_schema(db):
    schema = client_for().get("/api/revmentor/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/revmentor/v1/pairs/{pair_uuid}/partner/"]["get"]
    assert operation["operationId"] == "pairs_partner_retrieve"
    component = schema["components"]["schemas"]["PartnerContact"]
    assert set(component["properties"]) == {"username", "role", "name", "email"}
