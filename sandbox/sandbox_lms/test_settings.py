"""Settings for the test suites: the sandbox, with the plugins' ``test`` settings applied."""

from edx_django_utils.plugins import add_plugins

from sandbox_lms.settings import *  # noqa: F403
from sandbox_lms.settings import LMS

# lms/envs/test.py, "Make tests faster": a fast hasher, so each test user costs no PBKDF2 rounds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

add_plugins(__name__, LMS, "test")

# lms/envs/test.py runs the tests on SQLite in memory, which never waits for the disk. The
# sandbox's test database is a file (its live server's threads need connections of their own),
# so it does not wait for the disk either: nothing a test writes has to survive a power cut.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
        "init_command": "PRAGMA synchronous=OFF",
    }
