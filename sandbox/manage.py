#!/usr/bin/env python
"""The sandbox LMS's manage.py."""

import os
import sys
import warnings
from pathlib import Path

# fs (under XBlock and xblock-sdk) still imports pkg_resources; say nothing of it on every start.
warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sandbox_lms.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
