"""openedx-filters pipeline steps that put revmentor on the instructor dashboard.

``plugin_settings`` adds them to ``OPEN_EDX_FILTERS_CONFIG`` (again in production settings, after
``lms.yml``). Both lead course staff to the plugin's own page, ``/revmentor/courses/<course_key>/``,
and show nothing to anyone else. docs/host-contract.rst names the platform code each one meets.
"""

from __future__ import annotations

from typing import Any

from crum import get_current_user
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openedx_filters import PipelineStep
from web_fragments.fragment import Fragment

from revmentor_plugin import policy, services

TAB_ID = "revmentor"
SORT_ORDER = 130
#: The legacy dashboard includes ``${template_path_prefix}${section_key}.html`` with Mako; a
#: leading "/" makes the include absolute, so it finds ours on ``MAKO_TEMPLATE_DIRS_BASE``.
TEMPLATE_PATH_PREFIX = "/instructor_dashboard/"


class AddRevMentorTab(PipelineStep):
    """``InstructorDashboardTabsRequested``: a tab of the instructor dashboard MFE (Verawood+).

    The MFE routes every tab URL that starts with ``/`` inside its own app, so the tab carries
    the staff page's absolute URL on the LMS.
    """

    def run_filter(self, tabs: list, user: Any, course_key: Any, **kwargs: Any) -> dict[str, Any]:
        tabs = list(tabs or [])
        if policy.manages_course(user, course_key) and not any(t.get("tab_id") == TAB_ID for t in tabs):
            tabs.append(
                {
                    "tab_id": TAB_ID,
                    "title": _("Reverse mentoring"),
                    "url": services.staff_page_url(course_key, absolute=True),
                    "sort_order": SORT_ORDER,
                }
            )
        return {"tabs": tabs}


class AddRevMentorSection(PipelineStep):
    """``InstructorDashboardRenderStarted``: a section of the legacy instructor dashboard.

    ``instructor_dashboard_2`` passes a context with the course block (``course``) and no
    request or user, so the viewer comes from crum's current request, as in
    platform-plugin-aspects.
    """

    def run_filter(self, context: dict, template_name: str, **kwargs: Any) -> dict[str, Any]:
        course_key = getattr(context.get("course"), "id", None)
        if course_key is None or not policy.manages_course(get_current_user(), course_key):
            return {"context": context, "template_name": template_name}
        summaries = [
            {"program": program, "counts": services.health_counts(program.uuid)}
            for program in services.programs_in_course(course_key)
        ]
        html = render_to_string(
            "revmentor/dashboard_section.html",
            {"summaries": summaries, "staff_page_url": services.staff_page_url(course_key)},
        )
        section = {
            "section_key": TAB_ID,
            "section_display_name": _("Reverse mentoring"),
            "course_id": str(course_key),
            "fragment": Fragment(html),
            "template_path_prefix": TEMPLATE_PATH_PREFIX,
        }
        context = dict(context)
        context["sections"] = [*context.get("sections", []), section]
        return {"context": context, "template_name": template_name}
