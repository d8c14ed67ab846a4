"""Course staff see the program's summary once per unit (in the pairing block) and, in each
other block, that block's own figures: goals by status, sessions and overdue pairs, reflections
shared with staff and the pulse as the report publishes it. Never anyone's words."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from freezegun import freeze_time
from sandbox_lms import courseware

from revmentor_plugin import services
from tests import factories

pytestmark = pytest.mark.django_db

UNIT = f"/courses/{factories.COURSE}/unit/mentoring/"


def count(html: str, key: str) -> str:
    return re.search(rf'data-count="{key}">([^<]*)<', html).group(1)


def test_a_unit_of_the_four_blocks_shows_the_course_summary_once(program):
    """Rendered as the LMS renders a unit: the vertical calls ``child.render`` for each block."""
    factories.active_pair(program)
    staff = factories.course_staff()
    runtime = courseware.SandboxRuntime(user=staff, course_key=factories.COURSE)
    unit = courseware.UNITS["mentoring"]
    blocks = [runtime.load_block(block_def, unit) for block_def in unit.blocks]
    html = "".join(frag.content for frag in courseware.render_as_host(runtime, blocks, "student_view"))
    assert html.count("data-rm-summary") == 1
    assert html.count('data-count="mentors"') == 1
    assert html.count(f'href="/revmentor/courses/{program.course_key}/"') == 1
    assert html.count("data-rm-staff=") == 4
    # and the same through the sandbox's unit page, over HTTP
    client = Client()
    client.force_login(staff)
    page = client.get(UNIT).content.decode()
    assert page.count("data-rm-summary") == 1
    assert page.count("data-rm-staff=") == 4


def test_the_goals_block_counts_goals_by_status(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    services.add_goal(pair.uuid, user=mentee, title="Secret goal title", progress=40)
    achieved = services.add_goal(pair.uuid, user=mentor, title="Another private title")
    services.update_goal(pair.uuid, achieved.id, user=mentor, progress=100)
    html = harness.render("revmentor_goals", factories.course_staff())
    assert (count(html, "open"), count(html, "achieved"), count(html, "total")) == ("1", "1", "2")
    assert count(html, "average_progress") == "70.0%"
    assert "Secret goal title" not in html
    assert "data-rm-summary" not in html


def test_the_session_log_counts_sessions_and_overdue_pairs(harness):
    program = factories.program(cadence_days=14)
    with freeze_time("2026-03-01 12:00"):
        factories.active_pair(program)  # no session since: overdue
        on_time, mentor, mentee = factories.active_pair(program)
    with freeze_time("2026-03-20 12:00"):
        session = services.log_session(
            on_time.uuid,
            user=mentor,
            occurred_on="2026-03-19",
            duration_minutes=60,
            led_by="mentor",
            notes="Private notes",
        )
        services.confirm_session(on_time.uuid, session.id, user=mentee)
        services.log_session(
            on_time.uuid, user=mentee, occurred_on="2026-03-20", duration_minutes=30, led_by="mentor"
        )
        html = harness.render("revmentor_session_log", factories.course_staff())
    assert (count(html, "logged"), count(html, "confirmed")) == ("2", "1")
    assert (count(html, "active_pairs"), count(html, "overdue")) == ("2", "1")
    assert "more than 14 days" in html
    assert "Private notes" not in html


def test_the_reflection_block_shows_what_staff_may_know_and_never_words(harness, program):
    pair, mentor, mentee = factories.active_pair(program)
    services.write_reflection(pair.uuid, user=mentor, body="Only mine", visibility="private", prompt="p")
    services.write_reflection(pair.uuid, user=mentee, body="For the pair", visibility="pair", prompt="p")
    services.write_reflection(pair.uuid, user=mentee, body="For staff", visibility="staff", prompt="p")
    factories.pulse(pair, mentee, 5, 5, 5, 5, 5)
    html = harness.render("revmentor_reflection", factories.course_staff())
    assert count(html, "shared_with_staff") == "1"
    # one answer in an open month: nothing published
    assert count(html, "pulse_mentee") == "not published yet"
    assert count(html, "pulse_mentor") == "not published yet"
    for words in ("Only mine", "For the pair", "For staff"):
        assert words not in html


def test_the_pulse_shows_as_the_report_publishes_it(harness):
    program = factories.program()
    with freeze_time("2026-01-10 12:00"):
        for _ in range(5):
            pair, _mentor, mentee = factories.active_pair(program)
            factories.pulse(pair, mentee, 4, 4, 4, 4, 4)
    with freeze_time(dt.datetime(2026, 2, 3, 12, 0)):
        html = harness.render("revmentor_reflection", factories.course_staff())
    assert count(html, "pulse_mentee") == "2026-01: at least 5 people answered"
    assert count(html, "pulse_mentor") == "not published yet"
