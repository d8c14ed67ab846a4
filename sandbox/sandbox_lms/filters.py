"""A host pipeline step standing for whatever a real site already has configured."""

from openedx_filters import PipelineStep


class AddHostReportsTab(PipelineStep):
    def run_filter(self, tabs, user, course_key, **kwargs):
        return {
            "tabs": [
                *tabs,
                {"tab_id": "host_reports", "title": "Reports", "url": "/reports/", "sort_order": 120},
            ]
        }
