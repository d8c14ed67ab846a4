"""The pairing block's "Why you were matched", worded for the reader in their language (issue 12)."""

from __future__ import annotations

import pytest
from django.utils import translation

from revmentor_plugin import services
from tests import factories


@pytest.fixture
def matched(program):
    mentor, mentee = factories.enrolled("amara"), factories.enrolled("sam")
    factories.join(program, mentor, "mentor", skills_offered=["python"])
    factories.join(program, mentee, "mentee", skills_sought=["python"])
    run = services.start_matching_run(program.uuid)
    services.publish_matching_run(program.uuid, run.id)
    return mentor, mentee


def test_each_partner_reads_the_reasons_addressed_to_them(harness, matched):
    mentor, mentee = matched
    assert "You want to learn Python; amara offers it" in harness.render("revmentor_pairing", mentee)
    assert "sam wants to learn Python; you offer it" in harness.render("revmentor_pairing", mentor)


def test_the_reasons_are_in_the_readers_language(harness, matched):
    _mentor, mentee = matched
    with translation.override("eo"):
        html = harness.render("revmentor_pairing", mentee)
    assert "Whý ýöü wéré mätçhéd" in html
    assert "Ýöü wänt tö léärn Python; amara öfférs ït" in html
    assert "You want to learn" not in html
