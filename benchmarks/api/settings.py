"""The sandbox's settings, served as in production for the benchmark: no DEBUG, its own
database (a fresh SQLite file, or MariaDB with ``REVMENTOR_DB=mysql``), and a URLconf that adds
one bare DRF view to compare against."""

from __future__ import annotations

import os

from sandbox_lms.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.api.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if os.environ.get("REVMENTOR_DB") == "mysql":
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_MYSQL_DATABASE", "revmentor_bench")  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
