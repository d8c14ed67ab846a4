"""Studio: editable settings with validation, the preview, and mobile data without user data."""

from __future__ import annotations

import pytest
from xblock.core import XBlock

from tests import factories
from tests.xblocks.conftest import TYPES

EDITABLE = {
    "revmentor_pairing": {"display_name", "program_id", "publish_grade"},
    "revmentor_goals": {"display_name", "program_id", "publish_grade"},
    "revmentor_session_log": {"display_name", "program_id", "publish_grade", "sessions_required"},
    "revmentor_reflection": {"display_name", "program_id", "publish_grade", "mentor_prompt", "mentee_prompt"},
}


@pytest.mark.parametrize("block_type", TYPES)
def test_entry_points_and_editable_fields(block_type):
    cls = XBlock.load_class(block_type)
    assert set(cls.editable_fields) == EDITABLE[block_type]


@pytest.mark.parametrize("block_type", TYPES)
def test_studio_view_renders_an_editor(harness, program, block_type):
    block = harness.block(block_type, factories.course_staff())
    html = block.render("studio_view").content
    for name in EDITABLE[block_type]:
        assert f'data-field-name="{name}"' in html


def test_valid_settings_are_saved(harness, program):
    block = harness.block("revmentor_session_log", None)
    status, body = harness.call(
        "revmentor_session_log",
        "submit_studio_edits",
        {
            "values": {"display_name": " Sessions ", "sessions_required": 3, "program_id": str(program.uuid)},
            "defaults": [],
        },
    )
    assert status == 200
    assert body == {"result": "success"}
    block = harness.block("revmentor_session_log", None)
    assert (block.display_name, block.sessions_required, block.program_id) == (
        "Sessions",
        3,
        str(program.uuid),
    )


@pytest.mark.parametrize(
    ("block_type", "values", "message"),
    [
        ("revmentor_session_log", {"sessions_required": 0}, "Sessions required"),
        ("revmentor_session_log", {"sessions_required": 53}, "Sessions required"),
        ("revmentor_session_log", {"sessions_required": "many"}, ""),
        ("revmentor_goals", {"program_id": "not-a-uuid"}, "Program must be"),
        ("revmentor_goals", {"display_name": "  "}, "display name"),
        ("revmentor_reflection", {"mentor_prompt": ""}, "prompt for mentors"),
        ("revmentor_reflection", {"mentee_prompt": "x" * 1001}, "at most 1000"),
    ],
)
def test_invalid_settings_are_refused_and_not_saved(harness, db, block_type, values, message):
    before = harness.block(block_type, None)
    snapshot = {name: getattr(before, name) for name in EDITABLE[block_type]}
    status, body = harness.call(block_type, "submit_studio_edits", {"values": values, "defaults": []})
    assert status == 400
    assert message in str(body["error"])
    after = harness.block(block_type, None)
    assert {name: getattr(after, name) for name in EDITABLE[block_type]} == snapshot


@pytest.mark.parametrize("junk", [[], "x", {"values": []}, {"values": {}, "defaults": "all"}, {}])
def test_studio_save_refuses_malformed_bodies(harness, db, junk):
    status, _body = harness.call("revmentor_goals", "submit_studio_edits", junk)
    assert status == 400


@pytest.mark.parametrize("block_type", TYPES)
def test_student_view_data_has_no_per_user_data(harness, program, block_type):
    pair, mentor, mentee = factories.active_pair(program)
    data = harness.block(block_type, mentor).student_view_data()
    assert data["block_type"] == block_type
    assert "display_name" in data
    text = str(data)
    assert mentor.username not in text
    assert mentee.username not in text
    assert str(pair.uuid) not in text
