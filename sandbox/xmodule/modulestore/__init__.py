"""Stand-in for edx-platform ``xmodule/modulestore/__init__.py`` (the package only)."""
