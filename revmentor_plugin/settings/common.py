"""Defaults for every environment; the other settings modules adjust them.

``plugin_settings`` only sets what the host has not set already, so an operator's values in
``lms.yml`` (or Tutor's config) always win. Everything here is idempotent: production settings
apply it again after ``lms.yml`` (see ``production.py``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from revmentor_plugin import analytics

#: Holds ``instructor_dashboard/revmentor.html``, the Mako template the legacy instructor
#: dashboard includes for our section (``<%include file="/instructor_dashboard/revmentor.html">``).
MAKO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: The catalogs the package ships: English sources, "eo", and any language a release bundles.
BUNDLED_LOCALE = MAKO_TEMPLATES.parent / "conf" / "locale"
#: Where edx-platform's ``pull_xblock_translations`` puts a package's catalogs from
#: openedx-translations (``xmodule/modulestore/api.py`` get_python_locale_root, relative to
#: ``REPO_ROOT``) and ``compile_xblock_translations`` compiles them. The package has XBlocks, so the
#: platform pulls it there and not with ``pull_plugin_translations``, which skips XBlock packages
#: (``openedx/core/djangoapps/plugins/i18n_api.py``).
PULLED_LOCALE = Path("conf") / "plugins-locale" / "xblock.v1" / "revmentor_plugin"

TABS_FILTER = "org.openedx.learning.instructor.dashboard.tabs.requested.v1"
LEGACY_DASHBOARD_FILTER = "org.openedx.learning.instructor.dashboard.render.started.v1"

DASHBOARD_STEPS = {
    TABS_FILTER: "revmentor_plugin.dashboard.filters.AddRevMentorTab",
    LEGACY_DASHBOARD_FILTER: "revmentor_plugin.dashboard.filters.AddRevMentorSection",
}

DEFAULTS: dict[str, Any] = {
    # Cohorts with more participants than this are matched by a Celery task, not in the request.
    "REVMENTOR_MATCHING_ASYNC_THRESHOLD": 2000,
    # CSV imports of more rows than this are checked and written by a Celery task, with progress.
    "REVMENTOR_IMPORT_ASYNC_THRESHOLD": 500,
    # Size of the smallest group a report may show when it breaks results down by the optional
    # self-description, so that no one can be singled out.
    "REVMENTOR_REPORT_MIN_GROUP_SIZE": 5,
    # Longest free text accepted in a reflection, a note or a goal's details.
    "REVMENTOR_MAX_TEXT_LENGTH": 10000,
}


def merge_filter_steps(settings: Any, steps: dict[str, str]) -> None:
    """Add our pipeline steps to ``OPEN_EDX_FILTERS_CONFIG`` without dropping the host's steps.

    openedx-filters accepts a pipeline given as a dict (``{"pipeline": [...], "fail_silently":
    ...}``), a list, or a single dotted string; each form is kept and our step appended once.
    """
    config = dict(getattr(settings, "OPEN_EDX_FILTERS_CONFIG", None) or {})
    for filter_type, step in steps.items():
        entry = config.get(filter_type)
        if entry is None:
            config[filter_type] = {"fail_silently": True, "pipeline": [step]}
            continue
        if isinstance(entry, dict):
            entry = dict(entry)
            pipeline = entry.get("pipeline") or []
            pipeline = [pipeline] if isinstance(pipeline, str) else list(pipeline)
            if step not in pipeline:
                pipeline.append(step)
            entry["pipeline"] = pipeline
            entry.setdefault("fail_silently", True)
        else:
            pipeline = [entry] if isinstance(entry, str) else list(entry)
            if step not in pipeline:
                pipeline.append(step)
            entry = {"fail_silently": True, "pipeline": pipeline}
        config[filter_type] = entry
    settings.OPEN_EDX_FILTERS_CONFIG = config


def add_mako_templates(settings: Any) -> None:
    """Put our Mako directory on the host's ``MAKO_TEMPLATE_DIRS_BASE``, once, *in place*.

    edx-platform derives the Mako engine's ``DIRS`` from that very list object
    (``make_mako_template_dirs`` in ``openedx/envs/common.py``), so appending to it reaches the
    engine even after ``derive_settings``; rebinding the name would not. Hosts without Mako
    (a bare Django project) have no such list, and there is nothing to do.
    """
    dirs = getattr(settings, "MAKO_TEMPLATE_DIRS_BASE", None)
    if isinstance(dirs, list) and not any(Path(str(d)) == MAKO_TEMPLATES for d in dirs):
        dirs.append(MAKO_TEMPLATES)


def _add_names(names: Any, wanted: list[str]) -> Any:
    """``names`` with ``wanted`` added once: a list or a set in place, anything else copied."""
    if isinstance(names, list):
        names.extend(name for name in wanted if name not in names)
        return names
    if isinstance(names, set):
        names.update(wanted)
        return names
    names = list(names or ())
    return names + [name for name in wanted if name not in names]


def add_xapi_events(settings: Any) -> None:
    """Let our tracking events through event-routing-backends to the xAPI backend, once.

    Only where event-routing-backends is installed. Its common settings *extend*
    ``EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS`` when it exists, and build the
    ``event_transformer`` backend of ``EVENT_TRACKING_BACKENDS`` from it, each
    ``NameWhitelistProcessor`` keeping its own copy (``event_routing_backends/settings/common.py``,
    ``utils/settings.py``). Plugins' settings run in no set order, so ours may come before theirs
    (the list is then extended by them and copied into the backend) or after (the backend's copies
    were taken already): the list, both whitelists and ``EVENT_BUS_TRACKING_LOGS`` each get our
    names, and the operator's names stay.
    """
    if importlib.util.find_spec("event_routing_backends") is None:
        return
    wanted = analytics.event_names()
    settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS = _add_names(
        getattr(settings, "EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS", None), wanted
    )
    backends = getattr(settings, "EVENT_TRACKING_BACKENDS", None) or {}
    transformer = (backends.get("event_transformer") or {}).get("OPTIONS") or {}
    xapi = ((transformer.get("backends") or {}).get("xapi") or {}).get("OPTIONS") or {}
    for processors in (transformer.get("processors") or [], xapi.get("processors") or []):
        for processor in processors:
            if str(processor.get("ENGINE", "")).endswith(".NameWhitelistProcessor"):
                options = processor.setdefault("OPTIONS", {})
                options["whitelist"] = _add_names(options.get("whitelist"), wanted)
    if getattr(settings, "EVENT_BUS_TRACKING_LOGS", None) is not None:
        settings.EVENT_BUS_TRACKING_LOGS = _add_names(settings.EVENT_BUS_TRACKING_LOGS, wanted)


def add_locale_paths(settings: Any) -> None:
    """Let Django find revmentor's catalogs: the ones atlas pulled, then the bundled ones.

    XBlockI18nService reads the pulled catalogs for the blocks' ``i18n`` service by itself, but
    the staff page, the REST API and the blocks' own ``gettext`` go through Django, which reads
    ``LOCALE_PATHS`` (earlier entries win) and would not look in ``conf/locale``. As the
    platform's own ``openedx/core/djangoapps/plugins/settings/production.py`` does for plugins, a
    pulled directory counts only when it is there and not empty. ``LOCALE_PATHS`` is a derived
    setting in ``lms/envs/common.py`` until the settings are derived, so the common settings may
    find a function there: production settings, which run after, add the paths then.
    """
    paths = getattr(settings, "LOCALE_PATHS", None)
    if not isinstance(paths, list | tuple):
        return
    wanted = []
    repo_root = getattr(settings, "REPO_ROOT", None)
    if repo_root is not None:
        pulled = Path(str(repo_root)) / PULLED_LOCALE
        if pulled.is_dir() and any(pulled.iterdir()):
            wanted.append(pulled)
    wanted.append(BUNDLED_LOCALE)
    present = {Path(str(p)) for p in paths}
    added = [str(path) for path in wanted if path not in present]
    if added:
        settings.LOCALE_PATHS = [*paths, *added]


def apply_host_integration(settings: Any) -> None:
    """What the platform must know to show revmentor: dashboard filter steps, Mako templates, the
    translation catalogs and, with event-routing-backends, our events on its allowed list."""
    merge_filter_steps(settings, DASHBOARD_STEPS)
    add_mako_templates(settings)
    add_locale_paths(settings)
    add_xapi_events(settings)


def plugin_settings(settings: Any) -> None:
    """Apply revmentor's defaults to the host's settings module."""
    for name, value in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, value)
    apply_host_integration(settings)
