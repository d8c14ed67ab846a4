"""How partners reach each other (issue 13, ADR 0014): the partner's full name and email, to the
two members of an active pair only, read from the platform's account on every call."""

from __future__ import annotations

import pytest
from crum import impersonate
from django.apps import apps
from django.core import serializers

from revmentor_plugin import services
from revmentor_plugin.data import PartnerContact, Role
from tests import factories


@pytest.fixture
def people(db):
    mentor = factories.profile_name(factories.enrolled("amara_dev"), "Amara Okafor")
    mentee = factories.profile_name(factories.enrolled("peter_plant"), "Peter Plant")
    return mentor, mentee


def test_each_partner_sees_the_others_profile_name_and_email_once_both_accept(program, people):
    mentor, mentee = people
    pair, _, _ = factories.proposed_pair(program, mentor, mentee)
    assert services.partner_contact(pair, user=mentee) is None  # nothing before anyone accepts
    half = services.accept_agreement(pair.uuid, user=mentor)
    assert services.partner_contact(half, user=mentor) is None  # nor before both have
    assert services.partner_contact(half, user=mentee) is None
    active = services.accept_agreement(pair.uuid, user=mentee)
    assert services.partner_contact(active, user=mentee) == PartnerContact(
        username="amara_dev", role=Role.MENTOR, name="Amara Okafor", email="amara_dev@example.com"
    )
    assert services.partner_contact(active, user=mentor) == PartnerContact(
        username="peter_plant", role=Role.MENTEE, name="Peter Plant", email="peter_plant@example.com"
    )


@pytest.mark.parametrize("name", [None, "", "   "])
def test_without_a_profile_name_the_username_stands_for_it(program, name):
    mentor, mentee = factories.enrolled("amara_dev"), factories.enrolled("peter_plant")
    if name is not None:
        factories.profile_name(mentor, name)
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    assert services.partner_contact(pair, user=mentee).name == "amara_dev"


def test_a_name_changed_on_the_platform_shows_at_once(program, people):
    mentor, mentee = people
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    factories.profile_name(mentor, "Amara O. Okafor")
    mentor.email = "amara@new.example"
    mentor.save()
    contact = services.partner_contact(pair, user=mentee)
    assert (contact.name, contact.email) == ("Amara O. Okafor", "amara@new.example")


def test_nobody_else_sees_them(program, people):
    mentor, mentee = people
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    _other, other_mentor, other_mentee = factories.active_pair(program)
    staff = factories.course_staff()
    operator = factories.make_user("op", is_staff=True, is_superuser=True)
    for viewer in (other_mentor, other_mentee, staff, operator, factories.enrolled("bystander"), None):
        assert services.partner_contact(pair, user=viewer) is None


def test_not_to_someone_acting_as_the_member(program, people):
    """Course staff viewing the course as the mentee: the request's real user is not the mentee."""
    mentor, mentee = people
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    with impersonate(factories.course_staff()):
        assert services.partner_contact(pair, user=mentee) is None
    with impersonate(mentee):
        assert services.partner_contact(pair, user=mentee).name == "Amara Okafor"


def test_not_after_the_pair_ends(program, people):
    mentor, mentee = people
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    closed = services.close_pair(pair.uuid, reason="Done", completed=True)
    assert services.partner_contact(closed, user=mentee) is None
    assert services.partner_contact(closed, user=mentor) is None


def test_retirement_ends_it_and_nothing_was_copied(program, people):
    mentor, mentee = people
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    services.retire_user(mentor)
    after = services.get_pair(pair.uuid)
    assert services.partner_contact(after, user=mentee) is None
    # revmentor never stored the name or the address: no row of its tables holds them.
    rows = [row for model in apps.get_app_config("revmentor").get_models() for row in model.objects.all()]
    dump = serializers.serialize("json", rows)
    assert "Amara Okafor" not in dump
    assert "amara_dev@example.com" not in dump


def test_an_inactive_partner_account_gives_nothing(program, people):
    mentor, mentee = people
    pair, _, _ = factories.active_pair(program, mentor, mentee)
    mentor.is_active = False
    mentor.save()
    assert services.partner_contact(pair, user=mentee) is None
