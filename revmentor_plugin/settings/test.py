"""Tests in the host: match in-process so tests need no Celery worker."""

from __future__ import annotations

from typing import Any


def plugin_settings(settings: Any) -> None:
    """Run every matching synchronously."""
    settings.REVMENTOR_MATCHING_ASYNC_THRESHOLD = 10**9
