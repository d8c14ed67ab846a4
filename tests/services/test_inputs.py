"""``services.inputs``: the one place that decodes request bodies and checks input values."""

from __future__ import annotations

import pytest
from django.utils import timezone

from revmentor_plugin import services
from revmentor_plugin.services import InvalidInput, inputs
from tests import factories


@pytest.mark.parametrize(
    "body",
    [
        '{"notes": "' + "[" * 5_000 + '"}',  # brackets inside a string are text
        '{"notes": "a \\" [[[[ quoted \\\\"}',
        "[" * inputs.MAX_JSON_DEPTH + "]" * inputs.MAX_JSON_DEPTH,
    ],
)
def test_deep_looking_but_shallow_json_is_accepted(body):
    inputs.parse_json(body)


@pytest.mark.parametrize(
    "body",
    [
        "[" * (inputs.MAX_JSON_DEPTH + 1) + "]" * (inputs.MAX_JSON_DEPTH + 1),
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
        "[" * 100_000,
        b"\xff\xfe",
        "",
        '{"trust": NaN}',
        '{"trust": Infinity}',
        "1" * 5_000,  # more digits than Python converts
    ],
)
def test_junk_bodies_are_invalid_input_on_non_field_errors(body):
    with pytest.raises(InvalidInput) as caught:
        inputs.parse_json(body)
    assert list(caught.value.errors) == ["non_field_errors"]
    assert caught.value.message.startswith("JSON parse error")


# ---------------------------------------------------------------------------------------------
# One value


@pytest.mark.parametrize("value", [1.5, 1.0, True, False, "1", None, [], {}, 10**20, -1])
def test_a_whole_number_is_an_int_in_range(value):
    with pytest.raises(InvalidInput) as caught:
        inputs.clean_int("progress", value, low=0, high=100)
    assert list(caught.value.errors) == ["progress"]


@pytest.mark.parametrize("value", [5, 5.0, True, ["x"], {"x": 1}])
def test_text_is_a_str(value):
    with pytest.raises(InvalidInput, match="Must be text"):
        inputs.clean_text("title", value)


@pytest.mark.parametrize(
    "value", ["20260501", "2026-W18-5", "2026-5-1", "2026-05-01T00:00", 20260501, "\uff12026-05-01"]
)
def test_dates_are_year_month_day(value):
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        inputs.clean_date("target_date", value)
    assert inputs.clean_date("target_date", "2026-05-01").isoformat() == "2026-05-01"


@pytest.mark.parametrize("value", [1.5, 1.0, True, "1", [1], None, 0, -1, 2**63, 10**20])
def test_an_object_id_that_is_not_exactly_an_id_names_nothing(value):
    with pytest.raises(services.NotFound):
        inputs.object_id(value, "goal")
    assert inputs.object_id(2**63 - 1, "goal") == 2**63 - 1


def test_a_body_answers_every_wrong_field_at_once():
    with pytest.raises(InvalidInput) as caught:
        inputs.SESSION.clean({"duration_minutes": "30", "led_by": 1, "mood": "good"})
    assert caught.value.errors == {
        "mood": ["Unknown field."],
        "occurred_on": ["This field is required."],
        "duration_minutes": ["Must be a whole number."],
        "led_by": ["Must be one of: mentor, mentee."],
    }


def test_a_partial_change_takes_no_defaults_and_needs_nothing():
    assert inputs.GOAL.clean({"progress": 40}, partial=True) == {"progress": 40}
    assert (
        inputs.SESSION.clean({"occurred_on": "2026-05-01", "duration_minutes": 30, "led_by": "mentor"})[
            "mode"
        ]
        == "video"
    )
    assert inputs.CLOSE.clean({"reason": "Done"}) == {"reason": "Done", "completed": False}


# ---------------------------------------------------------------------------------------------
# The services call them: no value reaches the database unchecked.


@pytest.mark.django_db
def test_the_services_refuse_ids_that_are_not_exactly_ids():
    pair, mentor, mentee = factories.active_pair(factories.program())
    goal = services.add_goal(pair.uuid, user=mentee, title="Keep me")
    for wrong in (goal.id + 0.4, float(goal.id), str(goal.id), 10**20):
        with pytest.raises(services.NotFound):
            services.update_goal(pair.uuid, wrong, user=mentee, progress=90)
    assert services.get_goal(pair.uuid, goal.id).progress == 0
    today = timezone.localdate()
    for goals in ([10**20], [1.5], [True], [str(goal.id)]):
        with pytest.raises(InvalidInput) as caught:
            services.log_session(
                pair.uuid, user=mentor, occurred_on=today, duration_minutes=30, led_by="mentor", goals=goals
            )
        assert list(caught.value.errors) == ["goals"]
    with pytest.raises(InvalidInput) as caught:
        services.write_reflection(pair.uuid, user=mentee, body="b", session=10**20)
    assert list(caught.value.errors) == ["session"]
    assert services.sessions_of_pair(pair.uuid) == []
    assert services.reflection_count(pair.uuid, user=mentee) == 0
