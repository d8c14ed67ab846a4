"""Course staff "View this course as: Specific learner" never opens a learner's pair.

In the LMS the unit is rendered, and its handlers run, for the learner: the ``user`` service
names the learner and says nothing of the staff member behind the request
(``lms/djangoapps/courseware/masquerade.py``, ``block_render.py``; docs/host-contract.rst). The
sandbox's unit page and handler endpoint take the same two paths.
"""

from __future__ import annotations

import json

import pytest
from crum import impersonate
from sandbox_lms import courseware

from revmentor_plugin import services
from tests import factories
from tests.xblocks.conftest import TYPES

pytestmark = [pytest.mark.django_db, pytest.mark.host_contract]
UNIT = f"/courses/{factories.COURSE}/unit/mentoring/"
SECRET_REFLECTION = "My private doubts about leading"
SECRET_NOTES = "Notes only the pair may read"


@pytest.fixture
def pair_with_private_work():
    busy = factories.busy_pair(
        factories.program(),
        by_mentee={},
        by_mentor={"session": {"notes": SECRET_NOTES}, "reflection": SECRET_REFLECTION},
    )
    return busy.pair, busy.mentor, busy.mentee


def view_as(client, staff, learner):
    client.force_login(staff)
    response = client.post(f"/courses/{factories.COURSE}/masquerade/", {"user_name": learner.username})
    assert response.status_code == 302


def handler_url(block_type: str, handler: str) -> str:
    usage = courseware.usage_key_for(factories.COURSE, courseware.find_block_by_type(block_type))
    return f"/courses/{factories.COURSE}/xblock/{usage}/handler/{handler}/"


def test_the_learner_sees_their_own_work(client, pair_with_private_work):
    _pair, mentor, _mentee = pair_with_private_work
    client.force_login(mentor)
    html = client.get(UNIT).content.decode()
    assert SECRET_NOTES in html


def test_staff_viewing_as_the_learner_see_none_of_it(client, pair_with_private_work):
    _pair, mentor, _mentee = pair_with_private_work
    view_as(client, factories.course_staff(), mentor)
    html = client.get(UNIT).content.decode()
    assert f"You are viewing this unit as {mentor.username}" in html
    assert SECRET_NOTES not in html
    assert SECRET_REFLECTION not in html


@pytest.mark.parametrize(
    ("block_type", "handler", "payload"),
    [
        ("revmentor_reflection", "submit", {"body": "Written by staff", "visibility": "private"}),
        ("revmentor_goals", "add_goal", {"title": "A goal staff set"}),
        ("revmentor_session_log", "log_session", {"duration_minutes": 30, "led_by": "mentor"}),
        ("revmentor_pairing", "decline", {"reason": "Declined by staff"}),
    ],
)
def test_staff_viewing_as_the_learner_cannot_act_in_their_name(
    client, pair_with_private_work, block_type, handler, payload
):
    pair, mentor, _mentee = pair_with_private_work
    before = (len(services.goals_of_pair(pair.uuid)), services.reflection_count(pair.uuid, user=mentor))
    view_as(client, factories.course_staff(), mentor)
    response = client.post(
        handler_url(block_type, handler), json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 403
    assert "viewing the course as another learner" in response.json()["error"]["message"]
    assert (
        len(services.goals_of_pair(pair.uuid)),
        services.reflection_count(pair.uuid, user=mentor),
    ) == before
    assert services.get_pair(pair.uuid).status == "active"
    assert len(services.sessions_of_pair(pair.uuid)) == 1


@pytest.mark.parametrize("block_type", TYPES)
def test_the_block_itself_refuses_to_show_a_learner_to_someone_acting_as_them(
    harness, pair_with_private_work, block_type
):
    """Even if the LMS showed the block under masquerade (it hides blocks without
    ``show_in_read_only_mode``), the block renders nothing of the learner's."""
    _pair, mentor, _mentee = pair_with_private_work
    staff = factories.course_staff()
    mentor.real_user = staff  # what setup_masquerade puts on request.user while rendering
    with impersonate(mentor):
        html = harness.render(block_type, mentor)
    assert 'data-state="viewed_as_learner"' in html
    assert SECRET_NOTES not in html
    assert SECRET_REFLECTION not in html
    assert f"Viewing as {mentor.username}" in html
