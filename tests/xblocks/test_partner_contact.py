"""The pairing block names the partner and offers to write to them once both have accepted
(issue 13, ADR 0014); nobody else sees the name or the address in any block."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories
from tests.xblocks.conftest import TYPES
from tests.xblocks.test_rendering import assert_accessible_markup, state_of


@pytest.fixture
def people(db):
    mentor = factories.profile_name(factories.enrolled("amara_dev"), "Amara <Okafor>")
    mentee = factories.profile_name(factories.enrolled("peter_plant"), "Peter Plant")
    return mentor, mentee


def test_each_partner_reads_the_others_name_and_a_link_to_write_to_them(harness, program, people):
    mentor, mentee = people
    factories.active_pair(program, mentor, mentee)
    html = harness.render("revmentor_pairing", mentee)
    assert state_of(html) == "active"
    # The name is the learner's text: escaped, never markup.
    assert "Amara &lt;Okafor&gt; (amara_dev) is your Advisor; you are their Learner." in html
    assert '<span class="rm-contact-email">amara_dev@example.com</span>' in html
    assert 'href="mailto:amara_dev@example.com"' in html
    assert "Write to Amara &lt;Okafor&gt;</a>" in html
    assert_accessible_markup(html)
    other_side = harness.render("revmentor_pairing", mentor)
    assert "Peter Plant (peter_plant) is your Learner" in other_side
    assert 'href="mailto:peter_plant@example.com"' in other_side


def test_nothing_before_both_accept(harness, program, people):
    mentor, mentee = people
    pair, _, _ = factories.proposed_pair(program, mentor, mentee)
    services.accept_agreement(pair.uuid, user=mentee)
    for viewer in (mentor, mentee):
        html = harness.render("revmentor_pairing", viewer)
        assert state_of(html) == "pair_pending"
        for secret in ("Amara", "Peter Plant", "@example.com", "mailto:"):
            assert secret not in html
        assert "you will see each other's name and email here" in html


def test_an_address_cannot_add_headers_to_the_link(harness, program):
    mentor = factories.enrolled("amara_dev")
    mentor.email = "amara@example.com?bcc=someone@else.example"
    mentor.save()
    _pair, _, mentee = factories.active_pair(program, mentor)
    html = harness.render("revmentor_pairing", mentee)
    assert 'href="mailto:amara@example.com%3Fbcc%3Dsomeone@else.example"' in html


@pytest.mark.parametrize("block_type", TYPES)
def test_no_other_viewer_sees_them_in_any_block(harness, program, people, block_type):
    mentor, mentee = people
    factories.active_pair(program, mentor, mentee)
    _other, other_mentor, other_mentee = factories.active_pair(program)
    staff = factories.course_staff(instructor=True)
    for viewer in (staff, other_mentor, other_mentee, factories.enrolled()):
        html = harness.render(block_type, viewer)
        for secret in ("Amara", "Peter Plant", "amara_dev@example.com", "peter_plant@example.com"):
            assert secret not in html, viewer.username
