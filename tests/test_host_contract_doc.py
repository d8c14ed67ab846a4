"""docs/host-contract.rst stays true: every test and file it cites exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def contract() -> str:
    return (ROOT / "docs" / "host-contract.rst").read_text()


def test_every_cited_test_exists():
    cited = set(re.findall(r"``(?:[\w/]+\.py::)?(test_\w+)``", contract()))
    defined = {
        name
        for path in (ROOT / "tests").rglob("test_*.py")
        for name in re.findall(r"^def (test_\w+)", path.read_text(), re.M)
    }
    assert cited, "the contract cites no test"
    assert cited - defined == set()


def test_every_cited_file_of_this_repository_exists():
    paths = r"``((?:tests|revmentor_plugin|sandbox|scripts)/[\w/.-]+?)(?:::\w+)?``"
    cited = set(re.findall(paths, contract()))
    assert cited
    assert {path for path in cited if not (ROOT / path).exists()} == set()
