"""Every value an edge accepts, checked in one place: types, ranges, lengths, choices, dates.

The services validate their input here, and both edges come through this module (ADR 0009):

* the REST API's input serializers (``api/v1/serializers.py``) are built from the :class:`Spec`
  of the service they call and delegate their validation to it, so the OpenAPI schema and the
  400s come from the same definitions;
* the XBlock handlers pass their payloads to the services, which check them with the same specs
  (or, for a nested object such as the reflection block's pulse, call the spec themselves).

So ``{"title": 5}`` or ``{"progress": 1.5}`` answers the same 400 naming the field on both edges.
What needs the database (a skill of the program's catalog, a username, a goal of this pair) is
checked by the service that reads it.

The rules, whatever the edge:

* text is a ``str``, never a number; it is stripped; a length limit always applies;
* whole numbers are ``int``: never ``bool``, never ``float`` (``1.5`` and ``1.0`` alike), always
  within the field's range; ids are from 1 to the database's largest id (``MAX_ID``);
* dates are ISO ``YYYY-MM-DD`` strings (or ``date`` objects, from Python callers);
* choices are one of their strings; lists and objects have bounded sizes and typed items;
* a request body is strict JSON (no ``NaN``) nested at most :data:`MAX_JSON_DEPTH` deep
  (:func:`parse_json`, used by the REST parser and by the blocks' ``json_handler``).

An id in a path or a handler's ``id`` names the thing to act on: anything but exactly one of its
ids is a 404 (:func:`object_id`), never an ``int()`` of whatever was sent.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any, TypeAlias, TypeVar

from django.conf import settings
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from revmentor_plugin.data import (
    CADENCE_DAYS,
    CAPACITY,
    CONFIDENCE_RATING,
    DEFAULT_CAPACITY,
    DEPARTMENT_LENGTH,
    LEADERSHIP_ITEMS,
    LEADERSHIP_KEY_LENGTH,
    LEADERSHIP_LABEL_LENGTH,
    LEARNER_COMFORT,
    MEASURE_LENGTH,
    MINIMUM_SCORE_KEY,
    OUTCOME_DECIMALS,
    OUTCOME_VALUE_LIMIT,
    PROGRESS,
    PROMPT_LENGTH,
    PULSE_RATING,
    REASON_LENGTH,
    ROLE_LABEL_LENGTH,
    SEARCH_LENGTH,
    SENIORITY,
    SESSION_MINUTES,
    SKILL_NAME_LENGTH,
    SKILL_SLUG_LENGTH,
    TITLE_LENGTH,
    USERNAME_LENGTH,
    GoalStatus,
    ProgramStatus,
    PulseDimension,
    Role,
    SessionMode,
    Visibility,
)
from revmentor_plugin.models import PLAN_LOCATION_LENGTH, leadership_item_key
from revmentor_plugin.services.errors import InvalidInput, NotFound

#: A value as an edge received it (decoded JSON, a form or handler field), before this module
#: checked it. It is truly arbitrary, so it is ``Any``: the services take raw values under this
#: name and hand them to the checks here, which return the typed, clean value.
Raw: TypeAlias = Any

T = TypeVar("T")

NON_FIELD = "non_field_errors"
REQUIRED = "This field is required."

#: The largest id the database holds: every model's key is a ``BigAutoField`` (signed 64 bits on
#: SQLite, MySQL/MariaDB and PostgreSQL). A bigger number never reaches a query.
MAX_ID = 2**63 - 1
#: The largest CSV file ``import_participants`` reads.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
ROLES = Role.values()


def max_text() -> int:
    """The length limit of long free text (notes, reflections, details)."""
    return int(getattr(settings, "REVMENTOR_MAX_TEXT_LENGTH", 10000))


# ---------------------------------------------------------------------------------------------
# Request bodies

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


# ---------------------------------------------------------------------------------------------
# One value. Each check returns the clean value or raises InvalidInput naming the field.


def is_whole_number(value: Raw) -> bool:
    """An ``int`` that is not a ``bool`` (JSON ``1.0`` decodes to a float, and is refused)."""
    return isinstance(value, int) and not isinstance(value, bool)


#: Line breaks and tabs are text in a multi-line field; every other control character is not.
MULTI_LINE_ALLOWED = frozenset("\n\r\t")
LINE_SEPARATORS = frozenset("\u2028\u2029\x85")


def control_characters(value: str, *, single_line: bool) -> bool:
    """Whether ``value`` holds a control character (Unicode category Cc), or for a single-line
    field also a line or paragraph separator. A name with a line break in it ends up in an
    email header (``BadHeaderError``) or breaks a CSV row or a log line."""
    allowed = frozenset() if single_line else MULTI_LINE_ALLOWED
    return any(
        (unicodedata.category(ch) == "Cc" and ch not in allowed) or (single_line and ch in LINE_SEPARATORS)
        for ch in value
    )


def clean_text(
    field: str,
    value: Raw,
    *,
    required: bool = False,
    max_length: int | None = None,
    strip: bool = True,
    single_line: bool = False,
) -> str:
    """Text: a ``str`` (``None`` is blank), stripped, at most ``max_length`` (default: the long
    text limit) characters, without control characters; ``single_line`` text (names, labels,
    titles) has no line breaks either; ``required`` text may not be blank."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput({field: "Must be text."})
    if strip:
        value = value.strip()
    if control_characters(value, single_line=single_line):
        raise InvalidInput(
            {field: "Must be one line of text." if single_line else "Must not contain control characters."}
        )
    if required and not value.strip():
        raise InvalidInput({field: REQUIRED})
    limit = max_length or max_text()
    if len(value) > limit:
        raise InvalidInput({field: f"At most {limit} characters."})
    return value


def clean_int(field: str, value: Raw, *, low: int, high: int, allow_none: bool = False) -> int | None:
    if value is None:
        if allow_none:
            return None
        raise InvalidInput({field: REQUIRED})
    if not is_whole_number(value):
        raise InvalidInput({field: "Must be a whole number."})
    if not low <= value <= high:
        raise InvalidInput({field: f"Must be between {low} and {high}."})
    return value


def clean_id(field: str, value: Raw, *, message: str = "Must be an id.") -> int:
    """An id a value may name (a session a reflection is about): a whole number in the database's
    range, else a 400 on ``field``; whether it exists is the caller's question."""
    if not is_whole_number(value) or not 1 <= value <= MAX_ID:
        raise InvalidInput({field: message})
    return value


def object_id(value: Raw, what: str) -> int:
    """The id of the thing a request acts on (a handler's ``id``, a path's id): anything but a
    whole number in the database's range names nothing, a 404, so ``1.5`` never becomes goal 1."""
    if not is_whole_number(value) or not 1 <= value <= MAX_ID:
        raise NotFound(f"No such {what}.")
    return value


def clean_decimal(field: str, value: Raw, *, limit: int, places: int) -> Decimal:
    """A number (a JSON integer or decimal, never ``bool``, never text such as ``"5"``), finite,
    at most ``limit`` from zero, rounded half-even to ``places`` decimal places."""
    if value is None:
        raise InvalidInput({field: REQUIRED})
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInput({field: "Must be a number."})
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise InvalidInput({field: "Must be a number."})
    if abs(number) > limit:
        raise InvalidInput({field: f"Must be between -{limit} and {limit}."})
    return number.quantize(Decimal(1).scaleb(-places))


def clean_bool(field: str, value: Raw) -> bool:
    if value is None:
        raise InvalidInput({field: REQUIRED})
    if not isinstance(value, bool):
        raise InvalidInput({field: "Must be true or false."})
    return value


def clean_choice(field: str, value: Raw, choices: Iterable[str]) -> str:
    allowed = list(choices)
    if value is None:
        raise InvalidInput({field: REQUIRED})
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInput({field: f"Must be one of: {', '.join(allowed)}."})
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def clean_ordering(field: str, value: Raw, keys: Iterable[str]) -> tuple[str, bool] | None:
    """A list's sort order: one of ``keys``, reversed by a leading ``-``; blank is none.
    Answers ``(key, descending)``."""
    allowed = list(keys)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.removeprefix("-") not in allowed:
        options = ", ".join(f"{key}, -{key}" for key in allowed)
        raise InvalidInput({field: f"Must be one of: {options}."})
    return value.removeprefix("-"), value.startswith("-")


def clean_search(field: str, value: Raw) -> str:
    """What a list is searched for: one line of at most ``SEARCH_LENGTH`` characters, stripped;
    blank searches nothing."""
    return clean_text(field, value, max_length=SEARCH_LENGTH, single_line=True)


def clean_date(field: str, value: Raw, *, allow_none: bool = True) -> dt.date | None:
    """A date: ``YYYY-MM-DD`` exactly (``date.fromisoformat`` alone also takes ``20260101`` and
    week dates), or a ``date`` from Python callers."""
    if value is None:
        if allow_none:
            return None
        raise InvalidInput({field: REQUIRED})
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput({field: "Must be a date (YYYY-MM-DD)."})


def clean_tags(field: str, value: Raw, *, max_items: int = 50, max_length: int = 60) -> list[str]:
    """A list of short text items, stripped, blanks dropped, duplicates (by case) dropped."""
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise InvalidInput({field: "Must be a list of text items."})
    if len(value) > max_items:
        raise InvalidInput({field: f"At most {max_items} items."})
    tags: list[str] = []
    for item in value:
        item = item.strip()
        if not item:
            continue
        if control_characters(item, single_line=True):
            raise InvalidInput({field: "Each item is one line of text."})
        if len(item) > max_length:
            raise InvalidInput({field: f"Each item has at most {max_length} characters."})
        if item.casefold() not in (tag.casefold() for tag in tags):
            tags.append(item)
    return tags


def clean_ids(
    field: str, value: Raw, *, max_items: int = 100, message: str = "Must be a list of ids."
) -> list[int]:
    """A list of ids (the goals a session touched); whether they exist is the caller's question."""
    if value is None:
        return []
    if (
        not isinstance(value, list | tuple)
        or len(value) > max_items
        or not all(is_whole_number(item) and 1 <= item <= MAX_ID for item in value)
    ):
        raise InvalidInput({field: message})
    return list(dict.fromkeys(value))


_SLUG = re.compile(r"[-a-zA-Z0-9_]+", re.ASCII)


def clean_slug(field: str, value: Raw, *, max_length: int = 80) -> str:
    """Letters, digits, hyphens and underscores (blank: none given)."""
    text = clean_text(field, value, max_length=max_length)
    if text and not _SLUG.fullmatch(text):
        raise InvalidInput({field: "Use only letters, digits, hyphens and underscores."})
    return text


def parse_course_key(value: Raw, field: str = "course_id") -> CourseKey:
    if isinstance(value, CourseKey):
        return value
    if isinstance(value, str) and len(value) <= 255:
        try:
            return CourseKey.from_string(value)
        except InvalidKeyError:
            pass
    raise InvalidInput({field: "Not a valid course key."})


def parse_usage_key(value: Raw, field: str = "usage_key") -> UsageKey | None:
    if value in (None, ""):
        return None
    if isinstance(value, UsageKey):
        return value
    if isinstance(value, str) and len(value) <= 255:
        try:
            return UsageKey.from_string(value)
        except InvalidKeyError:
            pass
    raise InvalidInput({field: "Not a valid usage key."})


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def clean_timezone(field: str, value: Raw) -> str:
    if not isinstance(value, str) or value not in _timezones():
        raise InvalidInput({field: "Must be an IANA timezone name, such as Europe/Paris."})
    return value


_LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?", re.ASCII)


def clean_local_time(field: str, value: Raw) -> dt.datetime:
    """A wall-clock time without an offset, ``YYYY-MM-DDTHH:MM`` (seconds optional), as a naive
    datetime: the time a person entered in their own zone, which the service then places in it.
    A ``datetime`` from Python callers is taken as is when naive."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value
    if isinstance(value, str) and _LOCAL_TIME.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput({field: "Must be a date and time without an offset (YYYY-MM-DDTHH:MM)."})


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", re.ASCII)


def clean_languages(field: str, value: Raw) -> list[str]:
    codes = clean_tags(field, value, max_items=20, max_length=20)
    bad = [code for code in codes if not LANGUAGE_CODE.fullmatch(code)]
    if bad:
        raise InvalidInput({field: f"Not language codes (such as 'en' or 'pt-BR'): {', '.join(bad)}."})
    return codes


def clean_weights(field: str, value: Raw) -> dict[str, float]:
    """Matching weights: an object of the engine's criterion names to non-negative numbers, and
    the program's minimum score (``MINIMUM_SCORE_KEY``, a non-negative number, default 0), which
    the weights are stored with because staff set both in one place."""
    from revmentor_plugin.matching import Weights

    if not isinstance(value, dict):
        raise InvalidInput({field: "Must be an object of criterion names to weights."})
    criteria = {key: weight for key, weight in value.items() if key != MINIMUM_SCORE_KEY}
    minimum = value.get(MINIMUM_SCORE_KEY, 0.0)
    if isinstance(minimum, bool) or not isinstance(minimum, (int, float)):
        raise InvalidInput({field: f"{MINIMUM_SCORE_KEY} must be a number, got {minimum!r}."})
    try:
        minimum = float(minimum)
    except OverflowError:
        minimum = math.inf
    if not math.isfinite(minimum) or minimum < 0:
        raise InvalidInput({field: f"{MINIMUM_SCORE_KEY} must be a number of 0 or more, got {minimum!r}."})
    try:
        return {**Weights.from_dict(criteria).as_dict(), MINIMUM_SCORE_KEY: minimum}
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidInput({field: str(exc)}) from None


def clean_text_map(
    field: str, value: Raw, *, max_items: int = 10, key_length: int = 40, value_length: int = 80
) -> dict[str, str]:
    """Short text answers by short text keys (the optional self-description)."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) <= key_length and len(v) <= value_length
        for k, v in value.items()
    ):
        raise InvalidInput({field: "Must be an object of short text answers."})
    if len(value) > max_items:
        raise InvalidInput({field: f"At most {max_items} answers."})
    if any(control_characters(text, single_line=True) for pair in value.items() for text in pair):
        raise InvalidInput({field: "Each question and answer is one line of text."})
    return dict(value)


def clean_leadership_items(field: str, value: Raw) -> list[dict[str, str]]:
    """A program's leadership items: 1 to 8, each a label (text, or ``{"label"}`` with an optional
    ``key`` to keep), one line and short. Keys are derived from the labels and made unique, so a
    key sent back unchanged keeps the ratings already given to its item."""
    low, high = LEADERSHIP_ITEMS
    if not isinstance(value, list | tuple):
        raise InvalidInput({field: "Must be a list of items, each a label or {label, key}."})
    if not low <= len(value) <= high:
        raise InvalidInput({field: f"Give between {low} and {high} items."})
    items: list[dict[str, str]] = []
    keys: set[str] = set()
    for number, item in enumerate(value, start=1):
        given_key: Raw = None
        if isinstance(item, dict):
            if set(item) - {"label", "key"}:
                raise InvalidInput({field: f"Item {number}: only a label and a key."})
            label, given_key = item.get("label"), item.get("key")
        else:
            label = item
        try:
            label = clean_text(
                field, label, required=True, max_length=LEADERSHIP_LABEL_LENGTH, single_line=True
            )
        except InvalidInput as exc:
            raise InvalidInput({field: f"Item {number}: {exc.errors[field][0]}"}) from None
        if given_key not in (None, ""):
            if (
                not isinstance(given_key, str)
                or not _SLUG.fullmatch(given_key)
                or len(given_key) > LEADERSHIP_KEY_LENGTH
            ):
                raise InvalidInput({field: f"Item {number}: the key must be a short slug."})
            if given_key in keys:
                raise InvalidInput({field: f"Item {number}: the key {given_key!r} is used twice."})
            key = given_key
        else:
            base = leadership_item_key(label)
            key, suffix = base, 2
            while key in keys:
                key = f"{base[: LEADERSHIP_KEY_LENGTH - 4]}-{suffix}"
                suffix += 1
        keys.add(key)
        items.append({"key": key, "label": label})
    return items


def clean_ratings(field: str, value: Raw) -> dict[str, int]:
    """Confidence ratings by item key (a skill slug or a leadership item's key), each 1 to 5.
    Which keys must be there is the service's question: it reads the program."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise InvalidInput({field: "Must be an object of ratings by item key."})
    if len(value) > 100:
        raise InvalidInput({field: "At most 100 ratings."})
    low, high = CONFIDENCE_RATING
    for key, rating in value.items():
        if not is_whole_number(rating) or not low <= rating <= high:
            raise InvalidInput({field: f"{key}: must be a whole number between {low} and {high}."})
    return dict(value)


def clean_username_pairs(field: str, value: Raw, *, max_items: int = 500) -> list[list[str]]:
    """``[[mentor, mentee], ...]`` usernames, each pair once; who they are is the caller's question."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidInput({field: "Must be a list of [mentor, mentee] username pairs."})
    if len(value) > max_items:
        raise InvalidInput({field: f"At most {max_items} pairs."})
    pairs: list[list[str]] = []
    for item in value:
        if (
            not isinstance(item, list | tuple)
            or len(item) != 2
            or not all(isinstance(name, str) and 0 < len(name) <= 150 for name in item)
        ):
            raise InvalidInput({field: "Each item must be a [mentor, mentee] pair of usernames."})
        if list(item) not in pairs:
            pairs.append(list(item))
    return pairs


# ---------------------------------------------------------------------------------------------
# A request body's fields.

_MISSING: Any = object()


@dataclass(frozen=True)
class Field:
    """One field of a body: how it is checked, and what the API schema says of it.

    ``check(name, value)`` returns the clean value or raises ``InvalidInput``. ``required``
    fields must be present (unless the body is a partial change); a ``default`` is used when
    one is absent. The remaining attributes describe the field for the OpenAPI schema.
    """

    kind: str  # text, integer, boolean, choice, date, tags, ids, slug, ... (api/v1/serializers.py)
    check: Callable[[str, Any], Any]
    required: bool = False
    default: Any = _MISSING
    null: bool = False
    blank: bool = True
    max_length: int | None = None
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    max_items: int | None = None
    help: str = ""

    def has_default(self) -> bool:
        return self.default is not _MISSING

    def clean(self, name: str, value: Raw) -> Any:
        return self.check(name, value)


def text(
    max_length: int | None = None, *, required: bool = False, blank: bool | None = None, **extra: Any
) -> Field:
    """Text of at most ``max_length`` characters (default: the long text limit); text that is
    not ``blank`` may not be empty, and ``required`` text is not blank unless said otherwise."""
    blank = not required if blank is None else blank
    strip = extra.pop("strip", True)
    null = extra.pop("null", False)
    single_line = extra.pop("single_line", False)

    def check(name: str, value: Raw) -> Any:
        if value is None and null:
            return None
        return clean_text(
            name, value, required=not blank, max_length=max_length, strip=strip, single_line=single_line
        )

    return Field("text", check, required=required, blank=blank, null=null, max_length=max_length, **extra)


def integer(low: int, high: int, *, null: bool = False, **extra: Any) -> Field:
    return Field(
        "integer",
        lambda name, value: clean_int(name, value, low=low, high=high, allow_none=null),
        null=null,
        low=low,
        high=high,
        **extra,
    )


def one_id(*, null: bool = False, message: str = "Must be an id.", **extra: Any) -> Field:
    def check(name: str, value: Raw) -> Any:
        if value is None and null:
            return None
        return clean_id(name, value, message=message)

    return Field("integer", check, null=null, low=1, high=MAX_ID, **extra)


def ids(max_items: int = 100, *, message: str = "Must be a list of ids.", **extra: Any) -> Field:
    return Field(
        "ids",
        lambda name, value: clean_ids(name, value, max_items=max_items, message=message),
        max_items=max_items,
        **extra,
    )


def decimal(limit: int, places: int, **extra: Any) -> Field:
    return Field(
        "decimal",
        lambda name, value: clean_decimal(name, value, limit=limit, places=places),
        low=-limit,
        high=limit,
        **extra,
    )


def boolean(**extra: Any) -> Field:
    return Field("boolean", clean_bool, **extra)


def choice(values: Iterable[str], **extra: Any) -> Field:
    allowed = tuple(values)
    return Field("choice", lambda name, value: clean_choice(name, value, allowed), choices=allowed, **extra)


def date(*, null: bool = False, **extra: Any) -> Field:
    return Field("date", lambda name, value: clean_date(name, value, allow_none=null), null=null, **extra)


def tags(max_items: int = 50, max_length: int = 60, **extra: Any) -> Field:
    return Field(
        "tags",
        lambda name, value: clean_tags(name, value, max_items=max_items, max_length=max_length),
        max_items=max_items,
        max_length=max_length,
        **extra,
    )


def languages(**extra: Any) -> Field:
    return Field("tags", clean_languages, max_items=20, max_length=20, **extra)


def timezone_name(**extra: Any) -> Field:
    return Field("text", clean_timezone, max_length=64, blank=False, **extra)


def local_time(**extra: Any) -> Field:
    return Field("text", clean_local_time, max_length=19, blank=False, **extra)


def slug(max_length: int = 80, **extra: Any) -> Field:
    return Field(
        "slug",
        lambda name, value: clean_slug(name, value, max_length=max_length),
        max_length=max_length,
        **extra,
    )


def course_key(**extra: Any) -> Field:
    return Field(
        "text", lambda name, value: parse_course_key(value, name), max_length=255, blank=False, **extra
    )


def usage_key(**extra: Any) -> Field:
    return Field("text", lambda name, value: parse_usage_key(value, name), max_length=255, null=True, **extra)


def weights(**extra: Any) -> Field:
    return Field("weights", clean_weights, **extra)


def text_map(**extra: Any) -> Field:
    return Field("text_map", clean_text_map, max_items=10, max_length=80, **extra)


def leadership_items(**extra: Any) -> Field:
    return Field(
        "leadership_items",
        clean_leadership_items,
        max_items=LEADERSHIP_ITEMS.high,
        max_length=LEADERSHIP_LABEL_LENGTH,
        **extra,
    )


def ratings(**extra: Any) -> Field:
    return Field(
        "ratings",
        clean_ratings,
        low=CONFIDENCE_RATING.low,
        high=CONFIDENCE_RATING.high,
        max_items=100,
        **extra,
    )


def username_pairs(**extra: Any) -> Field:
    return Field("username_pairs", clean_username_pairs, max_items=500, max_length=150, **extra)


class FieldErrors:
    """Every problem of an input, by field, so that one answer names every wrong field.

    The services check the fields of a body (or a CSV row) one by one and say everything that is
    wrong at once: ``clean(values, name, check, ...)`` keeps a field's clean value or notes the
    ``InvalidInput`` it raised, ``add`` notes a message, ``raise_if_any`` answers them all.
    """

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def extend(self, errors: Mapping[str, Iterable[str]]) -> None:
        """Note every message of ``errors`` (an ``InvalidInput``'s, or another ``FieldErrors``')."""
        for field, messages in errors.items():
            for message in messages:
                self.add(field, message)

    def check(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``func(*args, **kwargs)``; None, with its problems noted, if it raises ``InvalidInput``."""
        try:
            return func(*args, **kwargs)
        except InvalidInput as exc:
            self.extend(exc.errors)
            return None

    def clean(
        self, values: dict[str, Any], name: str, func: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        """``values[name] = func(*args, **kwargs)``; if it raises ``InvalidInput``, its problems are
        noted and ``name`` is left out of ``values``."""
        try:
            values[name] = func(*args, **kwargs)
        except InvalidInput as exc:
            values.pop(name, None)
            self.extend(exc.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


class Spec:
    """The fields of a request body, checked together: ``clean(data)`` answers every wrong field
    at once (``InvalidInput``, one message a field), including fields it does not know."""

    def __init__(self, fields: Mapping[str, Field], *, check: Callable[[dict[str, Any]], None] | None = None):
        self.fields = dict(fields)
        self._check = check

    def clean(self, data: Any, *, partial: bool = False) -> dict[str, Any]:
        """The clean values of the fields present in ``data`` (with defaults for absent ones,
        unless ``partial``: a change of some fields)."""
        if not isinstance(data, Mapping):
            raise InvalidInput({NON_FIELD: "Expected a JSON object."})
        errors = FieldErrors()
        for name in sorted(set(data) - set(self.fields), key=str):
            errors.add(name, "Unknown field.")
        clean: dict[str, Any] = {}
        for name, spec in self.fields.items():
            if name in data:
                errors.clean(clean, name, spec.clean, name, data[name])
            elif partial:
                continue
            elif spec.required:
                errors.add(name, REQUIRED)
            elif spec.has_default():
                clean[name] = spec.default() if callable(spec.default) else spec.default
        if not errors and self._check is not None:
            self._check(clean)
        errors.raise_if_any()
        return clean

    def clean_one(self, name: str, value: Raw) -> Any:
        """One field's clean value (for services that take their fields as arguments)."""
        return self.fields[name].clean(name, value)

    def with_fields(self, **fields: Field) -> Spec:
        return Spec({**self.fields, **fields}, check=self._check)

    def requiring(self, *names: str) -> Spec:
        return Spec(
            {n: replace(f, required=True) if n in names else f for n, f in self.fields.items()},
            check=self._check,
        )


# ---------------------------------------------------------------------------------------------
# The bodies the edges accept, by the service that takes them.


def _dates_in_order(clean: dict[str, Any]) -> None:
    start, end = clean.get("start_date"), clean.get("end_date")
    if start and end and end < start:
        raise InvalidInput({"end_date": "The end date is before the start date."})


#: ``update_program`` (a partial change); ``create_program`` requires a name and an outcome.
PROGRAM = Spec(
    {
        "name": text(TITLE_LENGTH, blank=False, single_line=True),
        "description": text(),
        "organizational_outcome": text(blank=False),
        "expectations": text(),
        "cadence_days": integer(*CADENCE_DAYS),
        "status": choice(ProgramStatus.values()),
        "mentor_label": text(ROLE_LABEL_LENGTH, blank=False, single_line=True),
        "mentee_label": text(ROLE_LABEL_LENGTH, blank=False, single_line=True),
        "default_capacity": integer(*DEFAULT_CAPACITY),
        "start_date": date(null=True),
        "end_date": date(null=True),
        "matching_weights": weights(),
        "diversity_enabled": boolean(),
        "leadership_items": leadership_items(
            help="1 to 8 leadership and visibility items mentors rate their confidence in: labels, "
            "or {label, key} to keep an item's key (and its ratings) while changing its words."
        ),
    },
    check=_dates_in_order,
)
NEW_PROGRAM = PROGRAM.requiring("name", "organizational_outcome")
#: The REST body of a new program names its course.
PROGRAM_IN_COURSE = Spec(
    {"course_id": course_key(required=True), **NEW_PROGRAM.fields}, check=_dates_in_order
)

#: ``join_program``'s and ``update_participant``'s profile.
PROFILE = Spec(
    {
        "skills_offered": tags(100, SKILL_SLUG_LENGTH, help="Skill slugs of the program's catalog."),
        "skills_sought": tags(100, SKILL_SLUG_LENGTH, help="Skill slugs of the program's catalog."),
        "interests": tags(50, 60),
        "languages": languages(help="Language codes, such as en or pt-BR."),
        "timezone": timezone_name(help="An IANA timezone name, such as Europe/Paris."),
        "capacity": integer(*CAPACITY),
        "seniority": integer(*SENIORITY, null=True),
        "department": text(DEPARTMENT_LENGTH, single_line=True),
        "manager": text(USERNAME_LENGTH, null=True, help="The manager's username."),
        "learning_preferences": text(2000),
        "motivations": text(2000),
        "self_description": text_map(),
        "reminders_opt_out": boolean(),
    }
)
#: Join (the caller) or, for course staff, add ``username``: a role and a profile.
_RATINGS_HELP = (
    "Optional: confidence on joining, 1 to 5, by item key: a mentee rates each skill they seek "
    "(its slug), a mentor each of the program's leadership items (its key)."
)
JOIN = PROFILE.with_fields(
    role=choice(ROLES, required=True), username=text(USERNAME_LENGTH), ratings=ratings(help=_RATINGS_HELP)
)
#: The end ratings a participant gives once (``rate_end``): every item they rated on joining.
END_RATINGS = Spec({"ratings": ratings(required=True, help="Confidence now, 1 to 5, by item key.")})
WITHDRAWAL = Spec({"reason": text(REASON_LENGTH)})
SKILL = Spec(
    {"name": text(SKILL_NAME_LENGTH, required=True, single_line=True), "slug": slug(SKILL_SLUG_LENGTH)}
)
PAIR = Spec(
    {
        "mentor": text(USERNAME_LENGTH, required=True),
        "mentee": text(USERNAME_LENGTH, required=True),
        "again": boolean(
            default=False,
            help="Pair two people whose earlier pair ended (completed or closed): staff asking "
            "for them again, as a pin does in a matching run. A declined pair is never made again.",
        ),
    }
)
#: ``partner_proposals``: the best new partners for a mentee without an open pair.
PARTNERS = Spec(
    {
        "mentee": text(USERNAME_LENGTH, required=True),
        "again": boolean(default=False, help="Include the mentee's earlier partners whose pair ended."),
        "limit": integer(1, 20, default=5, help="How many partners to propose, best first."),
    }
)
DECLINE = Spec({"reason": text(REASON_LENGTH)})
CLOSE = Spec({"reason": text(REASON_LENGTH, required=True), "completed": boolean(default=False)})
#: ``add_goal`` (``title`` required) and ``update_goal`` (a partial change).
GOAL = Spec(
    {
        "title": text(TITLE_LENGTH, required=True, single_line=True),
        "details": text(),
        "owner": choice(ROLES),
        "skill": text(SKILL_SLUG_LENGTH, null=True, help="A skill slug of the program's catalog."),
        "usage_key": usage_key(help="The course unit the goal is about."),
        "target_date": date(null=True),
        "status": choice(GoalStatus.values()),
        "progress": integer(*PROGRESS),
    }
)
SESSION = Spec(
    {
        "occurred_on": date(required=True),
        "duration_minutes": integer(*SESSION_MINUTES, required=True),
        "led_by": choice(ROLES, required=True),
        "mode": choice(SessionMode.values(), default=SessionMode.VIDEO.value),
        "skills": tags(100, SKILL_SLUG_LENGTH, help="Skill slugs of the program's catalog."),
        "goals": ids(100, message="Must be a list of goal ids.", help="Ids of the pair's goals."),
        "notes": text(),
    }
)
_PLAN_TIME_HELP = (
    "The start as a wall-clock time, YYYY-MM-DDTHH:MM, in ``timezone`` (default: the caller's "
    "profile time zone)."
)
_PLAN_FIELDS = {
    "starts_at": local_time(required=True, help=_PLAN_TIME_HELP),
    "timezone": timezone_name(help="The IANA zone the start is given in; default: the caller's."),
    "duration_minutes": integer(*SESSION_MINUTES),
    "mode": choice(SessionMode.values()),
    "location": text(PLAN_LOCATION_LENGTH, single_line=True, help="A place or a video link."),
}
#: ``propose_session``: the duration is required, the mode is video unless said otherwise.
PLAN = Spec(
    {
        **_PLAN_FIELDS,
        "duration_minutes": integer(*SESSION_MINUTES, required=True),
        "mode": choice(SessionMode.values(), default=SessionMode.VIDEO.value),
    }
)
#: ``reschedule_planned_session``: a new start; what is not given stays as it was.
RESCHEDULE = Spec(_PLAN_FIELDS)
REFLECTION = Spec(
    {
        "body": text(required=True),
        "visibility": choice(Visibility.values(), default=Visibility.PRIVATE.value),
        "prompt": text(PROMPT_LENGTH),
        "session": one_id(null=True, message="Must be a session id.", help="A session of the pair."),
    }
)
PULSE = Spec(
    {
        **{dimension.value: integer(*PULSE_RATING, required=True) for dimension in PulseDimension},
        LEARNER_COMFORT: integer(
            *PULSE_RATING,
            null=True,
            help="Optional, mentees only: comfort in the learner role, "
            '"I am comfortable learning from a more junior colleague".',
        ),
    }
)
MATCHING_RUN = Spec(
    {
        "pinned": username_pairs(
            default=list, help="[mentor, mentee] usernames that must be proposed together."
        ),
        "forbidden": username_pairs(
            default=list, help="[mentor, mentee] usernames that must not be proposed."
        ),
    }
)
PARTICIPANT_IMPORT = Spec(
    {"csv": text(MAX_IMPORT_BYTES, required=True, strip=False, help="The CSV file's text.")}
)
#: ``record_outcome`` (measure, value and day required) and ``change_outcome_record`` (a partial
#: change). Whether the day falls in the program's time is the service's check: it reads the
#: program.
OUTCOME_RECORD = Spec(
    {
        "measure": text(
            MEASURE_LENGTH,
            required=True,
            single_line=True,
            help="What is measured, in the course team's words; the report groups records by it.",
        ),
        "value": decimal(
            OUTCOME_VALUE_LIMIT,
            OUTCOME_DECIMALS,
            required=True,
            help=f"The measured value: a number, kept to {OUTCOME_DECIMALS} decimal places.",
        ),
        "recorded_on": date(
            required=True,
            help="The day it was measured: not in the future, and not more than a year before the "
            "program's start (or, without one, the day it was created).",
        ),
        "note": text(help="Optional: what the value means, where it comes from."),
    }
)
