"""The reflection block's JSON handler (submit, a reflection with its pulse check): good input
changes data through the services; junk input answers 4xx JSON and writes nothing."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories

PULSE = factories.pulse_answers(5, 4, 3, 4, 2)


def test_submit_a_reflection_with_a_pulse(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call(
        "revmentor_reflection",
        "submit",
        {"body": "I learned a lot", "visibility": "pair", "pulse": PULSE},
        mentee,
        mentee_prompt="What did you learn?",
    )
    assert status == 200
    assert body["visibility"] == "pair"
    assert body["pulse"] is True
    [reflection] = services.reflections_of_pair(pair.uuid, viewer_id=mentee.pk, others_visible=())
    assert reflection.prompt == "What did you learn?"
    [recorded] = services.pulses_of_author(pair.uuid, user=mentee)
    assert recorded.trust == 5


def test_submit_without_pulse(harness, program):
    pair, mentor, _mentee = factories.active_pair(program)
    status, body = harness.call("revmentor_reflection", "submit", {"body": "Fine"}, mentor)
    assert status == 200
    assert body["visibility"] == "private"
    assert body["pulse"] is False
    assert services.pulses_of_author(pair.uuid, user=mentor) == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"body": ""},
        {"body": 12},
        {"body": "ok", "visibility": "everyone"},
        {"body": "ok", "pulse": [5, 5, 5, 5, 5]},
        {"body": "ok", "pulse": "great"},
        {"body": "ok", "pulse": {"trust": 5}},
        {"body": "ok", "pulse": {**PULSE, "trust": 6}},
        {"body": "ok", "pulse": {**PULSE, "trust": "5"}},
        {"body": "ok", "pulse": {"user": 1, "trust": 5}},
        {"body": "ok", "pulse": {"mood": 3, **PULSE}},
    ],
)
def test_submit_refuses_junk_and_writes_nothing(harness, program, payload):
    """A bad pulse also rolls the reflection back: both or neither."""
    pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call("revmentor_reflection", "submit", payload, mentee)
    assert status == 400, body
    assert services.reflection_count(pair.uuid, user=mentee) == 0
    assert services.pulses_of_author(pair.uuid, user=mentee) == []


def test_the_learner_comfort_item_is_asked_of_mentees_only_in_the_programs_words(harness, program):
    _pair, mentor, mentee = factories.active_pair(program)
    mentee_html = harness.render("revmentor_reflection", mentee)
    mentor_html = harness.render("revmentor_reflection", mentor)
    assert 'data-rm-pulse-optional="learner_comfort"' in mentee_html
    assert "learning from my Advisor, a more junior colleague" in mentee_html
    assert "data-rm-pulse-optional" not in mentor_html
    assert "more junior colleague" not in mentor_html


def test_a_mentee_submits_learner_comfort_with_the_pulse(harness, program):
    pair, _mentor, mentee = factories.active_pair(program)
    status, _body = harness.call(
        "revmentor_reflection",
        "submit",
        {"body": "Humbling", "pulse": {**PULSE, "learner_comfort": 2}},
        mentee,
    )
    assert status == 200
    [recorded] = services.pulses_of_author(pair.uuid, user=mentee)
    assert recorded.learner_comfort == 2


def test_a_mentor_sending_learner_comfort_is_refused_naming_it_and_nothing_is_written(harness, program):
    pair, mentor, _mentee = factories.active_pair(program)
    status, body = harness.call(
        "revmentor_reflection",
        "submit",
        {"body": "Led well", "pulse": {**PULSE, "learner_comfort": 4}},
        mentor,
    )
    assert status == 400
    assert "learner_comfort" in str(body)
    assert services.pulses_of_author(pair.uuid, user=mentor) == []
    assert services.reflections_of_pair(pair.uuid, viewer_id=mentor.pk, others_visible=()) == []
