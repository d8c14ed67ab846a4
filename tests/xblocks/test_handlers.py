"""What every block's JSON handlers share: a body must be a JSON object, an unknown handler is a
JSON 404, the pair a mentor with several pairs chooses holds in every block, and the Studio editor
needs no i18n service. Each block's own handlers are tested in ``test_<block>_handlers.py``."""

from __future__ import annotations

import pytest

from revmentor_plugin import services
from tests import factories
from tests.xblocks.conftest import TYPES

JUNK_BODIES = [[], "text", 42, None, [{"title": "x"}]]


@pytest.mark.parametrize("junk", JUNK_BODIES)
def test_handlers_refuse_bodies_that_are_not_objects(harness, program, junk):
    user = factories.enrolled()
    status, body = harness.call("revmentor_pairing", "join", junk, user)
    assert status == 400
    assert "JSON object" in body["error"]["message"]
    assert services.participant_for_user(program.uuid, user) is None


def test_invalid_json_and_get_are_refused(harness, program):
    user = factories.enrolled()
    status, _body = harness.call("revmentor_pairing", "join", None, user, raw=b"{not json")
    assert status == 400
    status, _ = harness.call("revmentor_pairing", "join", None, user, raw=b"\xff\xfe")
    assert status == 400


def test_a_mentor_with_two_pairs_chooses_which_one_the_blocks_show(harness, program):
    mentor = factories.enrolled()
    factories.join(program, mentor, "mentor", capacity=2)
    first, _, first_mentee = factories.active_pair(program, mentor=mentor)
    second, _, second_mentee = factories.proposed_pair(program, mentor=mentor)
    html = harness.render("revmentor_goals", mentor)
    assert 'data-state="pair_pending"' in html  # the newest pair (still proposed) by default
    status, _body = harness.call("revmentor_pairing", "select_pair", {"pair": str(first.uuid)}, mentor)
    assert status == 200  # chosen in the pairing block, it holds in the goals block too
    html = harness.render("revmentor_goals", mentor)
    assert 'data-state="active"' in html
    assert first_mentee.username in html
    assert 'data-rm-form="select_pair"' in html
    assert second_mentee.username in html
    status, _body = harness.call("revmentor_goals", "add_goal", {"title": "For the first pair"}, mentor)
    assert status == 200
    assert [g.title for g in services.goals_of_pair(first.uuid)] == ["For the first pair"]
    assert services.goals_of_pair(second.uuid) == []


@pytest.mark.parametrize("pair", ["00000000-0000-4000-8000-000000000000", "junk", None, ["x"]])
def test_selecting_a_pair_that_is_not_yours_is_404(harness, program, pair):
    other, _, _ = factories.active_pair(program)
    _mine, mentor, _mentee = factories.active_pair(program)
    wanted = str(other.uuid) if pair is None else pair
    status, _body = harness.call("revmentor_goals", "select_pair", {"pair": wanted}, mentor)
    assert status == 404


@pytest.mark.parametrize("block_type", TYPES)
def test_an_unknown_handler_is_a_json_404(harness, program, block_type):
    status, body = harness.call(block_type, "no_such_handler", {}, factories.enrolled())
    assert status == 404
    assert body["error"]["message"] == "This block has no such action."


@pytest.mark.parametrize("block_type", TYPES)
def test_the_studio_editor_needs_no_i18n_service(block_type):
    """``i18n`` is only wanted: a runtime without it (here the SDK's ToyRuntime) still gets the
    editor, labelled from Django's catalog."""
    from xblock.core import XBlock
    from xblock.fields import ScopeIds
    from xblock.test.toy_runtime import ToyRuntime

    runtime = ToyRuntime()
    runtime._services["i18n"] = None  # a runtime that does not offer the service
    block = XBlock.load_class(block_type)(runtime, scope_ids=ScopeIds("s", block_type, "d", "u"))
    assert runtime.service(block, "i18n") is None
    assert 'name="display_name"' in block.render("studio_view").content
