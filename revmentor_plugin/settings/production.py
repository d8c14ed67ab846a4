"""Production: what ``lms.yml`` may have replaced is put back, and ``REVMENTOR_*`` is read.

edx-platform's ``lms/envs/production.py`` runs the plugins' *common* settings (inside
``lms/envs/common.py``), then loads ``lms.yml`` over the module, replacing every top-level key
it names except a few it merges (``FEATURES``, ``JWT_AUTH``, ``REST_FRAMEWORK``, ...), then runs
the plugins' *production* settings. ``OPEN_EDX_FILTERS_CONFIG`` is replaced wholesale, so a site
whose ``lms.yml`` configures any filter would lose our instructor dashboard steps: they are
merged again here, keeping the site's pipelines.
"""

from __future__ import annotations

from typing import Any

from revmentor_plugin.settings.common import DEFAULTS, apply_host_integration


def plugin_settings(settings: Any) -> None:
    """Re-apply the host integration after ``lms.yml``; take ``REVMENTOR_*`` from it."""
    # Releases whose production.py copies only chosen keys out of the YAML expose the rest
    # as ENV_TOKENS; current ones set the module attributes directly and keep ENV_TOKENS too.
    tokens = getattr(settings, "ENV_TOKENS", None) or {}
    for name in DEFAULTS:
        if name in tokens:
            setattr(settings, name, tokens[name])
    apply_host_integration(settings)
