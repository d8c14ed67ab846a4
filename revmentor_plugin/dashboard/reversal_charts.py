"""The staff page's role reversal and trust charts (issue 16), drawn from the program report.

Two charts, made as the page's other charts are (``charts.bar_chart``: server-side SVG with a
title and description, and a table of the same numbers): "Sessions led by the <Advisor>, by week"
over the page's last 12 weeks, and "Trust by direction, by week" over the last 12 closed weeks
with pulse checks, where a week the two directions diverge is marked with an asterisk on the axis
and "yes" in the table. Role names are the program's own labels.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from revmentor_plugin import services
from revmentor_plugin.dashboard.learning_charts import svg_of
from revmentor_plugin.data import PulseDimension


def reversal_charts(report: Any, mentor_label: str, mentee_label: str) -> dict[str, Any]:
    """Both charts and their tables for one program's report. The charts are the outcome page's
    (``services.led_chart``, ``services.trust_chart``), so the two pages cannot disagree."""
    rows = services.led_rows(report)
    led_chart = services.led_chart(rows, mentor_label, "rm-chart-led")
    trust_chart = services.trust_chart(report, mentor_label, mentee_label, "rm-chart-trust")
    trust_name = PulseDimension.TRUST.value
    comfort_name = PulseDimension.COMFORT.value
    points = f"{report.trust_over_time['divergence_threshold']:g}"
    mark = services.DIVERGENCE_MARK
    return {
        "led": {
            "svg": svg_of(led_chart),
            "rows": rows,
            "title": led_chart["title"],
            "how_to_read": _(
                "How to read this: the higher the bar, the more the junior colleague, the %(mentor)s, "
                "led that week's sessions. It measures difficulty with role reversal (Murphy 2012)."
            )
            % {"mentor": mentor_label},
        },
        "trust": {
            "svg": svg_of(trust_chart),
            "rows": [
                (
                    week["week"],
                    week["mentor"][trust_name]["average"],
                    week["mentee"][trust_name]["average"],
                    week["mentor"][comfort_name]["average"],
                    week["mentee"][comfort_name]["average"],
                    week["diverges"],
                )
                for week in services.trust_weeks(report)
            ],
            "labels": {"mentor": mentor_label, "mentee": mentee_label},
            "title": trust_chart["title"],
            "threshold": points,
            "mark": mark,
            "min_group": report.min_group_size,
            "how_to_read": _(
                "How to read this: each pair of bars is what the %(mentor)s and the %(mentee)s sides "
                "said about trust that week; a %(mark)s marks a gap of %(points)s point or more. It "
                "measures trust and interpersonal comfort (Murphy 2012)."
            )
            % {"mentor": mentor_label, "mentee": mentee_label, "mark": mark, "points": points},
        },
    }
