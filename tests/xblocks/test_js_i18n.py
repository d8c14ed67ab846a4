"""No string the blocks' JavaScript shows escapes the catalog: each ``gettext('…')`` of
``xblocks/public/*.js`` is listed in ``xblocks/js_i18n.py`` STRINGS, which the blocks hand to
their JavaScript translated (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from revmentor_plugin.xblocks import js_i18n

PUBLIC = Path(js_i18n.__file__).resolve().parent / "public"
# gettext or ngettext called on a string literal ('…' or "…"), not a method of something else.
CALL = re.compile(r"(?<![\w.$])(n?gettext)\(\s*(['\"])((?:\\.|(?!\2).)*)\2")


def literal_calls(source: str) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", match.group(3)) for match in CALL.finditer(source)]


def test_the_finder_sees_both_quotes_and_escapes():
    assert literal_calls("""a(gettext('It\\'s'), gettext("Two"), x.gettext('no'), gettext(text))""") == [
        "It's",
        "Two",
    ]


@pytest.mark.parametrize("script", sorted(PUBLIC.glob("*.js")), ids=lambda path: path.name)
def test_every_js_string_is_in_the_catalog(script):
    missing = set(literal_calls(script.read_text(encoding="utf-8"))) - set(js_i18n.STRINGS)
    assert not missing, f"add to revmentor_plugin/xblocks/js_i18n.py STRINGS: {sorted(missing)}"


def test_the_scripts_are_found():
    assert len(list(PUBLIC.glob("*.js"))) >= 5


def test_the_blocks_hand_their_scripts_every_string_translated():
    """Each string reaches django.po (extracted from js_i18n.py), so in the pseudo-locale the
    blocks' init arguments carry a translation for every one of them."""
    with translation.override("eo"):
        catalog = js_i18n.catalog()
    assert sorted(set(js_i18n.STRINGS) - set(catalog)) == []
    assert all(translated.rstrip().endswith("#") for translated in catalog.values())
