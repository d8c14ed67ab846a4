"""Studio: editable settings with validation, the preview, and mobile data without user data.

Only the course's staff change a block's settings (``submit_studio_edits``), in every runtime: the
LMS routes any handler name of a block to any enrolled learner (docs/host-contract.rst).
"""

from __future__ import annotations

import html
import json

import pytest
from crum import impersonate
from django.utils import translation
from xblock.core import XBlock

from tests import factories
from tests.xblocks.conftest import TYPES

AUTHORS = ("course_staff", "instructor", "org_staff", "operator")
NOT_AUTHORS = ("anonymous", "learner", "participant", "other_course_staff", "not_enrolled")


def person(who: str, program=None):
    """A viewer of the block in course ``factories.COURSE``."""
    if who == "participant":
        _pair, mentor, _mentee = factories.active_pair(program)
        return mentor
    return {
        "anonymous": lambda: None,
        "learner": factories.enrolled,
        "not_enrolled": factories.make_user,
        "other_course_staff": lambda: factories.course_staff(course=factories.OTHER_COURSE),
        "course_staff": factories.course_staff,
        "instructor": lambda: factories.course_staff(instructor=True),
        "org_staff": factories.org_staff,
        "operator": factories.operator,
    }[who]()


def settings_of(harness, block_type: str) -> dict:
    block = harness.block(block_type, None)
    return {name: getattr(block, name) for name in EDITABLE[block_type]}


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


@pytest.mark.parametrize("who", AUTHORS)
def test_valid_settings_are_saved(harness, program, who):
    status, body = harness.call(
        "revmentor_session_log",
        "submit_studio_edits",
        {
            "values": {"display_name": " Sessions ", "sessions_required": 3, "program_id": str(program.uuid)},
            "defaults": [],
        },
        person(who),
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
    snapshot = settings_of(harness, block_type)
    status, body = harness.call(
        block_type, "submit_studio_edits", {"values": values, "defaults": []}, factories.course_staff()
    )
    assert status == 400
    assert message in str(body["error"])
    assert settings_of(harness, block_type) == snapshot


@pytest.mark.parametrize(
    ("block_type", "values", "field"),
    [
        ("revmentor_session_log", {"sessions_required": 1.5}, "sessions_required"),
        ("revmentor_session_log", {"sessions_required": 3.0}, "sessions_required"),
        ("revmentor_session_log", {"sessions_required": True}, "sessions_required"),
        ("revmentor_session_log", {"sessions_required": "3"}, "sessions_required"),
        ("revmentor_session_log", {"sessions_required": 10**20}, "sessions_required"),
        ("revmentor_goals", {"publish_grade": "yes"}, "publish_grade"),
        ("revmentor_goals", {"publish_grade": 1}, "publish_grade"),
        ("revmentor_goals", {"display_name": 5}, "display_name"),
        ("revmentor_goals", {"display_name": ["Goals"]}, "display_name"),
        ("revmentor_goals", {"program_id": 12}, "program_id"),
        ("revmentor_reflection", {"mentor_prompt": 5}, "mentor_prompt"),
        ("revmentor_reflection", {"mentee_prompt": {"text": "x"}}, "mentee_prompt"),
    ],
)
def test_settings_of_the_wrong_type_are_refused_and_not_saved(harness, db, block_type, values, field):
    """The same type rules as every other input (``services.inputs``): no ``int(1.5)``, no
    ``bool("yes")``, no number where text is due."""
    snapshot = settings_of(harness, block_type)
    status, body = harness.call(
        block_type, "submit_studio_edits", {"values": values, "defaults": []}, factories.course_staff()
    )
    assert status == 400, body
    assert list(body["error"]["fields"]) == [field]
    assert body["error"]["messages"][0]["text"]
    assert settings_of(harness, block_type) == snapshot


@pytest.mark.parametrize("junk", [[], "x", {"values": []}, {"values": {}, "defaults": "all"}, {}])
def test_studio_save_refuses_malformed_bodies(harness, db, junk):
    status, _body = harness.call("revmentor_goals", "submit_studio_edits", junk, factories.course_staff())
    assert status == 400


RENAME = {
    "revmentor_pairing": {"display_name": "Renamed by a learner"},
    "revmentor_goals": {"display_name": "Renamed by a learner", "publish_grade": True},
    "revmentor_session_log": {"display_name": "Renamed by a learner", "sessions_required": 52},
    "revmentor_reflection": {"display_name": "Renamed by a learner", "mentee_prompt": "Tell us a secret."},
}


@pytest.mark.parametrize("who", NOT_AUTHORS)
@pytest.mark.parametrize("block_type", TYPES)
def test_only_course_staff_change_a_blocks_settings(harness, program, block_type, who):
    """Issue 10, item 13: a learner's Save was accepted (display name and prompt changed)."""
    snapshot = settings_of(harness, block_type)
    for defaults in ([], ["display_name"]):
        status, body = harness.call(
            block_type,
            "submit_studio_edits",
            {"values": RENAME[block_type], "defaults": defaults},
            person(who, program),
        )
        assert status == 403, body
        assert body["error"]["message"] in (
            "Sign in to take part.",
            "Only the course's staff change this block's settings.",
        )
        assert body["error"]["messages"] == [{"type": "error", "text": body["error"]["message"]}]
    assert settings_of(harness, block_type) == snapshot


def test_course_staff_viewing_as_a_learner_change_no_settings(harness, program):
    _pair, mentor, _mentee = factories.active_pair(program)
    staff = factories.course_staff()
    staff.real_user = staff
    with impersonate(staff):  # the handler runs for the learner; the request is the staff member's
        status, _body = harness.call(
            "revmentor_reflection",
            "submit_studio_edits",
            {"values": RENAME["revmentor_reflection"], "defaults": []},
            mentor,
        )
    assert status == 403
    assert settings_of(harness, "revmentor_reflection")["display_name"] == "Reflection"


def test_the_settings_check_runs_before_the_types_are_looked_at(harness, program):
    status, _body = harness.call(
        "revmentor_goals", "submit_studio_edits", {"values": []}, factories.enrolled()
    )
    assert status == 403


def test_a_learner_cannot_rename_the_sandbox_unit_over_http(client, program):
    """Through the sandbox's handler endpoint (the LMS's ``handle_xblock_callback``)."""
    unit = f"/courses/{factories.COURSE}/unit/mentoring/"
    usage = "block-v1:TestX+RM1+2026+type@revmentor_reflection+block@reflection"
    url = f"/courses/{factories.COURSE}/xblock/{usage}/handler/submit_studio_edits/"
    body = json.dumps({"values": {"mentee_prompt": "Tell us your password."}, "defaults": []})
    _pair, _mentor, mentee = factories.active_pair(program)
    client.force_login(mentee)
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert "Tell us your password." not in client.get(unit).content.decode()
    client.force_login(factories.course_staff())
    assert client.post(url, body, content_type="application/json").status_code == 200
    client.force_login(mentee)
    assert "Tell us your password." in client.get(unit).content.decode()


@pytest.mark.parametrize(
    "handler", ["fallback_handler", "clean_studio_edits", "validate_field_data", "studio_view", "save"]
)
def test_other_names_reach_no_authoring(harness, program, handler):
    """Names of the Studio mixin that are not handlers answer the fallback's 404 and change nothing."""
    snapshot = settings_of(harness, "revmentor_goals")
    status, _body = harness.call(
        "revmentor_goals", handler, {"values": {"display_name": "X"}, "defaults": []}, factories.enrolled()
    )
    assert status == 404
    assert settings_of(harness, "revmentor_goals") == snapshot


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


@pytest.mark.parametrize("block_type", TYPES)
def test_the_editor_and_the_preview_read_in_the_viewers_language(harness, program, block_type):
    """In the pseudo-locale "eo", each setting's label and help in the Studio editor, and the
    preview's heading and settings, are the catalog's translations, not the English."""
    block = harness.block(block_type, factories.course_staff())
    with translation.override("eo"):
        editor = html.unescape(block.render("studio_view").content)
        preview = html.unescape(block.render("author_view").content)
    cls = XBlock.load_class(block_type)
    for name in EDITABLE[block_type]:
        field = cls.fields[name]
        for text in (field.display_name, field.help):
            assert text not in editor, text
            with translation.override("eo"):
                assert translation.gettext(text) in editor, text
    with translation.override("eo"):
        heading = translation.gettext(cls.fields["display_name"].default)
    assert heading != cls.fields["display_name"].default
    assert heading in preview
    if block_type == "revmentor_reflection":
        for name in ("mentor_prompt", "mentee_prompt"):
            default = cls.fields[name].default
            assert default not in preview
            with translation.override("eo"):
                assert translation.gettext(default) in preview
