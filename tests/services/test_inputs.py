"""``services.inputs``: the one place that decodes request bodies and checks input values."""

from __future__ import annotations

import pytest

from revmentor_plugin.services import InvalidInput, inputs


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
