"""The sponsor's outcome page (issue 16): the program report's five sections in words and tables.

One function, :func:`outcome_page`, builds what both the printable page
(``/revmentor/courses/<course>/programs/<uuid>/outcome/``) and the REST endpoint
(``programs/{uuid}/report/outcome/``) show: the organizational outcome, two-way learning, role
reversal, interaction frequency (cadence) and trust over time, in that order. Each section names
the factor of the research it measures (Marcinkus Murphy 2012; Lee 2015), says how to read it, and
carries a table of its figures and the charts drawn from them (plain data: the staff page's
dashboard draws the SVG). Nothing is computed here: every number comes from
``services.program_report``, already frozen and suppressed (ADR 0003); a suppressed figure is shown
as the reason it is hidden, never as a number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from revmentor_plugin.data import DEFAULT_LEADERSHIP_LABELS, PulseDimension, Role
from revmentor_plugin.services import learning, reversal
from revmentor_plugin.services.reports import ProgramReport, program_report

#: How many weeks the role reversal chart covers (as the staff page's).
CHART_WEEKS = 12
#: What marks a week where the two directions' trust or comfort diverge.
DIVERGENCE_MARK = "*"
DASH = "\u2013"


def reason_text(reason: str | None, floor: int) -> str:
    """A reason code of the report, in the viewer's language (an empty string for none)."""
    if reason in (learning.TOO_FEW, reversal.TOO_FEW):
        return ngettext("hidden: fewer than %(k)s person", "hidden: fewer than %(k)s people", floor) % {
            "k": floor
        }
    if reason == learning.TOO_FEW_NEW:
        return ngettext(
            "hidden: fewer than %(k)s new person since the last figure",
            "hidden: fewer than %(k)s new people since the last figure",
            floor,
        ) % {"k": floor}
    if reason == learning.CADENCE_TOO_FEW:
        return ngettext(
            "cannot be shown: a group has fewer than %(k)s person",
            "cannot be shown: a group has fewer than %(k)s people",
            floor,
        ) % {"k": floor}
    if reason in (learning.NO_DATA, reversal.NO_DATA):
        return _("no answers yet")
    return ""


def item_label(label: str) -> str:
    """An item's label as the viewer reads it: a default leadership item is our words, so
    translated; a skill or an item course staff wrote is course content, shown as written."""
    return _(label) if label in DEFAULT_LEADERSHIP_LABELS else label


def _chart(
    chart_id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[tuple[str, list[float | None], str]],
    *,
    y_max: float | None = None,
) -> dict[str, Any]:
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "labels": labels,
        "series": series,
        "y_max": y_max,
    }


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100)


def last_weeks(today: dt.date) -> list[str]:
    """The ISO week labels of the last ``CHART_WEEKS`` weeks up to ``today``'s, oldest first."""
    days = [today - dt.timedelta(days=7 * back) for back in range(CHART_WEEKS - 1, -1, -1)]
    return [reversal.week_label(day) for day in days]


# ---------------------------------------------------------------------------------------------
# Role reversal and trust, by week (the staff page's charts use these too)


def led_rows(report: ProgramReport) -> list[list[Any]]:
    """Each of the last weeks: its label, the sessions logged, those the mentor led, the share (%)."""
    by_week = {row["week"]: row for row in report.role_reversal["sessions_led_by_mentor"]["by_week"]}
    return [
        [week, by_week[week]["sessions"], by_week[week]["led_by_mentor"], _percent(by_week[week]["share"])]
        if week in by_week
        else [week, 0, 0, None]
        for week in last_weeks(report.generated_on)
    ]


def led_chart(rows: list[list[Any]], mentor: str, chart_id: str) -> dict[str, Any]:
    """The share of each week's sessions the mentor led, from :func:`led_rows`."""
    return _chart(
        chart_id,
        _("Sessions led by the %(mentor)s, by week") % {"mentor": mentor},
        _(
            "Percentage of the sessions logged in each of the last 12 weeks that the "
            "%(mentor)s led. Weeks without sessions have no bar."
        )
        % {"mentor": mentor},
        [row[0][-3:] for row in rows],
        [(_("Led by the %(mentor)s (%%)") % {"mentor": mentor}, [row[3] for row in rows], "s-mentor")],
        y_max=100,
    )


def trust_weeks(report: ProgramReport) -> list[dict[str, Any]]:
    """The last closed weeks with pulse checks, oldest first."""
    return report.trust_over_time["weeks"][-CHART_WEEKS:]


def trust_chart(report: ProgramReport, mentor: str, mentee: str, chart_id: str) -> dict[str, Any]:
    """Each side's average trust by week; a diverging week is marked on the axis."""
    weeks = trust_weeks(report)
    trust_name = PulseDimension.TRUST.value
    labels = {Role.MENTOR.value: mentor, Role.MENTEE.value: mentee}
    return _chart(
        chart_id,
        _("Trust by direction, by week"),
        _(
            "Average 1 to 5 trust ratings given by the %(mentor)s and the %(mentee)s side in "
            "each closed week; weeks marked %(mark)s are those where the two sides differ by "
            "%(points)s point or more. Weeks with too few answers have no bar."
        )
        % {
            "mentor": mentor,
            "mentee": mentee,
            "mark": DIVERGENCE_MARK,
            "points": f"{report.trust_over_time['divergence_threshold']:g}",
        },
        [week["week"][-3:] + (DIVERGENCE_MARK if week["diverges"] else "") for week in weeks],
        [
            (labels[role], [week[role][trust_name]["average"] for week in weeks], f"s-{role}")
            for role in labels
        ],
        y_max=5,
    )


# ---------------------------------------------------------------------------------------------
# Two-way learning, per direction (the staff page's "Two-way learning" charts use these too)


def learning_columns() -> list[str]:
    return [_("Item"), _("People (at least)"), _("Mean before"), _("Mean after"), _("Mean change")]


def learning_rows(report: ProgramReport, direction: str) -> list[list[Any]]:
    """One direction's items (``mentees``: skills, ``mentors``: leadership items): the label, the
    lower bound of people, the means before and after and their change, or the worded reason."""
    rows = []
    for item in report.two_way_learning[direction]["items"]:
        if item["reason"] is not None or item["mean_change"] is None:
            hidden = reason_text(item["reason"] or learning.TOO_FEW, report.min_group_size)
            rows.append([item_label(item["label"]), hidden, None, None, None])
        else:
            rows.append(
                [
                    item_label(item["label"]),
                    item["participants_at_least"],
                    item["mean_before"],
                    item["mean_after"],
                    item["mean_change"],
                ]
            )
    return rows


def learning_chart(report: ProgramReport, direction: str, label: str, chart_id: str) -> dict[str, Any]:
    """Mean confidence before and after per item of one direction (1 to 5); hidden items, no bar."""
    items = report.two_way_learning[direction]["items"]
    if direction == "mentees":
        title = _("Skills of the %(mentee)s side: confidence before and after") % {"mentee": label}
        description = _(
            "Average 1 to 5 confidence of the %(mentee)s side in each skill they sought, on joining "
            "and at the end. Skills with too few people have no bar."
        ) % {"mentee": label}
    else:
        title = _("Leadership of the %(mentor)s side: confidence before and after") % {"mentor": label}
        description = _(
            "Average 1 to 5 confidence of the %(mentor)s side in each leadership and visibility item, "
            "on joining and at the end. Items with too few people have no bar."
        ) % {"mentor": label}
    return _chart(
        chart_id,
        title,
        description,
        [item_label(item["label"]) for item in items],
        [
            (_("Before"), [item["mean_before"] for item in items], "s-before"),
            (_("After"), [item["mean_after"] for item in items], "s-after"),
        ],
        y_max=5,
    )


def cadence_comparison(report: ProgramReport, chart_id: str) -> dict[str, Any]:
    """Mean skill change of the mentees whose pair met at the cadence and of those whose pair did
    not, or the worded reason it cannot be shown; always with the caution and the rule."""
    cadence = report.two_way_learning["cadence"]
    shown = cadence["reason"] is None
    within, outside = cadence["within_cadence"], cadence["outside_cadence"]
    hidden = reason_text(cadence["reason"], report.min_group_size)
    labels = [_("Within cadence"), _("Outside cadence")]
    return {
        "chart": _chart(
            chart_id,
            _("Skill gain within and outside the cadence"),
            _(
                "Mean change in the skills' confidence (on the 1 to 5 scale) of the people whose "
                "completed pair met at the program's cadence, and of those whose pair did not."
            ),
            labels,
            # a bar has no negative height: a mean change below zero is in the table only
            [
                (
                    _("Mean change"),
                    [v if v is not None and v >= 0 else None for v in (within, outside)],
                    "s-change",
                )
            ],
        ),
        "shown": shown,
        "rows": [
            [labels[0], within if shown else hidden],
            [labels[1], outside if shown else hidden],
        ],
        "reason": "" if shown else hidden,
        "caution": _(
            "This is an association in this program, not a proof: pairs that meet more often may "
            "differ in other ways."
        ),
        "rule": _(
            "A completed pair met at the cadence when it logged at least one session per cadence "
            "period of its active time."
        ),
    }


# ---------------------------------------------------------------------------------------------
# The five sections


def _section(
    key: str,
    title: str,
    factor: str,
    how_to_read: str,
    columns: list[str],
    rows: list[list[Any]],
    charts: list[dict[str, Any]],
    notes: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "factor": factor,
        "how_to_read": how_to_read,
        "table": {"columns": columns, "rows": rows},
        "charts": charts,
        "notes": [note for note in notes or [] if note],
    }


def _outcome_section(report: ProgramReport) -> dict[str, Any]:
    section = report.organizational_outcome
    rows, charts = [], []
    for index, item in enumerate(section["measures"], start=1):
        values = [float(point["value"]) for point in item["points"]]
        charts.append(
            _chart(
                f"rm-outcome-chart-{index}",
                item["measure"],
                _("The value recorded at each milestone, oldest first."),
                [point["recorded_on"].strftime("%d %b %y") for point in item["points"]],
                [(_("Value"), [v if v >= 0 else None for v in values], "s-outcome")],
            )
        )
        for point, value in zip(item["points"], values, strict=True):
            rows.append(
                [
                    item["measure"],
                    point["recorded_on"].isoformat(),
                    value,
                    point["sessions_to_date"],
                    point["active_pairs"],
                    point["note"],
                ]
            )
    return _section(
        "organizational_outcome",
        _("Organizational outcome"),
        _("A clear organizational outcome (Lee 2015)"),
        _(
            "How to read this: a clear organizational outcome (Lee 2015). Each chart is one measure "
            "course staff record at milestones; the table puts every value next to the sessions "
            "logged and the pairs active on that day."
        ),
        [_("Measure"), _("Day"), _("Value"), _("Sessions to date"), _("Active pairs"), _("Note")],
        rows,
        charts,
        ["" if rows else _("No milestone recorded yet.")],
    )


def _learning_section(report: ProgramReport, mentor: str, mentee: str) -> dict[str, Any]:
    rows = [[mentee, *row] for row in learning_rows(report, "mentees")]
    rows += [[mentor, *row] for row in learning_rows(report, "mentors")]
    return _section(
        "two_way_learning",
        _("Two-way learning"),
        _("Learning in both directions (Marcinkus Murphy 2012)"),
        _(
            "How to read this: learning in both directions (Marcinkus Murphy 2012). Each pair of "
            "bars is the average confidence, 1 to 5, before and after: the %(mentee)s side in the "
            "skills they sought, the %(mentor)s side in leadership and visibility."
        )
        % {"mentor": mentor, "mentee": mentee},
        [_("Side"), *learning_columns()],
        rows,
        [
            learning_chart(report, "mentees", mentee, "rm-outcome-chart-learning-mentees"),
            learning_chart(report, "mentors", mentor, "rm-outcome-chart-learning-mentors"),
        ],
    )


def _reversal_section(report: ProgramReport, mentor: str, mentee: str) -> dict[str, Any]:
    section = report.role_reversal
    led = section["sessions_led_by_mentor"]
    weekly = led_rows(report)
    agreement = section["time_to_agreement"]
    agreed = {row["week"]: row for row in agreement["by_week"]}
    comfort_by_week = {row["week"]: row for row in section["learner_comfort"]["by_week"]}

    def comfort_cell(week: str) -> Any:
        cell = comfort_by_week.get(week)
        if cell is None:
            return None
        if cell["average"] is None:
            return reason_text(cell["reason"], report.min_group_size)
        return cell["average"]

    rows = [
        [
            *row,
            agreed[row[0]]["agreed_pairs"] if row[0] in agreed else 0,
            agreed[row[0]]["median_days"] if row[0] in agreed else None,
            comfort_cell(row[0]),
        ]
        for row in weekly
    ]
    comfort = section["learner_comfort"]["latest"]
    share = _percent(led["share"])
    notes = [
        _("Sessions led by the %(mentor)s, overall: %(share)s%%.") % {"mentor": mentor, "share": share}
        if share is not None
        else _("No session logged yet."),
        ngettext(
            "From proposal to both accepting the agreement: median %(median)s days "
            "(quartiles %(q1)s to %(q3)s), over %(n)s pair.",
            "From proposal to both accepting the agreement: median %(median)s days "
            "(quartiles %(q1)s to %(q3)s), over %(n)s pairs.",
            agreement["agreed_pairs"],
        )
        % {
            "median": agreement["median_days"],
            "q1": agreement["quartile_1_days"],
            "q3": agreement["quartile_3_days"],
            "n": agreement["agreed_pairs"],
        }
        if agreement["median_days"] is not None
        else _("No pair has accepted its agreement yet."),
        _("Comfort of the %(mentee)s side in the learner role (1 to 5), week %(week)s: %(average)s.")
        % {"mentee": mentee, "week": comfort["week"], "average": comfort["average"]}
        if comfort["average"] is not None
        else _("Comfort of the %(mentee)s side in the learner role: %(reason)s.")
        % {"mentee": mentee, "reason": reason_text(comfort["reason"], report.min_group_size)},
    ]
    return _section(
        "role_reversal",
        _("Role reversal"),
        _("Difficulty with role reversal (Marcinkus Murphy 2012)"),
        _(
            "How to read this: difficulty with role reversal (Marcinkus Murphy 2012). The higher the "
            "bar, the more the junior colleague, the %(mentor)s, led that week's sessions; the table "
            "adds, week by week, how long the pairs agreeing that week took to agree and how "
            "comfortable the %(mentee)s side was as learner, and the lines below give the overall "
            "figures."
        )
        % {"mentor": mentor, "mentee": mentee},
        [
            _("Week"),
            _("Sessions"),
            _("Led by the %(mentor)s") % {"mentor": mentor},
            _("Share (%)"),
            _("Pairs agreeing"),
            _("Median days to agree"),
            _("Comfort of the %(mentee)s side as learner (1 to 5)") % {"mentee": mentee},
        ],
        rows,
        [led_chart(weekly, mentor, "rm-outcome-chart-led")],
        notes,
    )


def _cadence_section(report: ProgramReport) -> dict[str, Any]:
    adherence = report.cadence_adherence
    comparison = cadence_comparison(report, "rm-outcome-chart-cadence-gain")
    active, within = adherence["active_pairs"], adherence["within_cadence"]
    rows = [
        [_("Active pairs"), active],
        [_("Active pairs within the cadence"), within],
        [_("Share within the cadence (%)"), _percent(adherence["share"])],
        *(
            [_("Mean skill change: %(group)s") % {"group": label}, value]
            for label, value in comparison["rows"]
        ),
    ]
    return _section(
        "cadence",
        _("Interaction frequency"),
        _("Interaction frequency (Marcinkus Murphy 2012)"),
        ngettext(
            "How to read this: interaction frequency (Marcinkus Murphy 2012): successful pairs meet "
            "often. The first chart shows how many active pairs met within the program's cadence "
            "(every %(days)s day); the second compares the skill gains of pairs that met at the "
            "cadence with those that did not.",
            "How to read this: interaction frequency (Marcinkus Murphy 2012): successful pairs meet "
            "often. The first chart shows how many active pairs met within the program's cadence "
            "(every %(days)s days); the second compares the skill gains of pairs that met at the "
            "cadence with those that did not.",
            report.cadence_days,
        )
        % {"days": report.cadence_days},
        [_("Figure"), _("Value")],
        rows,
        [
            _chart(
                "rm-outcome-chart-cadence",
                _("Active pairs within the cadence"),
                _("Active pairs whose last session is within the cadence, and those whose is not."),
                [_("Within cadence"), _("Outside cadence")],
                [(_("Active pairs"), [within, active - within], "s-sessions")],
            ),
            comparison["chart"],
        ],
        [comparison["reason"], comparison["rule"], comparison["caution"]],
    )


def _trust_section(report: ProgramReport, mentor: str, mentee: str) -> dict[str, Any]:
    trust = report.trust_over_time
    weeks = trust_weeks(report)
    trust_name, comfort_name = PulseDimension.TRUST.value, PulseDimension.COMFORT.value
    floor = report.min_group_size

    def cell(value: dict[str, Any]) -> Any:
        return value["average"] if value["average"] is not None else reason_text(value["reason"], floor)

    rows = [
        [
            week["week"],
            cell(week["mentor"][trust_name]),
            cell(week["mentee"][trust_name]),
            cell(week["mentor"][comfort_name]),
            cell(week["mentee"][comfort_name]),
            DASH if week["diverges"] is None else _("Yes") if week["diverges"] else _("No"),
        ]
        for week in weeks
    ]
    points = f"{trust['divergence_threshold']:g}"
    return _section(
        "trust_over_time",
        _("Trust over time"),
        _("Trust and interpersonal comfort (Marcinkus Murphy 2012)"),
        _(
            "How to read this: trust and interpersonal comfort (Marcinkus Murphy 2012). Each pair of "
            "bars is what the %(mentor)s and the %(mentee)s sides said about trust that week, 1 to 5; "
            "a %(mark)s marks a week where the two sides differ by %(points)s point or more."
        )
        % {"mentor": mentor, "mentee": mentee, "mark": DIVERGENCE_MARK, "points": points},
        [
            _("Week"),
            _("Trust (%(role)s)") % {"role": mentor},
            _("Trust (%(role)s)") % {"role": mentee},
            _("Comfort (%(role)s)") % {"role": mentor},
            _("Comfort (%(role)s)") % {"role": mentee},
            _("Sides differ by %(points)s or more") % {"points": points},
        ],
        rows,
        [trust_chart(report, mentor, mentee, "rm-outcome-chart-trust")],
        ["" if rows else _("No closed week with pulse checks yet.")],
    )


def outcome_page(program: Any, *, today: dt.date | None = None) -> dict[str, Any]:
    """The sponsor's outcome page of ``program`` (a ``ProgramData``): the generated date, the
    minimum group size, what is suppressed, and the five sections in the page's order."""
    report = program_report(program.uuid, today=today)
    mentor, mentee = program.mentor_label, program.mentee_label
    floor = report.min_group_size
    return {
        "program_uuid": program.uuid,
        "generated_on": report.generated_on,
        "min_group_size": floor,
        "stated_outcome": report.organizational_outcome["stated"],
        "suppressed": ngettext(
            "Figures drawn from private answers (confidence ratings and pulse checks) are shown only "
            "for groups of at least %(k)s person, are frozen when their month or week ends, and are "
            "published again only once %(k)s more people answered; a hidden figure says why.",
            "Figures drawn from private answers (confidence ratings and pulse checks) are shown only "
            "for groups of at least %(k)s people, are frozen when their month or week ends, and are "
            "published again only once %(k)s more people answered; a hidden figure says why.",
            floor,
        )
        % {"k": floor},
        "sections": [
            _outcome_section(report),
            _learning_section(report, mentor, mentee),
            _reversal_section(report, mentor, mentee),
            _cadence_section(report),
            _trust_section(report, mentor, mentee),
        ],
        "report": report,
    }


__all__ = ["cadence_comparison", "learning_chart", "learning_columns", "learning_rows", "outcome_page"]
