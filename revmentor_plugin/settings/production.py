"""Production: operators override any ``REVMENTOR_*`` setting in the host's YAML config."""

from __future__ import annotations

from typing import Any

from revmentor_plugin.settings.common import DEFAULTS


def plugin_settings(settings: Any) -> None:
    """Read ``REVMENTOR_*`` overrides from the host's parsed YAML (``ENV_TOKENS``), if present."""
    tokens = getattr(settings, "ENV_TOKENS", None) or {}
    for name in DEFAULTS:
        if name in tokens:
            setattr(settings, name, tokens[name])
