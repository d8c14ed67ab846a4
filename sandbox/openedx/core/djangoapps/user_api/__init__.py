"""Sandbox stand-in package at the path edx-platform uses (``openedx/core/djangoapps/user_api``).

An installed app here, as in the LMS, for its ``UserPreference`` model (``models.py``) read
through ``preferences/api.py``.
"""
