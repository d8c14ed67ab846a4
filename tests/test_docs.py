"""The guides under docs/ stay true to the code: design citations, settings, names, pictures.

* every "docs/DESIGN.md §n" the code and the docs cite is a section of docs/DESIGN.md;
* every setting the plugin reads is in docs/operators.rst, ``REVMENTOR_*`` ones with their
  default;
* the block types, task names and management command the operators' guide names are the
  package's;
* every picture the course staff guide shows exists under docs/images/, is one the browser test
  takes, and is small.
"""

from __future__ import annotations

import configparser
import functools
import os
import re
import struct
from pathlib import Path

from revmentor_plugin import services
from revmentor_plugin.settings.common import DEFAULTS
from tests.browser.test_guide_screenshots import SHOTS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OPERATORS = (DOCS / "operators.rst").read_text()
COURSE_STAFF = (DOCS / "course-staff.rst").read_text()
# A citation: "DESIGN.md" (maybe in ``...``), then §n, maybe more (", §m", " and §m"), across a
# line break of a docstring or a comment.
CITATION = re.compile(r"DESIGN\.md`*\s*(?:#\s*)?(§\d+(?:(?:\s*,\s*|\s+and\s+)§\d+)*)")


SKIPPED_DIRS = {".venv", ".venv-tutor", "node_modules", "artifacts", "build", "dist", ".git"}
SCANNED = (".py", ".rst", ".md", ".toml", ".cfg", ".js", ".html", ".importlinter")


@functools.cache
def _project_files() -> tuple[Path, ...]:
    """The repository's own source and documentation files (not the virtualenvs' nor npm's),
    walked once: the skipped directories are pruned, never entered."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        found += [Path(folder, name) for name in sorted(files) if name.endswith(SCANNED)]
    return tuple(found)


def test_every_design_citation_names_a_section_of_docs_design():
    sections = set(re.findall(r"^## (\d+)\. ", (DOCS / "DESIGN.md").read_text(), re.M))
    cited: dict[str, set[str]] = {}
    for path in _project_files():
        for group in CITATION.findall(path.read_text(errors="replace")):
            for number in re.findall(r"§(\d+)", group):
                cited.setdefault(number, set()).add(str(path.relative_to(ROOT)))
    assert len(cited) >= 5, cited  # the scan finds the citations at all
    assert {n: files for n, files in cited.items() if n not in sections} == {}


def test_no_citation_points_at_a_design_document_outside_the_repository():
    # "DESIGN §n" with no path was the old, missing document; the references say docs/DESIGN.md.
    bare = [
        f"{path.relative_to(ROOT)}: {m.group(0)!r}"
        for path in _project_files()
        for m in re.finditer(r"(?<![\w./])DESIGN\s+§\d+", path.read_text(errors="replace"))
    ]
    assert bare == []


def _settings_read_by_the_plugin() -> set[str]:
    names = set()
    for path in (ROOT / "revmentor_plugin").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        names |= set(re.findall(r"getattr\(settings, \"([A-Z][A-Z0-9_]+)\"", text))
        names |= set(re.findall(r"\bsettings\.([A-Z][A-Z0-9_]+)", text))
        names |= set(re.findall(r"\b(REVMENTOR_[A-Z0-9_]+)\b", text))
    return names


def test_every_setting_the_plugin_reads_is_documented():
    read = _settings_read_by_the_plugin()
    assert set(DEFAULTS) <= read, "the scan misses settings"
    assert {name for name in read if f"``{name}``" not in OPERATORS} == set()


def test_each_revmentor_setting_is_documented_with_its_default():
    documented = dict(re.findall(r"\* - ``(REVMENTOR_\w+)``\n\s+- ``([^`]+)``", OPERATORS))
    assert documented == {name: repr(value) for name, value in DEFAULTS.items()}


def test_the_advanced_module_list_names_the_registered_block_types():
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    entry_points = setup["options.entry_points"]["xblock.v1"]
    block_types = re.findall(r"^\s*(\w+)\s*=", entry_points, re.M)
    assert len(block_types) == 4
    listed = re.search(r"Advanced Module List.*?\.\. code-block:: json\n\n\s+(\[.*?\])", OPERATORS, re.S)
    assert listed is not None
    assert re.findall(r'"(\w+)"', listed.group(1)) == block_types


def test_the_task_and_command_names_are_the_packages():
    for task in (services.SEND_REMINDERS_TASK, services.RUN_MATCHING_TASK, services.IMPORT_PARTICIPANTS_TASK):
        assert f"``{task}``" in OPERATORS or f'"{task}"' in OPERATORS, task
    assert '"task": "revmentor.send_reminders"' in OPERATORS
    assert "CELERYBEAT_SCHEDULE" in OPERATORS
    for command in re.findall(r"manage\.py lms (\w+)", OPERATORS):
        # Django's and edx-platform's own commands (xmodule's translation commands) are not ours.
        if command not in (
            "migrate",
            "showmigrations",
            "pull_xblock_translations",
            "compile_xblock_translations",
        ):
            assert (ROOT / "revmentor_plugin" / "management" / "commands" / f"{command}.py").exists(), command


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def test_the_course_staff_guide_shows_every_screenshot_the_browser_test_takes():
    shown = re.findall(r"^\.\. (?:image|figure):: (images/\S+)$", COURSE_STAFF, re.M)
    assert sorted(shown) == sorted(f"images/{name}.png" for name in SHOTS)
    on_disk = sorted(path.name for path in (DOCS / "images").glob("*.png"))
    assert on_disk == sorted(f"{name}.png" for name in SHOTS)
    total = 0
    for name in on_disk:
        path = DOCS / "images" / name
        width, _height = _png_size(path)
        assert width <= 1280, name
        total += path.stat().st_size
    assert total < 1_000_000, f"docs/images/ holds {total} bytes"


def test_the_readme_keeps_the_two_commands_first_and_links_the_guides():
    readme = (ROOT / "README.rst").read_text()
    assert readme.index("make demo") < readme.index("docs/operators.rst")
    for guide in ("docs/operators.rst", "docs/course-staff.rst", "docs/permissions.rst"):
        assert guide in readme
        assert (ROOT / guide).exists()
