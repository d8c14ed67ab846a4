"""A small LMS-like host for the demo and the integration tests."""

from sandbox_lms.celery import app as celery_app

__all__ = ["celery_app"]
