"""Settings for the test suites: the sandbox, with the plugins' ``test`` settings applied."""

from edx_django_utils.plugins import add_plugins

from sandbox_lms.settings import *  # noqa: F403
from sandbox_lms.settings import LMS

# lms/envs/test.py, "Make tests faster": a fast hasher, so each test user costs no PBKDF2 rounds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

add_plugins(__name__, LMS, "test")
