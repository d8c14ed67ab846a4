"""Every value an edge accepts, checked in one place.

Both edges decode request bodies with :func:`parse_json`: the REST API's parser
(``api/v1/base.py``) and the blocks' ``json_handler`` (``xblocks/base.py``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from revmentor_plugin.services.errors import InvalidInput

NON_FIELD = "non_field_errors"

#: How deeply a request body may nest arrays and objects. Our deepest input (a matching run's
#: ``pinned`` pairs) is three levels deep; Python's JSON decoder recurses once a level and fails
#: with RecursionError (a 500) at about a thousand.
MAX_JSON_DEPTH = 32

# A JSON string (with its escapes), then anything that is not a bracket: what is left of a
# body after removing both is its brackets, in order.
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``text`` opens more than ``limit`` arrays and objects inside one another.

    A linear scan of the brackets outside strings, done before decoding, since the decoder
    recurses before any hook of ours could run. A body that is not JSON may be misjudged either
    way; the decoder refuses it next.
    """
    depth = 0
    for bracket in _NOT_BRACKETS.sub("", _STRINGS.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(body: bytes | str) -> Any:
    """A request body decoded as strict JSON (no ``NaN`` or ``Infinity``), nested at most
    :data:`MAX_JSON_DEPTH` deep; anything else is ``InvalidInput`` on ``non_field_errors``."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput({NON_FIELD: "JSON parse error - the body is not UTF-8 text."}) from None
    if json_too_deep(body):
        raise InvalidInput(
            {NON_FIELD: f"JSON parse error - arrays and objects nested more than {MAX_JSON_DEPTH} deep."}
        )
    try:
        return json.loads(body, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput({NON_FIELD: f"JSON parse error - {exc}"}) from None
