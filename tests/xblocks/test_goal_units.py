"""The goals block ties a goal to a unit of the course: the unit holding the block (its parent)
or another the host lists; the goal then links to the unit with the LMS's ``jump_to`` URL."""

from __future__ import annotations

import pytest
from django.test import Client

from revmentor_plugin import host, services
from tests import factories

pytestmark = pytest.mark.django_db

UNIT = f"/courses/{factories.COURSE}/unit/mentoring/"
HERE = "block-v1:TestX+RM1+2026+type@vertical+block@mentoring"
ELSEWHERE = "block-v1:TestX+RM1+2026+type@vertical+block@practice"


def test_the_host_lists_the_courses_units_from_the_modulestore():
    units = host.course_units(factories.COURSE)
    assert [(str(key), name) for key, name in units] == [
        (HERE, "Week 1: Your reverse-mentoring pair"),
        (ELSEWHERE, "Week 2: Practise on real work"),
    ]


def test_the_form_offers_this_unit_first_then_the_others(harness, program):
    _pair, _mentor, mentee = factories.active_pair(program)
    html = harness.render("revmentor_goals", mentee)
    assert f'<option value="{HERE}">This unit: Week 1: Your reverse-mentoring pair</option>' in html
    assert f'<option value="{ELSEWHERE}">Week 2: Practise on real work</option>' in html
    assert html.index(HERE) < html.index(ELSEWHERE)


@pytest.mark.parametrize("unit", [HERE, ELSEWHERE])
def test_a_goal_tied_to_a_unit_links_to_it(harness, program, unit):
    pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call(
        "revmentor_goals", "add_goal", {"title": "Ship it", "usage_key": unit}, mentee
    )
    assert status == 200
    url = f"/courses/{factories.COURSE}/jump_to/{unit}"
    assert (body["goal"]["usage_key"], body["goal"]["unit_url"]) == (unit, url)
    assert str(services.goals_of_pair(pair.uuid)[0].usage_key) == unit
    html = harness.render("revmentor_goals", mentee)
    assert f'<a href="{url}" data-rm-field="unit">' in html


@pytest.mark.parametrize(
    "unit",
    [
        "block-v1:TestX+OTHER+2026+type@vertical+block@mentoring",  # another course's unit
        "block-v1:TestX+RM1+2026+type@vertical+block@nowhere",  # no unit of this course
        "not a key",
        5,
    ],
)
def test_a_unit_outside_the_course_is_a_400_naming_the_field(harness, program, unit):
    pair, _mentor, mentee = factories.active_pair(program)
    status, body = harness.call(
        "revmentor_goals", "add_goal", {"title": "Ship it", "usage_key": unit}, mentee
    )
    assert status == 400
    assert "usage_key" in body["error"]["fields"]
    assert services.goals_of_pair(pair.uuid) == []


def test_the_link_leads_to_the_unit_page(program):
    _pair, _mentor, mentee = factories.active_pair(program)
    client = Client()
    client.force_login(mentee)
    response = client.get(f"/courses/{factories.COURSE}/jump_to/{ELSEWHERE}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/courses/{factories.COURSE}/unit/practice/"
    other = "block-v1:TestX+OTHER+2026+type@vertical+block@mentoring"
    assert client.get(f"/courses/{factories.COURSE}/jump_to/{other}").status_code == 404


def test_the_unit_page_gives_the_block_its_unit(program):
    _pair, _mentor, mentee = factories.active_pair(program)
    client = Client()
    client.force_login(mentee)
    html = client.get(UNIT).content.decode()
    assert f'<option value="{HERE}">This unit:' in html


def test_the_other_unit_renders_though_it_holds_no_block(program):
    _pair, _mentor, mentee = factories.active_pair(program)
    client = Client()
    client.force_login(mentee)
    response = client.get(f"/courses/{factories.COURSE}/unit/practice/")
    assert response.status_code == 200
    assert "Week 2: Practise on real work" in response.content.decode()
