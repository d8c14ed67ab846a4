"""Write revmentor's pseudo-locale "eo": every string of the English source catalog, disguised.

edx-platform tests its translations with a dummy language: ``i18n_tool dummy`` (edx-i18n-tools)
fills the "eo" catalog (Esperanto's code, a language no learner of the platform needs) with the
English text with its letters accented, padded by about a third to show layouts that break with
longer languages, and ended by ``#`` so that cut-off text shows. A page read in "eo" shows at a
glance which strings escaped translation: they are the plain English ones. This does the same
for revmentor (our own code, not the tool's) and compiles the ``.mo`` in pure Python, so nobody
needs GNU gettext's ``msgfmt`` to run the sandbox or the tests in "eo"::

    .venv/bin/python scripts/dummy_locale.py            # from conf/locale/en/LC_MESSAGES/*.po
    .venv/bin/python scripts/dummy_locale.py --extract  # extract the sources afresh (xgettext)
    .venv/bin/python scripts/dummy_locale.py --check    # fail if the files are not up to date

(``make dummy_translations`` runs the first.) Placeholders (``%(name)s``, ``%s``, ``{name}``),
HTML tags and entities are kept as they are; plural entries get two forms.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "revmentor_plugin"
LOCALE = PACKAGE / "conf" / "locale"
DOMAINS = ("django", "djangojs")
LANGUAGE = "eo"

# Letters and their look-alikes (accents, or a similar letter of another script).
_LOOKALIKES = str.maketrans(
    "AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPpRrSsTtUuWwYyZz",
    "ÀàßƀÇçÐđÉéƑƒĜĝĤĥÌìĴĵĶķĿŀMmÑñÖöÞþŘřŠšŦŧÛûŴŵÝýŹź",
)
# Lorem ipsum in look-alike letters, as the padding is recognisable at a glance.
_PAD = "Ⱡ'σяєм ιρѕυм ∂σłσя ѕιт αмєт, ¢σηѕє¢тєтυя α∂ιριѕι¢ιηg єłιт, ѕє∂ ∂σ єιυѕмσ∂ тємρσя"  # noqa: RUF001
# What must stay as written: printf and format placeholders, tags, entities.
_KEEP = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*[sdif%]|\{[^{}]*\}|<[^<>]*>|&#?\w+;")


def disguise(text: str) -> str:
    """``text`` as the pseudo-locale writes it: accented, about a third longer, ended by ``#``."""
    if not text:
        return text
    parts, last = [], 0
    for match in _KEEP.finditer(text):
        parts.append(text[last : match.start()].translate(_LOOKALIKES))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(_LOOKALIKES))
    padding = _PAD[: max(2, round(len(text) * 0.3))].rstrip()
    return "".join(parts) + " " + padding + "#"


# ---------------------------------------------------------------------------------------------
# A small .po reader and writer, and a .mo compiler (the GNU format: gettext's own readers, and
# so Django's, read it).


def _unquote(line: str) -> str:
    return ast.literal_eval(line) if line.startswith('"') else ""


def read_po(path: Path) -> list[dict[str, object]]:
    """The entries of a .po file: ``msgctxt`` (or None), ``msgid``, ``msgid_plural`` (or None),
    ``msgstr`` (a list: one form, or one per plural form). Obsolete entries are left out."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    key: tuple[str, int] | None = None

    def finish() -> None:
        if "msgid" in entry:
            entries.append(
                {
                    "msgctxt": entry.get("msgctxt"),
                    "msgid": entry["msgid"],
                    "msgid_plural": entry.get("msgid_plural"),
                    "msgstr": [entry.get(f"msgstr[{i}]", "") for i in range(2)]
                    if "msgid_plural" in entry
                    else [entry.get("msgstr", "")],
                }
            )
        entry.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and entry:
                finish()
            key = None
            continue
        if line.startswith('"'):
            if key is not None:
                entry[key[0]] = str(entry[key[0]]) + _unquote(line)
            continue
        name, _, rest = line.partition(" ")
        if name in ("msgctxt", "msgid") and "msgid" in entry:
            finish()  # entries not parted by a blank line
        entry[name] = _unquote(rest.strip())
        key = (name, 0)
    finish()
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return f'"{escaped}"'


def _field(name: str, text: str) -> str:
    if "\n" not in text[:-1]:
        return f"{name} {_quote(text)}\n"
    lines = [f"{name} " + '""']
    for piece in re.findall(r"[^\n]*\n|[^\n]+$", text):
        lines.append(_quote(piece))
    return "\n".join(lines) + "\n"


HEADER = (
    "Project-Id-Version: revmentor\n"
    "Language: eo\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)


def dummy_entries(source: list[dict[str, object]]) -> list[dict[str, object]]:
    """The source catalog's entries with their pseudo-locale translations (header first)."""
    header = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": [HEADER]}
    result: list[dict[str, object]] = [header]
    seen = set()
    for entry in source:
        msgid = str(entry["msgid"])
        key = (entry["msgctxt"], msgid)
        if not msgid or key in seen:
            continue
        seen.add(key)
        plural = entry["msgid_plural"]
        forms = [disguise(msgid), disguise(str(plural))] if plural is not None else [disguise(msgid)]
        result.append({"msgctxt": entry["msgctxt"], "msgid": msgid, "msgid_plural": plural, "msgstr": forms})
    return result


def write_po(entries: list[dict[str, object]]) -> str:
    chunks = ["# revmentor's pseudo-locale, written by scripts/dummy_locale.py: do not edit by hand.\n"]
    for entry in entries:
        text = ""
        if entry["msgctxt"] is not None:
            text += _field("msgctxt", str(entry["msgctxt"]))
        text += _field("msgid", str(entry["msgid"]))
        forms = list(entry["msgstr"])  # type: ignore[call-overload]
        if entry["msgid_plural"] is not None:
            text += _field("msgid_plural", str(entry["msgid_plural"]))
            for i, form in enumerate(forms):
                text += _field(f"msgstr[{i}]", str(form))
        else:
            text += _field("msgstr", str(forms[0]))
        chunks.append(text)
    return "\n".join(chunks)


def compile_mo(entries: list[dict[str, object]]) -> bytes:
    """The GNU .mo file of the entries (no hash table, which readers do not need)."""
    pairs = []
    for entry in entries:
        key = str(entry["msgid"])
        if entry["msgid_plural"] is not None:
            key += "\0" + str(entry["msgid_plural"])
        if entry["msgctxt"] is not None:
            key = str(entry["msgctxt"]) + "\x04" + key
        value = "\0".join(str(form) for form in entry["msgstr"])  # type: ignore[attr-defined]
        pairs.append((key.encode("utf-8"), value.encode("utf-8")))
    pairs.sort()
    count = len(pairs)
    keys_start = 7 * 4
    values_start = keys_start + count * 8
    data_start = values_start + count * 8
    data = b""
    key_table, value_table = [], []
    for key, _value in pairs:
        key_table.append((len(key), data_start + len(data)))
        data += key + b"\0"
    for _key, value in pairs:
        value_table.append((len(value), data_start + len(data)))
        data += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, keys_start, values_start, 0, data_start)
    tables = b"".join(struct.pack("<2I", *item) for item in key_table + value_table)
    return header + tables + data


# ---------------------------------------------------------------------------------------------


def _extract(workdir: Path) -> Path:
    """Extract the English source catalogs afresh (Django's makemessages, so xgettext) in a copy
    of the package: the committed English catalogs stay as they are."""
    copy = workdir / "revmentor_plugin"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "node_modules", "*.mo"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "sandbox"), str(ROOT)])}
    for domain in DOMAINS:
        subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, "-m", "django", "makemessages", "-l", "en", "-d", domain, "--no-obsolete"],
            cwd=copy,
            env={**env, "DJANGO_SETTINGS_MODULE": "sandbox_lms.test_settings"},
            check=True,
            capture_output=True,
        )
    return copy / "conf" / "locale"


def outputs(source_locale: Path) -> dict[Path, bytes]:
    """The files to write: each domain's pseudo-locale .po and .mo."""
    files: dict[Path, bytes] = {}
    for domain in DOMAINS:
        source = source_locale / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not source.exists():
            continue
        entries = dummy_entries(read_po(source))
        target = LOCALE / LANGUAGE / "LC_MESSAGES"
        files[target / f"{domain}.po"] = write_po(entries).encode("utf-8")
        files[target / f"{domain}.mo"] = compile_mo(entries)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", action="store_true", help="extract the English catalogs afresh")
    parser.add_argument("--check", action="store_true", help="only check the .mo files match the .po files")
    args = parser.parse_args(argv)
    if args.check:
        stale = [
            str(mo)
            for mo in sorted((LOCALE / LANGUAGE / "LC_MESSAGES").glob("*.mo"))
            if mo.read_bytes() != compile_mo(read_po(mo.with_suffix(".po")))
        ]
        if stale:
            print("Out of date (run scripts/dummy_locale.py):", *stale, sep="\n  ")
        return 1 if stale else 0
    with tempfile.TemporaryDirectory() as workdir:
        files = outputs(_extract(Path(workdir)) if args.extract else LOCALE)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
