"""Blocks are built on the sandbox's LMS-like runtime: course-scoped usage keys and a ``user``
service with edx-platform's opt_attrs, exactly what the blocks meet in the LMS."""

from __future__ import annotations

import json
from typing import Any

import pytest
import webob
from sandbox_lms import courseware
from xblock.runtime import DictKeyValueStore

from tests import factories

TYPES = ("revmentor_pairing", "revmentor_goals", "revmentor_session_log", "revmentor_reflection")


class Harness:
    """Builds a block for a viewer and calls its handlers; keeps the user-state store and events."""

    def __init__(self):
        self.kvs = DictKeyValueStore()
        self.events: list[tuple[str, str, dict]] = []

    def runtime(self, user=None, course=factories.COURSE) -> courseware.SandboxRuntime:
        runtime = courseware.SandboxRuntime(user=user, course_key=course, kvs=self.kvs)
        runtime.events = self.events
        return runtime

    def block(self, block_type: str, user=None, course=factories.COURSE, **fields: Any):
        runtime = self.runtime(user, course)
        block = runtime.load_block(courseware.BlockDef(block_type, block_type.split("_", 1)[1], fields))
        return block

    def render(self, block_type: str, user=None, view: str = "student_view", **fields: Any) -> str:
        """The block's HTML as the platform gets it: through ``XBlock.render``, called by a unit
        (student and author views) or by Studio (studio_view)."""
        block = self.block(block_type, user, **fields)
        (fragment,) = courseware.render_as_host(block.runtime, [block], view)
        return fragment.content

    def call(self, block_type: str, handler: str, payload: Any, user=None, **options: Any):
        """The handler's status and decoded JSON body (``options`` as ``respond``'s)."""
        response = self.respond(block_type, handler, payload, user, **options)
        data = json.loads(response.body) if response.body else None
        return response.status_code, data

    def respond(
        self,
        block_type: str,
        handler: str,
        payload: Any,
        user=None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        **fields,
    ) -> webob.Response:
        """The handler's whole webob response (status, headers, body bytes)."""
        block = self.block(block_type, user, **fields)
        body = raw if raw is not None else json.dumps(payload).encode()
        request = webob.Request.blank("/", method="POST", body=body, headers=headers or {})
        return block.runtime.handle(block, handler, request)

    def completions(self, block_type: str | None = None) -> list[dict]:
        return [
            data
            for usage, kind, data in self.events
            if kind == "completion" and (block_type is None or f"type@{block_type}+" in usage)
        ]


@pytest.fixture
def harness(db):
    return Harness()


@pytest.fixture(autouse=True)
def _fresh_sandbox_user_state():
    """The sandbox keeps user state in memory; database ids are reused between tests."""
    courseware.STORE.db_dict.clear()
    yield
    courseware.STORE.db_dict.clear()
