"""The pseudo-locale "eo" (scripts/dummy_locale.py): its .mo files are what its .po files say,
its translations keep every placeholder, and it covers the English source catalogs."""

from __future__ import annotations

import gettext
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("dummy_locale", ROOT / "scripts" / "dummy_locale.py")
dummy = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(dummy)
EO = dummy.LOCALE / "eo" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]|%[sd]|\{[^{}]*\}")


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalog_is_the_po_file(domain):
    po = EO / f"{domain}.po"
    assert (EO / f"{domain}.mo").read_bytes() == dummy.compile_mo(dummy.read_po(po)), (
        "run `make dummy_translations`"
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalog_reads_as_gettext_reads_it(domain):
    with (EO / f"{domain}.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in dummy.read_po(EO / f"{domain}.po"):
        if not entry["msgid"] or entry["msgctxt"] is not None:
            continue
        if entry["msgid_plural"] is None:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"][0]
        else:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr"][0]
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 5) == entry["msgstr"][1]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_translation_keeps_its_placeholders_and_shows_its_end(domain):
    for entry in dummy.read_po(EO / f"{domain}.po"):
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for source, translated in zip(sources, entry["msgstr"], strict=False):
            if not source:
                continue
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), source
            assert translated.endswith("#")
            assert translated != source


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_english_source_string_has_a_pseudo_translation(domain):
    """After ``make extract_translations``, ``make dummy_translations`` brings "eo" up to date."""
    english = {
        (e["msgctxt"], e["msgid"])
        for e in dummy.read_po(dummy.LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po")
    }
    pseudo = {(e["msgctxt"], e["msgid"]) for e in dummy.read_po(EO / f"{domain}.po")}
    assert english - pseudo == set(), "run `make dummy_translations`"


def test_disguise_keeps_markup_and_placeholders():
    assert dummy.disguise("Hi <b>%(name)s</b> &amp; {who}: 100%%") == (
        "Ĥì <b>%(name)s</b> &amp; {who}: 100%% Ⱡ'σяєм ιρѕυ#"  # noqa: RUF001
    )
