"""The sponsor's outcome page (issue 16): who gets in, and its five sections in order, each with a
chart, a table and how to read it; suppressed figures show the reason, not a number."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from tests import factories

pytestmark = pytest.mark.django_db


def url(program, course=factories.COURSE):
    return f"/revmentor/courses/{course}/programs/{program.uuid}/outcome/"


@pytest.fixture(autouse=True)
def _k(settings):
    settings.REVMENTOR_REPORT_MIN_GROUP_SIZE = 3


def test_anonymous_users_go_to_login(client, program):
    response = client.get(url(program))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    ("who", "status"),
    [("course_staff", 200), ("operator", 200), ("enrolled", 404), ("mentor", 404), ("other_staff", 404)],
)
def test_staff_only_others_not_found(client, program, who, status):
    users = {
        "course_staff": lambda: factories.course_staff(),
        "operator": lambda: factories.operator(),
        "enrolled": lambda: factories.enrolled(),
        "mentor": lambda: factories.active_pair(program)[1],
        "other_staff": lambda: factories.course_staff(course=factories.OTHER_COURSE),
    }
    client.force_login(users[who]())
    assert client.get(url(program)).status_code == status


def test_a_program_of_another_course_or_none_is_not_found(client):
    other = factories.program(course=factories.OTHER_COURSE)
    client.force_login(factories.operator())  # manages both courses
    assert client.get(url(other)).status_code == 404
    assert client.get(url(other, course=factories.OTHER_COURSE)).status_code == 200
    assert client.get(f"/revmentor/courses/{factories.COURSE}/programs/nope/outcome/").status_code == 404
    assert client.get(f"/revmentor/courses/bad-key/programs/{other.uuid}/outcome/").status_code == 404


def test_five_sections_in_order_with_chart_table_and_how_to_read(client):
    with freeze_time("2026-01-05"):
        program = factories.program(mentor_label="Guide", mentee_label="Executive")
        for before, after in ((1, 3), (2, 4), (2, 5)):
            factories.rated_pair(program, before, after)
    client.force_login(factories.course_staff())
    with freeze_time("2026-02-02"):
        html = client.get(url(program)).content.decode()
    html = html.replace(' class="rm-o-short"', "")  # dates and numbers that stay on one line
    titles = [
        'id="rm-o-organizational_outcome-title"',
        'id="rm-o-two_way_learning-title"',
        'id="rm-o-role_reversal-title"',
        'id="rm-o-cadence-title"',
        'id="rm-o-trust_over_time-title"',
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert html.count("How to read this:") == 5
    assert "Interaction frequency (Marcinkus Murphy 2012)" in html
    assert "Difficulty with role reversal (Marcinkus Murphy 2012)" in html
    assert html.count('<table class="rm-o-table">') == 5
    assert 'id="rm-outcome-chart-learning-mentees"' in html
    assert 'id="rm-outcome-chart-led"' in html
    assert "Sessions led by the Guide, by week" in html  # the program's own labels
    assert "Skills of the Executive side" in html
    # Python: three people rated both times (k = 3): 1.67 before, 4.0 after, +2.33
    assert "<td>Executive</td><td>Python</td><td>3</td><td>1.67</td><td>4.0</td><td>2.33</td>" in html
    # the mentors did not rate at the end: the reason, no number
    assert "<td>Guide</td><td>Senior colleagues know my work</td><td>no answers yet</td>" in html
    assert "Generated on" in html
    assert "Minimum group size" in html
    assert "<dd>3</dd>" in html
    assert "@media print" not in html  # the print rules live in the stylesheet
    assert "outcome_page.css" in html
    assert 'id="rm-print"' in html
    assert "An association" not in html  # worded as the caution below
    assert "not a proof" in html


def test_a_cadence_group_below_k_says_why_and_shows_no_number(client):
    with freeze_time("2026-01-05"):
        program = factories.program()
        for _ in range(3):
            factories.rated_pair(program, 2, 4, sessions=2)
        for _ in range(2):
            factories.rated_pair(program, 2, 3)
    client.force_login(factories.course_staff())
    with freeze_time("2026-02-02"):
        html = client.get(url(program)).content.decode().replace(' class="rm-o-short"', "")
    assert "cannot be shown: a group has fewer than 3 people" in html
    assert "<td>Mean skill change: Within cadence</td><td>cannot be shown" in html


def test_the_staff_page_links_to_it_and_shows_two_way_learning(client):
    with freeze_time("2026-01-05"):
        program = factories.program()
        for before, after in ((1, 3), (2, 4), (2, 5)):
            factories.rated_pair(program, before, after, mentor_after=4 if before == 1 else None)
    client.force_login(factories.course_staff())
    with freeze_time("2026-02-02"):
        html = client.get(f"/revmentor/courses/{factories.COURSE}/?program={program.uuid}").content.decode()
    assert f'href="{url(program)}"' in html
    assert 'id="rm-learning-title"' in html
    assert 'id="rm-chart-learning-mentees"' in html
    assert 'id="rm-chart-learning-mentors"' in html
    assert 'id="rm-chart-learning-cadence"' in html
    assert "<td>Python</td><td>3</td><td>1.67</td><td>4.0</td><td>2.33</td>" in html
    # one mentor rated at the end: hidden, with the reason in words
    assert "<td>Senior colleagues know my work</td><td>hidden: fewer than 3 people</td>" in html
    assert "not a proof" in html
    assert "How to read this: learning in both directions" in html
