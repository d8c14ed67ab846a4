"""Each block publishes ``completion`` (1.0) once its own criterion is met, and only then."""

from __future__ import annotations

from django.utils import timezone

from revmentor_plugin import services
from tests import factories

DONE = [{"completion": 1.0}]


def test_pairing_completes_when_the_viewer_accepts(harness, program):
    _pair, mentor, _mentee = factories.proposed_pair(program)
    harness.render("revmentor_pairing", mentor)
    assert harness.completions() == []
    _status, body = harness.call("revmentor_pairing", "accept", {}, mentor)
    assert body["complete"] is True
    assert harness.completions("revmentor_pairing") == DONE
    harness.render("revmentor_pairing", mentor)  # published once, not on every view
    assert harness.completions("revmentor_pairing") == DONE


def test_goals_complete_when_the_viewers_side_has_a_goal(harness, program):
    _pair, _mentor, mentee = factories.active_pair(program)
    harness.call("revmentor_goals", "add_goal", {"title": "For my advisor", "owner": "mentor"}, mentee)
    assert harness.completions() == []  # a goal for the partner does not complete the mentee's block
    harness.call("revmentor_goals", "add_goal", {"title": "Mine"}, mentee)
    assert harness.completions("revmentor_goals") == DONE


def test_goals_completion_also_on_view_when_the_partner_wrote_my_goal(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    services.add_goal(pair.uuid, user=mentor, title="For the learner", owner="mentee")
    harness.render("revmentor_goals", mentee)
    assert harness.completions("revmentor_goals") == DONE


def test_session_log_completes_after_the_required_number_of_sessions(harness, program):
    _pair, mentor, _mentee = factories.active_pair(program)
    payload = {"occurred_on": timezone.localdate().isoformat(), "duration_minutes": 30, "led_by": "mentor"}
    harness.call("revmentor_session_log", "log_session", payload, mentor, sessions_required=2)
    assert harness.completions() == []
    _status, body = harness.call("revmentor_session_log", "log_session", payload, mentor, sessions_required=2)
    assert body["complete"] is True
    assert harness.completions("revmentor_session_log") == DONE


def test_reflection_completes_on_submit_for_the_author_only(harness, program):
    _pair, mentor, mentee = factories.active_pair(program)
    harness.call("revmentor_reflection", "submit", {"body": "Thoughts"}, mentor)
    assert harness.completions("revmentor_reflection") == DONE
    other = type(harness)()
    other.render("revmentor_reflection", mentee)
    assert other.completions() == []


def test_junk_input_publishes_nothing(harness, program):
    _pair, mentor, _mentee = factories.active_pair(program)
    harness.call("revmentor_reflection", "submit", {"body": ""}, mentor)
    harness.call("revmentor_goals", "add_goal", {"title": 3}, mentor)
    assert harness.events == []


def test_optional_score_is_published_with_completion(harness, program):
    _pair, mentor, _mentee = factories.active_pair(program)
    harness.call("revmentor_reflection", "submit", {"body": "Thoughts"}, mentor, publish_grade=True)
    kinds = [(kind, data) for _usage, kind, data in harness.events]
    assert ("grade", {"value": 1.0, "max_value": 1.0}) in kinds
    block = harness.block("revmentor_reflection", mentor)
    assert block.has_score is True
    assert block.max_score() == 1


def test_blocks_declare_custom_completion_and_multi_device(harness, program):
    from xblock.core import XBlock

    for block_type in (
        "revmentor_pairing",
        "revmentor_goals",
        "revmentor_session_log",
        "revmentor_reflection",
    ):
        cls = XBlock.load_class(block_type)
        assert cls.has_custom_completion is True
        assert cls.completion_mode == "completable"
        block = harness.block(block_type, None)
        assert block.has_support(block.student_view, "multi_device")
