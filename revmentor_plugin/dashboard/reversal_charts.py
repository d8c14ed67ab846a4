"""The staff page's role reversal and trust charts (issue 16), drawn from the program report.

Two charts, made as the page's other charts are (``charts.bar_chart``: server-side SVG with a
title and description, and a table of the same numbers): "Sessions led by the <Advisor>, by week"
over the page's last 12 weeks, and "Trust by direction, by week" over the last 12 closed weeks
with pulse checks, where a week the two directions diverge is marked with an asterisk on the axis
and "yes" in the table. Role names are the program's own labels.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from revmentor_plugin.dashboard.charts import Series, bar_chart
from revmentor_plugin.data import PulseDimension

CHART_WEEKS = 12
#: What marks a diverging week on the chart's axis.
DIVERGENCE_MARK = "*"


def _last_weeks(today: dt.date) -> list[str]:
    days = [today - dt.timedelta(days=7 * back) for back in range(CHART_WEEKS - 1, -1, -1)]
    return [f"{d.isocalendar().year:04d}-W{d.isocalendar().week:02d}" for d in days]


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100)


def reversal_charts(report: Any, mentor_label: str, mentee_label: str) -> dict[str, Any]:
    """Both charts and their tables for one program's report."""
    led = report.role_reversal["sessions_led_by_mentor"]
    by_week = {row["week"]: row for row in led["by_week"]}
    weeks = _last_weeks(report.generated_on)
    rows = [
        (week, by_week[week]["sessions"], by_week[week]["led_by_mentor"], _percent(by_week[week]["share"]))
        if week in by_week
        else (week, 0, 0, None)
        for week in weeks
    ]
    labels = {"mentor": mentor_label, "mentee": mentee_label}
    trust = report.trust_over_time
    trust_weeks = trust["weeks"][-CHART_WEEKS:]
    trust_name = PulseDimension.TRUST.value
    comfort_name = PulseDimension.COMFORT.value
    return {
        "led": {
            "svg": bar_chart(
                "rm-chart-led",
                _("Sessions led by the %(mentor)s, by week") % {"mentor": mentor_label},
                _(
                    "Percentage of the sessions logged in each of the last 12 weeks that the "
                    "%(mentor)s led. Weeks without sessions have no bar."
                )
                % {"mentor": mentor_label},
                [week[-3:] for week in weeks],
                [
                    Series(
                        _("Led by the %(mentor)s (%%)") % {"mentor": mentor_label},
                        [r[3] for r in rows],
                        "s-mentor",
                    )
                ],
                y_max=100,
            ),
            "rows": rows,
            "share": _percent(led["share"]),
            "title": _("Sessions led by the %(mentor)s, by week") % {"mentor": mentor_label},
            "how_to_read": _(
                "How to read this: the higher the bar, the more the junior colleague, the %(mentor)s, "
                "led that week's sessions. It measures difficulty with role reversal (Murphy 2012)."
            )
            % {"mentor": mentor_label},
        },
        "trust": {
            "svg": bar_chart(
                "rm-chart-trust",
                _("Trust by direction, by week"),
                _(
                    "Average 1 to 5 trust ratings given by the %(mentor)s and the %(mentee)s side in "
                    "each closed week; weeks marked %(mark)s are those where the two sides differ by "
                    "%(points)s point or more. Weeks with too few answers have no bar."
                )
                % {
                    "mentor": mentor_label,
                    "mentee": mentee_label,
                    "mark": DIVERGENCE_MARK,
                    "points": f"{trust['divergence_threshold']:g}",
                },
                [week["week"][-3:] + (DIVERGENCE_MARK if week["diverges"] else "") for week in trust_weeks],
                [
                    Series(
                        labels[role], [week[role][trust_name]["average"] for week in trust_weeks], f"s-{role}"
                    )
                    for role in labels
                ],
                y_max=5,
            ),
            "rows": [
                (
                    week["week"],
                    week["mentor"][trust_name]["average"],
                    week["mentee"][trust_name]["average"],
                    week["mentor"][comfort_name]["average"],
                    week["mentee"][comfort_name]["average"],
                    week["diverges"],
                )
                for week in trust_weeks
            ],
            "labels": labels,
            "title": _("Trust by direction, by week"),
            "threshold": f"{trust['divergence_threshold']:g}",
            "mark": DIVERGENCE_MARK,
            "min_group": report.min_group_size,
            "how_to_read": _(
                "How to read this: each pair of bars is what the %(mentor)s and the %(mentee)s sides "
                "said about trust that week; a %(mark)s marks a gap of %(points)s point or more. It "
                "measures trust and interpersonal comfort (Murphy 2012)."
            )
            % {
                "mentor": mentor_label,
                "mentee": mentee_label,
                "mark": DIVERGENCE_MARK,
                "points": f"{trust['divergence_threshold']:g}",
            },
        },
    }
