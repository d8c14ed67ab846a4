"""The staff page's two-way learning charts (issue 16), drawn from the program report.

Made as the page's other charts are (``charts.bar_chart``: server-side SVG with a title and a
description, and a table of the same numbers): the mentees' confidence before and after per skill
they sought, the mentors' per leadership item, and the cadence comparison (the mean skill change of
pairs that met at the program's cadence against those that did not, or the worded reason it cannot
be shown, always with the caution that it is an association, not a proof). A suppressed item's row
says why it is hidden instead of showing a number. The figures, the tables and the words come from
``services`` (the sponsor's outcome page shows the same), so the two pages cannot disagree.
"""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from revmentor_plugin import services
from revmentor_plugin.dashboard.charts import Series, bar_chart


def svg_of(chart: dict[str, Any]) -> SafeString:
    """A chart described by ``services`` (id, title, description, labels, series, y_max) as SVG."""
    return bar_chart(
        chart["id"],
        chart["title"],
        chart["description"],
        chart["labels"],
        [Series(name, values, css) for name, values, css in chart["series"]],
        y_max=chart["y_max"],
    )


def learning_charts(report: Any, mentor_label: str, mentee_label: str) -> dict[str, Any]:
    """Both directions' charts and tables, and the cadence comparison, for one program's report."""
    directions = []
    for direction, label in (("mentees", mentee_label), ("mentors", mentor_label)):
        chart = services.learning_chart(report, direction, label, f"rm-chart-learning-{direction}")
        directions.append(
            {
                "key": direction,
                "title": chart["title"],
                "svg": svg_of(chart),
                "columns": services.learning_columns(),
                "rows": services.learning_rows(report, direction),
            }
        )
    cadence = services.cadence_comparison(report, "rm-chart-learning-cadence")
    return {
        "directions": directions,
        "cadence": {**cadence, "title": cadence["chart"]["title"], "svg": svg_of(cadence["chart"])},
        "how_to_read": _(
            "How to read this: learning in both directions (Marcinkus Murphy 2012). Each pair of bars "
            "is the average confidence, 1 to 5, on joining and at the end: the %(mentee)s side in the "
            "skills they sought, the %(mentor)s side in leadership and visibility. The last chart "
            "compares pairs that met at the cadence with those that did not: interaction frequency "
            "(Marcinkus Murphy 2012)."
        )
        % {"mentor": mentor_label, "mentee": mentee_label},
        "min_group": report.min_group_size,
    }
