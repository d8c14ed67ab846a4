"""Stand-in for edx-platform ``openedx/core/djangoapps/lang_pref/__init__.py``.

The key of the user preference that holds a learner's language (set from the account settings
page and the language selector; LanguagePreferenceMiddleware reads it for every request).
"""

LANGUAGE_KEY = "pref-lang"
