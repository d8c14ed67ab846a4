"""openedx-filters pipeline steps that put revmentor on the instructor dashboard.

``plugin_settings`` appends them to ``OPEN_EDX_FILTERS_CONFIG``. Both lead course staff to the
plugin's own page, ``/revmentor/courses/<course_key>/``, and show nothing to anyone else.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openedx_filters import PipelineStep
from web_fragments.fragment import Fragment

from revmentor_plugin import policy, services

TAB_ID = "revmentor"
SORT_ORDER = 130


def staff_page_url(course_key: Any) -> str:
    return f"/revmentor/courses/{course_key}/"


class AddRevMentorTab(PipelineStep):
    """``InstructorDashboardTabsRequested`` (new instructor dashboard, Verawood and later)."""

    def run_filter(self, tabs: list, user: Any, course_key: Any, **kwargs: Any) -> dict[str, Any]:
        tabs = list(tabs or [])
        if policy.manages_course(user, course_key) and not any(t.get("tab_id") == TAB_ID for t in tabs):
            tabs.append(
                {
                    "tab_id": TAB_ID,
                    "title": _("Reverse mentoring"),
                    "url": staff_page_url(course_key),
                    "sort_order": SORT_ORDER,
                }
            )
        return {"tabs": tabs}


class AddRevMentorSection(PipelineStep):
    """``InstructorDashboardRenderStarted`` (legacy instructor dashboard, Teak and Ulmo)."""

    def run_filter(self, context: dict, template_name: str, **kwargs: Any) -> dict[str, Any]:
        course_key = context.get("course_key") or getattr(context.get("course"), "id", None)
        request_user = getattr(context.get("request"), "user", None) or context.get("user")
        if course_key is None or not policy.manages_course(request_user, course_key):
            return {"context": context, "template_name": template_name}
        programs = services.programs_in_course(course_key)
        summaries = [
            {"program": program, "counts": services.health_counts(program.uuid)} for program in programs
        ]
        html = render_to_string(
            "revmentor/dashboard_section.html",
            {"summaries": summaries, "staff_page_url": staff_page_url(course_key)},
        )
        section = {
            "section_key": TAB_ID,
            "section_display_name": _("Reverse mentoring"),
            "course_id": str(course_key),
            "fragment": Fragment(html),
            "template_path_prefix": "/instructor_dashboard/",
        }
        context = dict(context)
        context["sections"] = [*context.get("sections", []), section]
        return {"context": context, "template_name": template_name}
