"""Stand-in for edx-platform ``common/djangoapps/edxmako`` (``shortcuts.py``, ``paths.py``).

What the legacy instructor dashboard relies on, kept faithful:

* one ``main`` lookup over ``settings.MAKO_TEMPLATE_DIRS_BASE`` (the list plugins append their
  template directories to), with ``default_filters=['decode.utf8']`` as ``paths.add_lookup``
  sets it; escaping comes from each template's ``<%page expression_filter="h"/>``;
* ``<%include file="/x/y.html"/>`` resolves against every directory of that list, so a plugin's
  section template is found only if the plugin registered its directory;
* ``render_to_response(template_name, dictionary)`` renders with the Django context processors'
  values (``request``, ``user``, ``csrf_token``) for crum's current request, as
  ``edxmako.template.Template.render`` does, and answers an ``HttpResponse``.
"""

from __future__ import annotations

from crum import get_current_request
from django.conf import settings
from django.http import HttpResponse
from django.template.engine import Engine
from mako.lookup import TemplateLookup


def _lookup() -> TemplateLookup:
    # The platform builds its lookup once, at app-ready time, from the Mako engine's DIRS, which
    # are MAKO_TEMPLATE_DIRS_BASE itself; rebuilding per render keeps tests that change the
    # list honest and costs nothing here.
    return TemplateLookup(
        directories=[str(d) for d in settings.MAKO_TEMPLATE_DIRS_BASE],
        default_filters=["decode.utf8"],
        input_encoding="utf-8",
        output_encoding="utf-8",
        encoding_errors="replace",
    )


def render_to_string(template_name: str, dictionary: dict | None = None, request=None) -> str:
    request = request or get_current_request()
    context: dict = {}
    if request is not None:
        for processor in Engine.get_default().template_context_processors:
            context.update(processor(request))
    context.update(dictionary or {})
    context.setdefault("settings", settings)
    return _lookup().get_template(template_name).render_unicode(**context)


def render_to_response(
    template_name: str, dictionary: dict | None = None, request=None, **kwargs
) -> HttpResponse:
    return HttpResponse(render_to_string(template_name, dictionary, request), **kwargs)
