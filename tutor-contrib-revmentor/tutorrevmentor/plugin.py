"""revmentor's Tutor plugin: the package in the image, its settings, the daily reminders, migrations.

Everything is declared through Tutor's hooks (v1). The patches are plain files in ``patches/``,
named after the Tutor patch they fill; ``templates/revmentor/`` holds the init script. Why each
patch is the one chosen (which settings file a value really reaches, why a beat service) is in
docs/decisions/0021-tutor-plugin.rst of the revmentor repository.
"""

from __future__ import annotations

import re
import typing as t
from importlib import resources

from tutor import exceptions, hooks

from tutorrevmentor.__about__ import __version__

PACKAGE = resources.files("tutorrevmentor")

#: revmentor's own Django settings (revmentor_plugin/settings/common.py, DEFAULTS) with the same
#: defaults. The ``lms-env`` and ``cms-env`` patches write each into lms.yml and cms.yml, which
#: the platform's production settings load and revmentor's production settings then read.
PLATFORM_SETTINGS: dict[str, int] = {
    "REVMENTOR_MATCHING_ASYNC_THRESHOLD": 2000,
    "REVMENTOR_IMPORT_ASYNC_THRESHOLD": 500,
    "REVMENTOR_REPORT_MIN_GROUP_SIZE": 5,
    "REVMENTOR_MAX_TEXT_LENGTH": 10000,
}

#: Values that only this plugin reads, with the range each must fall in.
PLUGIN_SETTINGS: dict[str, t.Any] = {
    # Installed from PyPI as revmentor-plugin==REVMENTOR_VERSION, unless REVMENTOR_PIP_SOURCE
    # names a VCS URL or a wheel (pip's "revmentor-plugin @ <source>").
    "REVMENTOR_VERSION": __version__,
    "REVMENTOR_PIP_SOURCE": "",
    # The daily reminders run at this time of day, in the LMS's CELERY_TIMEZONE (UTC in Tutor).
    "REVMENTOR_REMINDERS_HOUR": 7,
    "REVMENTOR_REMINDERS_MINUTE": 0,
    # Run a Celery beat process for the LMS (Tutor runs none); false if the site already has one.
    "REVMENTOR_RUN_BEAT": True,
}

RANGES: dict[str, tuple[int, int]] = {
    "REVMENTOR_MATCHING_ASYNC_THRESHOLD": (0, 10**9),
    "REVMENTOR_IMPORT_ASYNC_THRESHOLD": (0, 10**9),
    "REVMENTOR_REPORT_MIN_GROUP_SIZE": (1, 10**6),
    "REVMENTOR_MAX_TEXT_LENGTH": (1, 10**9),
    "REVMENTOR_REMINDERS_HOUR": (0, 23),
    "REVMENTOR_REMINDERS_MINUTE": (0, 59),
}

VERSION = re.compile(r"\d+(\.\d+)*([.-]?(a|b|rc|post|dev)\d*)*")
SOURCE = re.compile(r"([^\s'\"\\]+)?")

hooks.Filters.CONFIG_DEFAULTS.add_items([*PLATFORM_SETTINGS.items(), *PLUGIN_SETTINGS.items()])


@hooks.Actions.CONFIG_LOADED.add()
def _check_config(config: t.Mapping[str, t.Any]) -> None:
    """Refuse a value the settings or the schedule could not use, naming it, before rendering."""
    for name, (low, high) in RANGES.items():
        value = config.get(name)
        # bool is an int in Python; "true" is no text length.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise exceptions.TutorError(
                f"{name} must be a whole number from {low} to {high}, not {value!r}: "
                f"tutor config save --set {name}=..."
            )
    if not isinstance(config.get("REVMENTOR_RUN_BEAT"), bool):
        raise exceptions.TutorError(
            f"REVMENTOR_RUN_BEAT must be true or false, not {config.get('REVMENTOR_RUN_BEAT')!r}"
        )
    version = config.get("REVMENTOR_VERSION")
    # Tutor reads --set values as YAML: 1.10 arrives as the number 1.1, so only text is trusted.
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise exceptions.TutorError(
            f"REVMENTOR_VERSION must be a release such as 0.1.0 (quote it if YAML would read a "
            f"number: --set 'REVMENTOR_VERSION=\"1.10\"'), not {version!r}"
        )
    source = config.get("REVMENTOR_PIP_SOURCE")
    # It lands inside a quoted shell word of the Dockerfile.
    if not isinstance(source, str) or not SOURCE.fullmatch(source):
        raise exceptions.TutorError(
            "REVMENTOR_PIP_SOURCE must be empty or one URL (git+https://...@tag, https://.../x.whl) "
            f"without spaces or quotes, not {source!r}"
        )


# Every patch file fills the Tutor patch of its name.
for patch in sorted((PACKAGE / "patches").iterdir(), key=lambda p: p.name):
    hooks.Filters.ENV_PATCHES.add_item((patch.name, patch.read_text(encoding="utf-8")))

# `tutor local do init` (and launch) runs this in the lms-job container; with
# `--limit=revmentor` it runs alone. Tutor renders it with the configuration first.
hooks.Filters.CLI_DO_INIT_TASKS.add_item(
    ("lms", (PACKAGE / "templates" / "revmentor" / "jobs" / "init" / "lms.sh").read_text(encoding="utf-8"))
)

# `tutor mounts add /path/to/revmentor` bind-mounts a checkout into the openedx image and its
# containers (installed editable there), for developing revmentor itself against Tutor.
hooks.Filters.MOUNTED_DIRECTORIES.add_item(("openedx", "revmentor"))
