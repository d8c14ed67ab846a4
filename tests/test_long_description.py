"""The package's long description (README then CHANGELOG, as ``setup.cfg`` joins them) renders
on PyPI. ``twine check --strict`` in ``make dist`` refuses it otherwise, but only late in CI; this
catches a broken list or heading in the test run, with the line docutils names."""

import io
from pathlib import Path

import pytest

readme_renderer_rst = pytest.importorskip("readme_renderer.rst", reason="readme_renderer comes with twine")

ROOT = Path(__file__).resolve().parent.parent


def test_readme_and_changelog_render_without_warnings():
    text = "\n".join((ROOT / name).read_text(encoding="utf-8") for name in ("README.rst", "CHANGELOG.rst"))
    warnings = io.StringIO()
    html = readme_renderer_rst.render(text, stream=warnings)
    assert html is not None, warnings.getvalue()
    assert warnings.getvalue() == ""
