"""Run the real ``tutor`` CLI of this virtualenv against a temporary TUTOR_ROOT.

Only Docker is replaced: it is not on this machine, and Tutor only ever calls its CLI. The stand-in
``docker`` records each call and answers ``docker compose ls --format json`` with no running
project, as docker compose does when nothing is up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TUTOR = Path(sys.executable).with_name("tutor")

FAKE_DOCKER = """#!{python}
import json, os, sys
with open(os.environ["FAKE_DOCKER_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
if "ls" in sys.argv[1:]:
    print("[]")
"""


class TutorRoot:
    """One TUTOR_ROOT and the calls made in it."""

    def __init__(self, path: Path):
        self.path = path
        self.plugins = path / "plugins"
        self.bin = path / "fake-bin"
        self.docker_log = path / "docker-calls.jsonl"
        self.bin.mkdir(parents=True)
        docker = self.bin / "docker"
        docker.write_text(FAKE_DOCKER.format(python=sys.executable), encoding="utf-8")
        docker.chmod(0o755)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "TUTOR_ROOT": str(self.path),
            # No plugin of the machine's user may take part.
            "TUTOR_PLUGINS_ROOT": str(self.plugins),
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "FAKE_DOCKER_LOG": str(self.docker_log),
            "PYTHONPATH": "",
        }
        result = subprocess.run(
            [str(TUTOR), *args],
            env=env,
            cwd=self.path,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def read(self, relative: str) -> str:
        return (self.path / "env" / relative).read_text(encoding="utf-8")

    def docker_calls(self) -> list[list[str]]:
        if not self.docker_log.exists():
            return []
        return [json.loads(line) for line in self.docker_log.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def make_root(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], TutorRoot]:
    return lambda: TutorRoot(tmp_path_factory.mktemp("tutor-root"))


@pytest.fixture(scope="module")
def enabled_root(tmp_path_factory: pytest.TempPathFactory) -> TutorRoot:
    """The plugin enabled and the environment saved with every default."""
    root = TutorRoot(tmp_path_factory.mktemp("tutor-root"))
    root.run("plugins", "enable", "revmentor")
    root.run("config", "save")
    return root
