"""The course staff page, ``/revmentor/courses/<course_key>/``.

The page is a shell: it renders the charts on the server (SVG, no CDN) and hands its script
the course, the selected program and the REST API's address; every list and every action
goes through the REST API v1 with the same ``policy.py`` behind it. Course staff, instructors
and operators get in; anonymous users go to the login page; anyone else gets a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import policy, services
from revmentor_plugin.dashboard.charts import Series, bar_chart
from revmentor_plugin.dashboard.learning_charts import learning_charts, svg_of
from revmentor_plugin.dashboard.reversal_charts import reversal_charts
from revmentor_plugin.data import (
    CADENCE_DAYS,
    CAPACITY,
    DEFAULT_CAPACITY,
    DEFAULT_LEADERSHIP_LABELS,
    LEADERSHIP_ITEMS,
    LEADERSHIP_LABEL_LENGTH,
    MINIMUM_SCORE_KEY,
    OPEN_PAIR_STATUSES,
    SENIORITY,
    HealthStatus,
    PairSource,
    PairStatus,
    ParticipantStatus,
    ProgramStatus,
    PulseDimension,
    Role,
    Word,
    choices,
)
from revmentor_plugin.matching import Weights

CHART_WEEKS = 12


def translated(words: type[Word]) -> list[tuple[str, str]]:
    """A vocabulary's ``(value, label)`` pairs, the labels in the viewer's language."""
    return [(value, _(label)) for value, label in choices(words)]


def charts_for(program_uuid: Any, *, today: dt.date | None = None) -> dict[str, Any]:
    """The three charts and the tables behind them, for one program."""
    today = today or services.today()
    report = services.program_report(program_uuid, today=today)
    weeks = services.last_weeks(today)
    per_week = {row["week"]: row["sessions"] for row in report.sessions_per_week}
    sessions = [per_week.get(week, 0) for week in weeks]
    history = services.health_history(program_uuid, weeks=CHART_WEEKS, today=today)
    statuses = translated(HealthStatus)
    labels = {"mentor": _("What mentors received"), "mentee": _("What mentees received")}
    dimensions = dict(translated(PulseDimension))
    pulse = report.pulse_received
    return {
        "report": report,
        "sessions": {
            "svg": bar_chart(
                "rm-chart-sessions",
                _("Sessions per week"),
                _("Sessions logged in each of the last 12 weeks."),
                [week[-3:] for week in weeks],
                [Series(_("Sessions"), sessions, "s-sessions")],
            ),
            "rows": list(zip(weeks, sessions, strict=True)),
        },
        "health": {
            "svg": bar_chart(
                "rm-chart-health",
                _("Pair health over time"),
                _("Open pairs on track, needing attention and at risk at the end of each week."),
                [row["week_ending"].strftime("%d %b") for row in history],
                [Series(label, [row[key] for row in history], f"s-{key}") for key, label in statuses],
                stacked=True,
            ),
            "rows": [(row["week_ending"], *(row[key] for key, _label in statuses)) for row in history],
        },
        "pulse": {
            "svg": bar_chart(
                "rm-chart-pulse",
                _("Pulse averages by direction"),
                _(
                    "Average 1 to 5 ratings of what mentors and mentees said they received, in the "
                    "latest closed month in which enough people answered."
                ),
                list(dimensions.values()),
                [
                    Series(labels[role], [pulse[role][name] for name in dimensions], f"s-{role}")
                    for role in labels
                ],
                y_max=5,
            ),
            "rows": [
                (label, pulse["mentor"][name], pulse["mentee"][name]) for name, label in dimensions.items()
            ],
            "suppressed": [labels[role] for role in labels if pulse[role]["suppressed"]],
            "periods": [(labels[role], pulse[role]["period"]) for role in labels if pulse[role]["period"]],
            "min_group": report.min_group_size,
        },
    }


def outcome_for(report: Any, records: list[Any]) -> dict[str, Any]:
    """The "Organizational outcome" section: the stated outcome, a chart and a table per measure
    (its milestones next to the program's activity on each milestone's day), and the records to
    edit. Kept apart from the other charts so that the sections merge easily."""
    section = report.organizational_outcome
    measures = []
    for index, item in enumerate(section["measures"], start=1):
        points = item["points"]
        values = [float(point["value"]) for point in points]
        measures.append(
            {
                "measure": item["measure"],
                "svg": bar_chart(
                    f"rm-chart-outcome-{index}",
                    item["measure"],
                    _("The value recorded at each milestone, oldest first."),
                    [point["recorded_on"].strftime("%d %b %y") for point in points],
                    # a bar has no negative height: a value below zero is in the table only
                    [Series(_("Value"), [v if v >= 0 else None for v in values], "s-outcome")],
                ),
                "rows": [
                    (
                        point["recorded_on"],
                        value,
                        point["sessions_to_date"],
                        point["active_pairs"],
                        point["note"],
                    )
                    for point, value in zip(points, values, strict=True)
                ],
            }
        )
    return {
        "stated": section["stated"],
        "measures": measures,
        "names": sorted({record.measure for record in records}),
        # the value as a plain decimal (12, 0.35), as the form's number field takes it
        "records": [(record, format(record.value.normalize(), "f")) for record in records],
    }


def leadership_editor(program: Any) -> dict[str, Any]:
    """The program settings' list of leadership items: each row's key (kept when saved, so its
    ratings stay), its label as staff read it (the defaults a program starts with translated) and
    as stored (sent back unchanged when staff did not edit the row)."""
    items = [
        {
            "key": item["key"],
            "label": _(item["label"]) if item["label"] in DEFAULT_LEADERSHIP_LABELS else item["label"],
            "stored": item["label"],
        }
        for item in (program.leadership_items if program else ())
    ]
    return {
        "leadership_items": items,
        "leadership": LEADERSHIP_ITEMS,
        "leadership_label_length": LEADERSHIP_LABEL_LENGTH,
    }


@ensure_csrf_cookie
def staff_page(request: HttpRequest, course_id: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        course_key = CourseKey.from_string(course_id)
    except InvalidKeyError:
        raise Http404 from None
    if not policy.manages_course(request.user, course_key):
        raise Http404
    programs = services.programs_in_course(course_key)
    selected = next(
        (p for p in programs if str(p.uuid) == request.GET.get("program")), programs[0] if programs else None
    )
    config = {
        "courseId": str(course_key),
        "program": str(selected.uuid) if selected else None,
        "api": reverse("revmentor:v1:schema").removesuffix("schema/"),
        # worst first: the order the pair table sorts health in
        "healthStatuses": [status.value for status in sorted(HealthStatus, key=lambda s: -s.rank)],
        # a pair still proposed or active: it can be closed, not re-matched
        "openPairStatuses": [status.value for status in OPEN_PAIR_STATUSES],
        # The script fills these in without ngettext: a count follows its label ("Proposals: 1"),
        # which reads right for any count in every language.
        "messages": {
            "saved": _("Saved."),
            "loading": _("Loading…"),
            "error": _("Something went wrong: %(detail)s"),
            "noPairs": _("No pairs match these filters."),
            "nextPlanned": _("Next session planned:"),
            "noParticipants": _("No participants match these filters."),
            # Which rows of a long list the page shows: "Showing 1-50 of 5,000", with an en dash.
            "showing": _("Showing %(first)s\u2013%(last)s of %(total)s"),
            "runDone": _("Matching preview ready. Proposals: %(n)s."),
            "runQueued": _("Matching is running in the background (%(progress)s%%)."),
            "published": _("Published. Pairs created: %(created)s; skipped: %(skipped)s."),
            "imported": _("Import finished: %(added)s added, %(updated)s updated."),
            "importRunning": _("Importing in the background (%(progress)s%%). Rows: %(rows)s."),
            "importRejected": _(
                "Nothing was imported. Rows with problems: %(n)s, listed below. "
                "Correct them and import the whole file again."
            ),
            "importFailed": _("Nothing was imported: %(detail)s"),
            "notImported": _("Not imported"),
            "pin": _("Pin"),
            "forbid": _("Forbid"),
            "unpin": _("Unpin"),
            "allow": _("Allow"),
            "none": _("None"),
            "runStats": _("Matched %(matched)s · total %(total)s · mean %(mean)s · minimum %(minimum)s"),
            "runGreedy": _(" · greedy baseline %(total)s"),
            "view": _("View"),
            "viewPair": _("View pair %(mentor)s and %(mentee)s"),
            "mentor": selected.mentor_label if selected else _("Advisor"),
            "mentee": selected.mentee_label if selected else _("Learner"),
            "status": _("Status"),
            "source": _("Source"),
            "score": _("Score"),
            "acceptedBy": _("Accepted by"),
            "created": _("Created"),
            "activated": _("Started"),
            "closed": _("Ended"),
            "closedReason": _("Closing reason"),
            "whyMatched": _("Why matched"),
            "health": _("Health"),
            # Pairs by hand (staff_page.js, its own section).
            "handPreviewTitle": _("%(mentor)s and %(mentee)s"),
            "handAllowed": _("Matching's rules allow this pair."),
            "handRefused": _("Not allowed: %(reason)s"),
            "handNeedBoth": _("Choose both people first."),
            "handPaired": _("Paired %(mentor)s and %(mentee)s; both are asked to accept."),
            "endReasonNeeded": _("Give a reason for ending this pair."),
            "pairClosed": _("Closed the pair of %(mentor)s and %(mentee)s."),
            "pairCompleted": _("Completed the pair of %(mentor)s and %(mentee)s."),
            "rematch": _("Find a new partner for %(mentee)s"),
            "partnersTitle": _("New partners for %(mentee)s, best first"),
            "partnersNone": _("No available mentor meets matching's rules for %(mentee)s."),
            "partnersReady": _("New partners proposed for %(mentee)s: %(n)s."),
            "scoreLine": _("score %(score)s"),
            "pairWith": _("Pair %(mentee)s with %(mentor)s"),
            # Edit participant, mentor capacity, the expectations' confirmation (issue 12).
            "edit": _("Edit"),
            "editParticipant": _("Edit %(username)s"),
            "participantFacts": _("%(role)s · %(status)s"),
            "withdrawn": _("%(username)s withdrew from the program; their open pairs are closed."),
            "reinstated": _("%(username)s is back in the program."),
            "capacityOf": _("Capacity of %(username)s"),
            "capacitySaved": _("Capacities saved: %(n)s. Previewing matching again."),
            "noMentors": _("No active mentors."),
            "capacityMore": _(
                "Showing %(shown)s of %(total)s mentors; edit the others from the participant list."
            ),
            "expectationsToAccept": _(
                "Saving this text asks every open pair to accept the expectations again. "
                "Pairs that will need to accept again: %(n)s."
            ),
            "notSaved": _("Nothing was saved."),
            # The organizational outcome (its own section of staff_page.js).
            "outcomeSaved": _("Milestone saved."),
            "outcomeDeleted": _("Milestone deleted."),
            "outcomeDelete": _("Delete the milestone of %(measure)s on %(day)s?"),
            "outcomeEditing": _("Editing the milestone of %(measure)s on %(day)s."),
            # The leadership items' editor in the program settings (issue 16).
            "itemLabel": _("Item %(n)s"),
            "removeItem": _("Remove item %(n)s"),
            "remove": _("Remove"),
        },
        # Domain words as people read them, in the viewer's language (data.py's labels).
        "labels": {
            "pairStatus": dict(translated(PairStatus)),
            "participantStatus": dict(translated(ParticipantStatus)),
            "pairSource": dict(translated(PairSource)),
            "health": dict(translated(HealthStatus)),
            "role": {
                Role.MENTOR.value: selected.mentor_label if selected else _("Advisor"),
                Role.MENTEE.value: selected.mentee_label if selected else _("Learner"),
            },
        },
    }
    stored = dict(selected.matching_weights) if selected else {}
    # The minimum score is stored with the weights but is not one: it has a field of its own.
    minimum_score = stored.pop(MINIMUM_SCORE_KEY, 0.0)
    weights = {**Weights().as_dict(), **stored}
    weight_labels = {
        "skills": _("Skills offered match skills sought"),
        "interests": _("Shared interests"),
        "timezone": _("Close timezones"),
        "department": _("Different departments"),
        "seniority": _("Mentor more junior"),
        "diversity": _("Diversity (self-description)"),
    }
    charts = charts_for(selected.uuid) if selected else None
    context = {
        "statuses": translated(ProgramStatus),
        "participant_statuses": translated(ParticipantStatus),
        "pair_statuses": translated(PairStatus),
        "health_statuses": translated(HealthStatus),
        "cadence_days": CADENCE_DAYS,
        "capacity": DEFAULT_CAPACITY,
        "participant_capacity": CAPACITY,
        "seniority": SENIORITY,
        "weights": [(name, weight_labels[name], value) for name, value in weights.items()],
        "minimum_score_key": MINIMUM_SCORE_KEY,
        "minimum_score": minimum_score,
        "course_key": course_key,
        "programs": programs,
        "program": selected,
        "config": config,
        "charts": charts,
        "outcome": (
            outcome_for(charts["report"], services.outcome_records_of_program(selected.uuid))
            if selected and charts
            else None
        ),
        "today": services.today(),
        "reversal_charts": (
            reversal_charts(charts["report"], selected.mentor_label, selected.mentee_label)
            if charts
            else None
        ),
        "learning_charts": (
            learning_charts(charts["report"], selected.mentor_label, selected.mentee_label)
            if charts
            else None
        ),
        "csv_url": f"{config['api']}programs/{selected.uuid}/report/?format=csv" if selected else None,
        "outcome_url": (
            reverse("revmentor:outcome-page", args=[str(course_key), str(selected.uuid)])
            if selected
            else None
        ),
        **leadership_editor(selected),
    }
    return render(request, "revmentor/staff_page.html", context)


def _managed_course(request: HttpRequest, course_id: str) -> CourseKey:
    """The course of ``course_id`` when the user manages it; a 404 otherwise."""
    try:
        course_key = CourseKey.from_string(course_id)
    except InvalidKeyError:
        raise Http404 from None
    if not policy.manages_course(request.user, course_key):
        raise Http404
    return course_key


def outcome_page(request: HttpRequest, course_id: str, program_uuid: str) -> HttpResponse:
    """The sponsor's outcome page: one program's five sections, each with its charts, its table and
    how to read it, standalone and made to print (issue 16). The same access as the staff page;
    a program of another course, or none, is a 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course_key = _managed_course(request, course_id)
    try:
        program = services.get_program(program_uuid, with_skills=False)
    except services.NotFound:
        raise Http404 from None
    if program.course_key != course_key:
        raise Http404
    page = services.outcome_page(program)
    sections = [
        {**section, "figures": [(chart["title"], svg_of(chart)) for chart in section["charts"]]}
        for section in page["sections"]
    ]
    context = {
        "course_key": course_key,
        "program": program,
        "page": page,
        "sections": sections,
        "staff_url": f"{reverse('revmentor:staff-page', args=[str(course_key)])}?program={program.uuid}",
    }
    return render(request, "revmentor/outcome_page.html", context)
