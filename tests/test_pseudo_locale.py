"""The pseudo-locale "eo" (edx-i18n-tools' ``i18n_tool dummy``, compiled by scripts/dummy_locale.py
with polib): its .mo files are what its .po files say, its translations keep every placeholder,
and it covers the English source catalogs."""

from __future__ import annotations

import gettext
import importlib.util
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("dummy_locale", ROOT / "scripts" / "dummy_locale.py")
dummy = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(dummy)
EN = dummy.LOCALE / "en" / "LC_MESSAGES"
EO = dummy.LOCALE / "eo" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]|%[sd]|\{[^{}]*\}")


def test_the_compiled_catalogs_are_the_po_files():
    assert dummy.stale_catalogs() == [], "run `make dummy_translations`"


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalog_reads_as_gettext_reads_it(domain):
    with (EO / f"{domain}.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    entries = [e for e in polib.pofile(str(EO / f"{domain}.po")) if e.msgid and not e.msgctxt]
    assert entries
    for entry in entries:
        if not entry.msgid_plural:
            assert catalog.gettext(entry.msgid) == entry.msgstr
        else:
            assert catalog.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
            assert catalog.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[1]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_translation_keeps_its_placeholders_and_shows_its_end(domain):
    for entry in polib.pofile(str(EO / f"{domain}.po")):
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, translated in pairs:
            assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source)), source
            assert translated.rstrip("\n").endswith("#"), source
            assert translated != source


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_english_source_string_has_a_pseudo_translation(domain):
    """After ``make extract_translations``, ``make dummy_translations`` brings "eo" up to date."""
    english = {(e.msgctxt, e.msgid) for e in polib.pofile(str(EN / f"{domain}.po"))}
    pseudo = {(e.msgctxt, e.msgid) for e in polib.pofile(str(EO / f"{domain}.po")) if e.translated()}
    assert english - pseudo == set(), "run `make dummy_translations`"


def test_the_check_notices_a_catalog_that_was_not_recompiled(tmp_path, monkeypatch):
    messages = tmp_path / "eo" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    for domain in DOMAINS:
        (messages / f"{domain}.po").write_bytes((EO / f"{domain}.po").read_bytes())
        (messages / f"{domain}.mo").write_bytes((EO / f"{domain}.mo").read_bytes())
    monkeypatch.setattr(dummy, "LOCALE", tmp_path)
    assert dummy.stale_catalogs() == []
    po = polib.pofile(str(messages / "django.po"))
    po[0].msgstr = "changed by hand#"
    po.save()
    assert dummy.stale_catalogs() == [messages / "django.mo"]
