"""The engine stays pure: importing it pulls in no Django and nothing else of revmentor."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import revmentor_plugin.matching
from revmentor_plugin.matching import Candidate, MatchResult, Weights, match, score_matrix
result = match([Candidate("m", languages={"en"})], [Candidate("e", languages={"en"})])
assert isinstance(result, MatchResult) and result.stats.matched == 1
django = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
assert not django, django
ours = sorted(m for m in sys.modules if m.startswith("revmentor_plugin."))
assert all(m.startswith("revmentor_plugin.matching") for m in ours), ours
"""


def test_importing_matching_loads_no_django_nor_other_plugin_modules():
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
