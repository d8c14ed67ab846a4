"""Write revmentor's pseudo-locale "eo" with edx-i18n-tools, and compile it without msgfmt.

Open edX tests its translations with a dummy language: ``i18n_tool dummy`` (edx-i18n-tools) fills
the "eo" catalogs (Esperanto's code, a language no learner of the platform needs) with the English
text, its vowels accented, padded by about a third to show layouts that break with longer
languages, and ended by ``#`` so that cut-off text shows. A page read in "eo" shows at a glance
which strings escaped translation: they are the plain English ones.

This runs that tool over ``revmentor_plugin/conf/locale`` (its ``config.yaml`` names "eo"), then
compiles each "eo" ``.po`` with polib, so nobody needs GNU gettext's ``msgfmt`` to run the
sandbox or the tests in "eo"::

    .venv/bin/python scripts/dummy_locale.py          # from conf/locale/en/LC_MESSAGES/*.po
    .venv/bin/python scripts/dummy_locale.py --check  # fail if a .mo is not its .po, compiled
    .venv/bin/python scripts/dummy_locale.py --compile  # compile every language (after atlas pull)

(``make dummy_translations`` runs the first, after ``make extract_translations``.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import polib
from i18n.dummy import DummyCommand

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "revmentor_plugin"
LOCALE = PACKAGE / "conf" / "locale"
LANGUAGE = "eo"
DOMAINS = ("django", "djangojs")


def compile_mo(po_path: Path) -> bytes:
    """The GNU .mo file of a .po file, as polib writes it (what Django and gettext read)."""
    with tempfile.TemporaryDirectory() as workdir:
        target = Path(workdir) / "messages.mo"
        polib.pofile(str(po_path)).save_as_mofile(str(target))
        return target.read_bytes()


def write_dummy() -> None:
    """``i18n_tool dummy`` over the package: every source catalog gets its "eo" twin."""
    command = DummyCommand()
    command.args = []  # not this script's own arguments
    command(root_dir=str(PACKAGE), verbose=0)


def stale_catalogs() -> list[Path]:
    """The "eo" .mo files that are missing or are not their .po file compiled."""
    messages = LOCALE / LANGUAGE / "LC_MESSAGES"
    return [
        messages / f"{domain}.mo"
        for domain in DOMAINS
        if not (messages / f"{domain}.mo").exists()
        or (messages / f"{domain}.mo").read_bytes() != compile_mo(messages / f"{domain}.po")
    ]


def compile_all() -> list[Path]:
    """Compile every language's catalogs under conf/locale (the English sources excepted): what
    ``make pull_translations`` brought from openedx-translations, and "eo"."""
    written = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        if po.parts[-3] == "en":
            continue
        po.with_suffix(".mo").write_bytes(compile_mo(po))
        written.append(po.with_suffix(".mo"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the .mo files match the .po files")
    parser.add_argument("--compile", action="store_true", help="only compile every language's .po files")
    args = parser.parse_args(argv)
    if args.compile:
        for mo in compile_all():
            print(f"wrote {mo.relative_to(ROOT)}")
        return 0
    if args.check:
        stale = stale_catalogs()
        if stale:
            print("Out of date (run make dummy_translations):", *stale, sep="\n  ")
        return 1 if stale else 0
    write_dummy()
    for domain in DOMAINS:
        po = LOCALE / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
        po.with_suffix(".mo").write_bytes(compile_mo(po))
        print(f"wrote {po.relative_to(ROOT)} and its .mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
