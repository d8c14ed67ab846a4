"""Devstack and Tutor dev: the common defaults are right; nothing to change."""

from __future__ import annotations

from typing import Any


def plugin_settings(settings: Any) -> None:
    """Keep the common defaults."""
