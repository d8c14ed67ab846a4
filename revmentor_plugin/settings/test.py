"""Tests in the host: match and import in-process so tests need no Celery worker."""

from __future__ import annotations

from typing import Any


def plugin_settings(settings: Any) -> None:
    """Run every matching and every import synchronously."""
    settings.REVMENTOR_MATCHING_ASYNC_THRESHOLD = 10**9
    settings.REVMENTOR_IMPORT_ASYNC_THRESHOLD = 10**9
