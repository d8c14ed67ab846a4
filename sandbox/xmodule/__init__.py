"""Stand-in for edx-platform's ``xmodule`` package: only what revmentor's host adapter reads."""
