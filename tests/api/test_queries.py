"""Every list endpoint and the report cost the same number of queries for 1 row and for 50.

Each case builds its data through the services with ``n`` rows, then reads one page of up to 100
(so all 50 rows are serialised) as the caller named, and asserts the exact count; the comment on
each case says where every query goes. ``force_authenticate`` skips the session lookup, so the
counts are the view's own. The programs of 1 and of 50 busy pairs that the pair listings and the
report read are built once for the module (``factories.built_once``, ADR 0018).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.utils import timezone
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories
from tests.api.conftest import API, client_for

PAGE = "page_size=100"


def _staff():
    return factories.course_staff()


def programs_case(n):
    for i in range(n):
        services.create_program(course_key=factories.COURSE, name=f"P{i}", organizational_outcome="O")
    return _staff(), f"{API}programs/?course_id={quote(str(factories.COURSE))}&{PAGE}"


def participants_case(n):
    program = factories.program()
    for _ in range(n):
        factories.join(program, factories.enrolled(), "mentee", interests=["jazz"])
    return _staff(), f"{API}programs/{program.uuid}/participants/?{PAGE}"


def participants_searched_case(n):
    """Searched and sorted on the server: the same queries, whatever the order."""
    user, url = participants_case(n)
    return user, url + "&search=USER&ordering=-department&role=mentee&status=active"


def skills_case(n):
    program = services.create_program(
        course_key=factories.COURSE, name="P", organizational_outcome="O", status="enrolling"
    )
    for i in range(n):
        services.add_skill(program.uuid, name=f"Skill {i}")
    return _staff(), f"{API}programs/{program.uuid}/skills/?{PAGE}"


# What each pair of the pair listings and the report has: a goal, a session and a pulse check.
BUSY = {
    "by_mentee": {"goal": {"title": "Goal", "progress": 40}, "pulse": factories.pulse_answers(4, trust=2)},
    "by_mentor": {"session": {}},
}


def _busy_program(n, staff):
    """A program of ``n`` busy pairs, with milestones of two measures of its organizational outcome."""
    program = factories.program()
    for i in range(n):
        factories.busy_pair(program, **BUSY)
        services.record_outcome(
            program.uuid, user=staff, measure=f"Measure {i % 2}", value=i, recorded_on=timezone.localdate()
        )
    return program


def busy_programs():
    staff = _staff()
    return SimpleNamespace(staff=staff, programs={n: _busy_program(n, staff) for n in (1, 50)})


_world, world = factories.built_once_fixtures(busy_programs)


def pairs_case(n, busy):
    return busy.staff, f"{API}programs/{busy.programs[n].uuid}/pairs/?{PAGE}"


def pairs_searched_case(n, busy):
    user, url = pairs_case(n, busy)
    return user, url + "&search=user&ordering=-mentee&status=active,proposed"


def pairs_by_health_case(n, busy):
    """A health order and filter read the stored health in SQL: a fixed number of queries."""
    user, url = pairs_case(n, busy)
    return user, url + "&ordering=health&health=at_risk&search=user"


def my_pairs_case(n):
    mentee = factories.enrolled()
    for _ in range(n):
        program = factories.program()
        factories.active_pair(program, mentee=mentee)
    return mentee, f"{API}me/pairs/?{PAGE}"


def _one_pair():
    busy = factories.busy_pair(factories.program(), **BUSY)
    return busy.pair, busy.mentor, busy.mentee


def goals_case(n):
    pair, mentor, _mentee = _one_pair()
    for i in range(n - 1):  # the pair already has one goal
        services.add_goal(pair.uuid, user=mentor, title=f"Goal {i}")
    return mentor, f"{API}pairs/{pair.uuid}/goals/?{PAGE}"


def sessions_case(n):
    pair, mentor, mentee = _one_pair()
    goal = services.goals_of_pair(pair.uuid)[0]
    for _ in range(n - 1):
        services.log_session(
            pair.uuid,
            user=mentee,
            occurred_on=timezone.localdate(),
            duration_minutes=20,
            led_by="mentee",
            skills=["python"],
            goals=[goal.id],
            notes="n",
        )
    return mentor, f"{API}pairs/{pair.uuid}/sessions/?{PAGE}"


def planned_sessions_case(n):
    pair, mentor, mentee = _one_pair()
    for i in range(n):
        services.propose_session(
            pair.uuid,
            user=mentee,
            starts_at=f"{timezone.localdate() + dt.timedelta(days=1 + i)}T10:00",
            duration_minutes=30,
        )
    return mentor, f"{API}pairs/{pair.uuid}/planned-sessions/?{PAGE}"


def reflections_case(n):
    pair, mentor, mentee = _one_pair()
    for i in range(n):
        services.write_reflection(pair.uuid, user=mentee if i % 2 else mentor, body="b", visibility="pair")
    return mentor, f"{API}pairs/{pair.uuid}/reflections/?{PAGE}"


def report_case(n, busy):
    return busy.staff, f"{API}programs/{busy.programs[n].uuid}/report/"


def report_outcome_case(n, busy):
    return busy.staff, f"{API}programs/{busy.programs[n].uuid}/report/outcome/"


def outcome_records_case(n):
    program = factories.program()
    staff = _staff()
    for i in range(n):
        services.record_outcome(
            program.uuid, user=staff, measure="Leaders online", value=i, recorded_on=timezone.localdate()
        )
    return staff, f"{API}programs/{program.uuid}/outcome-records/?{PAGE}"


def _mentors_and_mentees(program, n):
    for _ in range(n):
        factories.join(program, factories.enrolled(), "mentor", languages=["en"])
        factories.join(program, factories.enrolled(), "mentee", languages=["en"])


def matching_runs_case(n):
    program = factories.program()
    _mentors_and_mentees(program, 1)
    for _ in range(n):
        services.start_matching_run(program.uuid)
    return _staff(), f"{API}programs/{program.uuid}/matching-runs/?{PAGE}"


def matching_run_case(n):
    """One run proposing ``n`` pairs (each with its explanation) and listing who was left out."""
    program = factories.program()
    _mentors_and_mentees(program, n)
    factories.join(program, factories.enrolled(), "mentee", languages=["fr"])  # unmatched
    run = services.start_matching_run(program.uuid)
    return _staff(), f"{API}programs/{program.uuid}/matching-runs/{run.id}/"


def partners_case(n):
    """The best mentors for a mentee, among ``n`` candidates."""
    program = factories.program()
    mentee = factories.enrolled()
    factories.join(program, mentee, "mentee", languages=["en"])
    for _ in range(n):
        factories.join(program, factories.enrolled(), "mentor", languages=["en"])
    return _staff(), f"{API}programs/{program.uuid}/pairs/partners/?mentee={mentee.username}"


# (case, queries) -- the same for 1 row and for 50. "get_pair" below is 2 queries: the pair
# joined to its program and both people, and its acceptances; its health is stored with it
# (ADR 0016). A course-role check is one query (the staff role is found first, so the
# instructor role is not asked).
CASES = {
    # role check + the course's programs + one prefetch of their skills (the page is in memory)
    "programs": (programs_case, 3),
    # program (without its skills) + role check (staff list all, so see the program) + program
    # (listing) + count + the page's ids + those participants joined to program, user, manager
    # + prefetches of skills offered and sought
    "participants": (participants_case, 8),
    # the same, searched, filtered and sorted
    "participants_searched": (participants_searched_case, 8),
    # program + its skills (get_program) + role check; the catalog page is in memory
    "skills": (skills_case, 3),
    # program (read once, for the decision and the listing) + role check + count + the page's
    # ids + those pairs joined + acceptances, for the page only (health is stored with each
    # pair; issue 14: 7 before)
    "pairs": (pairs_case, 6),
    # the same, searched, filtered and sorted by a stored column
    "pairs_searched": (pairs_searched_case, 6),
    # the same + one read of the program's stale pairs (none: the stored health is today's);
    # filtered and sorted by the stored health in SQL, paged in SQL
    "pairs_by_health": (pairs_by_health_case, 7),
    # count + the page's ids + those pairs joined + acceptances
    "me_pairs": (my_pairs_case, 4),
    # program + role check (managing includes seeing) + program + its catalog + the runs
    "matching_runs": (matching_runs_case, 5),
    # program + role check + program + the run + its catalog (proposals are stored with the run)
    "matching_run": (matching_run_case, 5),
    # program + role check + program + the mentee + enrollment + their open pairs + the open
    # mentors and their skills offered and sought + their enrollments + open pairs + pairs that
    # ended + the catalog
    "partners": (partners_case, 13),
    # get_pair (2; a member needs no role check) + pair + goals joined to their skill
    "goals": (goals_case, 4),
    # get_pair (2) + pair + sessions joined to their author + prefetches of skills and goals
    "sessions": (sessions_case, 6),
    # get_pair (2) + pair + its planned sessions
    "planned_sessions": (planned_sessions_case, 4),
    # get_pair (2) + pair + reflections joined to their author
    "reflections": (reflections_case, 4),
    # program + role check (managing includes seeing) + report: program, participants by role,
    # pairs by status, the program's stale pairs (none) and open pairs by stored health (one
    # grouped query), sessions per day and leader (summed into the sessions per ISO week and those
    # led by the mentor), active pairs within cadence (their count comes with
    # the statuses), goals by status with their progress, the frozen pulse months and the pulse
    # checks written since the last of them (a month is frozen once); the organizational outcome:
    # its records and the pairs' start and end days; role reversal and trust
    # over time (services.reversal): the frozen pulse weeks and the pulse checks written since the
    # last of them, and the pairs' proposal and agreement dates; two-way learning
    # (services.learning): the frozen months, and on the first read after a month closed the
    # ratings written before it, the frozen row written and read back (a pairs query only when
    # mentees rated both times), and the skill catalog's names (issue 16: 17 before)
    "report": (report_case, 22),
    # the same queries as the report: the outcome page is built from it, nothing read twice
    "report_outcome": (report_outcome_case, 22),
    # program + role check + program + the records joined to their recorder (the page is in memory)
    "outcome_records": (outcome_records_case, 4),
}


#: The cases that read the busy programs built once.
READ_BUSY = {pairs_case, pairs_searched_case, pairs_by_health_case, report_case, report_outcome_case}


def _build(build, rows, busy):
    return build(rows, busy) if build in READ_BUSY else build(rows)


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("name", list(CASES))
def test_list_queries_do_not_grow(world, django_assert_num_queries, name, rows):
    build, queries = CASES[name]
    user, url = _build(build, rows, world)
    client = client_for(user)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    if "count" in body:
        assert body["count"] >= rows
    elif "proposals" in body:
        assert len(body["proposals"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize(
    ("name", "stale"),
    [
        # the page's stale rows: acceptances, 4 health reads (sessions, goals, latest pulses, next
        # plan), one UPDATE of their stored health
        ("pairs", 6),
        # the program's stale ids, their rows, one chunk of them (as above), and the read finding
        # no more (the report and the staff page's counts recompute the same way)
        ("pairs_by_health", 8),
    ],
)
def test_a_stale_day_costs_a_fixed_number_more(world, django_assert_num_queries, name, rows, stale):
    """The day after, before the daily task has run, the stored health is recomputed on read
    and stored (ADR 0016): a fixed number of queries more, once."""
    build, queries = CASES[name]
    user, url = _build(build, rows, world)
    client = client_for(user)
    with freeze_time(timezone.now() + dt.timedelta(days=1)):
        with django_assert_num_queries(queries + stale):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
