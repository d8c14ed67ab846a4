"""The session-log block plans the next session: propose, confirm, decline, cancel, suggest
another time, and log it from the plan, each partner reading the time in their own zone."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from revmentor_plugin import services
from tests import factories

BLOCK = "revmentor_session_log"


@pytest.fixture
def pair(program):
    mentor, mentee = factories.enrolled("amara"), factories.enrolled("bob")
    factories.join(program, mentor, "mentor", timezone="Europe/Berlin")
    factories.join(program, mentee, "mentee", timezone="America/New_York")
    return factories.active_pair(program, mentor, mentee)


def test_propose_confirm_and_see_both_zones(harness, pair):
    _data, mentor, mentee = pair
    with freeze_time("2026-03-02 12:00:00"):
        status, body = harness.call(
            BLOCK,
            "propose_plan",
            {"starts_at": "2026-03-10T14:00", "duration_minutes": 45, "location": "https://meet.example/x"},
            mentee,
        )
        assert status == 200, body
        plan_id = body["plan"]["id"]
        assert (body["plan"]["starts_at"], body["plan"]["timezone"]) == (
            "2026-03-10T18:00:00+00:00",
            "America/New_York",
        )
        assert harness.call(BLOCK, "confirm_plan", {"id": plan_id}, mentee)[0] == 409
        mentee_html = harness.render(BLOCK, mentee)
        # 14:00 in New York is 19:00 in Berlin that week (the USA changed its clocks first).
        assert "March 10, 2026, 2 p.m. your time (March 10, 2026, 7 p.m. for amara)" in mentee_html
        assert "Waiting for your partner to confirm." in mentee_html
        mentor_html = harness.render(BLOCK, mentor)
        assert "March 10, 2026, 7 p.m. your time (March 10, 2026, 2 p.m. for bob)" in mentor_html
        assert 'data-rm-action="confirm_plan"' in mentor_html
        assert "https://meet.example/x" in mentor_html
        status, body = harness.call(BLOCK, "confirm_plan", {"id": plan_id}, mentor)
        assert (status, body["plan"]["status"]) == (200, "confirmed")


def test_bad_proposals_are_4xx_and_write_nothing(harness, pair):
    data, _mentor, mentee = pair
    with freeze_time("2026-03-02 12:00:00"):
        for payload in (
            {},
            {"starts_at": "2026-03-10", "duration_minutes": 45},
            {"starts_at": "2026-03-01T10:00", "duration_minutes": 45},
            {"starts_at": "2026-03-10T10:00", "duration_minutes": "45"},
            {"starts_at": "2026-03-10T10:00", "duration_minutes": 45, "mode": "fax"},
            [1, 2],
        ):
            status, _body = harness.call(BLOCK, "propose_plan", payload, mentee)
            assert 400 <= status < 500, payload
        assert services.planned_sessions_of_pair(data.uuid) == []


def test_reschedule_decline_cancel_and_log_from_the_plan(harness, pair):
    _data, mentor, mentee = pair
    with freeze_time("2026-03-02 12:00:00"):
        call = harness.call
        first = call(
            BLOCK, "propose_plan", {"starts_at": "2026-03-10T14:00", "duration_minutes": 30}, mentee
        )[1]
        moved = call(
            BLOCK, "reschedule_plan", {"id": first["plan"]["id"], "starts_at": "2026-03-11T09:00"}, mentor
        )
        assert moved[0] == 200
        assert (moved[1]["plan"]["proposed_by"], moved[1]["plan"]["sequence"]) == ("mentor", 1)
        assert (
            call(BLOCK, "decline_plan", {"id": first["plan"]["id"]}, mentee)[1]["plan"]["status"]
            == "declined"
        )
        second = call(
            BLOCK, "propose_plan", {"starts_at": "2026-03-12T09:00", "duration_minutes": 50}, mentee
        )[1]
        assert call(BLOCK, "confirm_plan", {"id": second["plan"]["id"]}, mentor)[0] == 200
        third = call(
            BLOCK, "propose_plan", {"starts_at": "2026-03-13T09:00", "duration_minutes": 50}, mentee
        )[1]
        assert (
            call(BLOCK, "cancel_plan", {"id": third["plan"]["id"]}, mentor)[1]["plan"]["status"]
            == "cancelled"
        )
    with freeze_time("2026-03-12 16:00:00"):
        html = harness.render(BLOCK, mentee)
        assert 'data-rm-form="log_plan"' in html
        status, body = call(BLOCK, "log_plan", {"id": second["plan"]["id"], "led_by": "mentor"}, mentee)
        assert status == 200, body
        assert (body["session"]["occurred_on"], body["session"]["duration_minutes"]) == ("2026-03-12", 50)
        assert 'data-rm-form="log_plan"' not in harness.render(BLOCK, mentee)
        assert call(BLOCK, "confirm_session", {"id": body["session"]["id"]}, mentor)[0] == 200


def test_the_block_offers_a_confirmed_plans_invitation_to_the_partners_only(harness, pair):
    import icalendar
    import webob

    _data, mentor, mentee = pair
    staff = factories.course_staff("staffer")
    with freeze_time("2026-03-02 12:00:00"):
        _status, body = harness.call(
            BLOCK, "propose_plan", {"starts_at": "2026-03-10T14:00", "duration_minutes": 45}, mentee
        )
        plan_id = body["plan"]["id"]
        assert "Add to my calendar (.ics)" not in harness.render(BLOCK, mentor)  # only proposed
        harness.call(BLOCK, "confirm_plan", {"id": plan_id}, mentor)
        assert "Add to my calendar (.ics)" in harness.render(BLOCK, mentee)

        def download(user, method="GET", suffix=str(plan_id)):
            block = harness.block(BLOCK, user)
            request = webob.Request.blank("/", method=method)
            return block.runtime.handle(block, "plan_invitation", request, suffix)

        response = download(mentee)
        assert response.status_code == 200
        assert response.content_type == "text/calendar"
        assert "attachment" in response.headers["Content-Disposition"]
        event = icalendar.Calendar.from_ical(response.body).walk("VEVENT")[0]
        assert event.decoded("DTSTART").isoformat() == "2026-03-10T14:00:00-04:00"  # New York, DST began
        assert download(mentor).status_code == 200
        assert download(staff).status_code == 403
        assert download(factories.enrolled("someone_else")).status_code in (404, 409)
        assert download(mentee, suffix="999").status_code == 404
        assert download(mentee, method="POST").status_code == 405
