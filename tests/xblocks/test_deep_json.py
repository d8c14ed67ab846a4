"""JSON nested thousands of levels deep (issue 10, item 8): every handler of every block answers
400 in the blocks' error shape, never a 500 from Python's recursion limit, and writes nothing."""

from __future__ import annotations

import pytest
from django.apps import apps
from xblock.core import XBlock

from tests import factories
from tests.xblocks.conftest import TYPES

DEPTH = 5_000
BODIES = {
    "arrays": b"[" * DEPTH + b"]" * DEPTH,
    "objects": b'{"a": ' * DEPTH + b"1" + b"}" * DEPTH,
    "inside-a-field": b'{"values": ' + b"[" * DEPTH + b"]" * DEPTH + b', "defaults": []}',
}


#: Handlers that read no body: GET downloads (they answer 405 to a POST).
NO_BODY = {"plan_invitation"}


def handlers(block_type: str) -> list[str]:
    """Every handler the block answers by name that reads a JSON body (``fallback_handler``
    answers the unknown ones)."""
    cls = XBlock.load_class(block_type)
    return sorted(
        name
        for name in dir(cls)
        if getattr(getattr(cls, name, None), "_is_xblock_handler", False)
        and name not in {"fallback_handler", *NO_BODY}
    )


HANDLERS = [(block_type, handler) for block_type in TYPES for handler in handlers(block_type)]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("revmentor").get_models()}


def test_every_handler_is_covered():
    names = {handler for _block_type, handler in HANDLERS}
    assert {"join", "add_goal", "update_goal", "log_session", "submit", "submit_studio_edits"} <= names


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize(("block_type", "handler"), HANDLERS, ids=[f"{t}.{h}" for t, h in HANDLERS])
def test_deeply_nested_json_is_a_400(harness, program, block_type, handler, body):
    _pair, _mentor, mentee = factories.active_pair(program)
    for user in (mentee, factories.course_staff()):
        before = counts()
        status, answer = harness.call(block_type, handler, None, user, raw=BODIES[body])
        assert status == 400, answer
        assert {"message", "fields"} <= set(answer["error"])
        assert answer["error"]["message"]
        assert counts() == before
