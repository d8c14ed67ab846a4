"""The pairing block's reminder switch, through the reminder run: a participant turns reminder
emails off and on in the block, and the run honours it (Django's locmem outbox). The emails link
to the unit holding the pairing block once a participant has seen it there, and say where the
switch is."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.models import Program
from tests import factories

pytestmark = pytest.mark.django_db

UNIT = "block-v1:TestX+RM1+2026+type@vertical+block@mentoring"
UNIT_LINK = f"http://127.0.0.1:8000/courses/course-v1:TestX+RM1+2026/jump_to/{UNIT}"
COURSE_LINK = "http://127.0.0.1:8000/courses/course-v1:TestX+RM1+2026/"


@pytest.fixture
def late_pair(program):
    """An active pair with no session for 19 days on 2026-10-20: both are due a reminder."""
    with freeze_time("2026-10-01"):
        return factories.active_pair(
            program, mentor=factories.enrolled("m_late"), mentee=factories.enrolled("e_late")
        )


def remind() -> list[str]:
    mail.outbox.clear()
    with freeze_time("2026-10-20"):
        services.send_reminders()
    return sorted(message.to[0] for message in mail.outbox)


def test_the_switch_is_off_then_on_and_the_run_honours_it(harness, late_pair):
    _pair, _mentor, mentee = late_pair
    html = harness.render("revmentor_pairing", mentee)
    assert 'name="reminders"' in html
    assert "checked" in html.split('name="reminders"', 1)[1].split(">", 1)[0]

    status, body = harness.call("revmentor_pairing", "set_reminders", {"reminders": False}, mentee)
    assert (status, body) == (200, {"reminders": False})
    html = harness.render("revmentor_pairing", mentee)
    assert "checked" not in html.split('name="reminders"', 1)[1].split(">", 1)[0]
    assert remind() == ["m_late@example.com"]

    status, body = harness.call("revmentor_pairing", "set_reminders", {"reminders": True}, mentee)
    assert (status, body) == (200, {"reminders": True})
    mail.outbox.clear()
    with freeze_time("2026-10-21"):
        services.send_reminders()
    assert sorted(message.to[0] for message in mail.outbox) == ["e_late@example.com", "m_late@example.com"]


@pytest.mark.parametrize("payload", [{}, {"reminders": "no"}, {"reminders": 0}, {"reminders": None}, []])
def test_junk_is_a_400_and_changes_nothing(harness, late_pair, payload):
    _pair, _mentor, mentee = late_pair
    status, body = harness.call("revmentor_pairing", "set_reminders", payload, mentee)
    assert status == 400
    assert "error" in body
    assert remind() == ["e_late@example.com", "m_late@example.com"]


def test_only_a_participant_has_the_switch(harness, program):
    outsider = factories.enrolled()
    assert 'name="reminders"' not in harness.render("revmentor_pairing", outsider)
    status, _body = harness.call("revmentor_pairing", "set_reminders", {"reminders": False}, outsider)
    assert status == 409
    staff = factories.course_staff()
    status, _body = harness.call("revmentor_pairing", "set_reminders", {"reminders": False}, staff)
    assert status == 403


def test_the_email_says_where_the_switch_is_and_links_the_course_until_the_unit_is_known(late_pair):
    remind()
    for message in mail.outbox:
        assert "Email me reminders about this program" in message.body
        assert "mentoring profile" not in message.body
        assert f"\n{COURSE_LINK}\n" in message.body
        assert "jump_to" not in message.body


def test_a_participant_seeing_the_block_in_its_unit_makes_the_emails_link_there(program, late_pair):
    _pair, _mentor, mentee = late_pair
    client = Client()
    client.force_login(mentee)
    assert client.get("/courses/course-v1:TestX+RM1+2026/unit/mentoring/").status_code == 200
    assert str(Program.objects.get(uuid=program.uuid).pairing_unit) == UNIT
    remind()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert f"\n{UNIT_LINK}\n" in message.body
    # and that link leads to the unit page
    response = client.get(UNIT_LINK.removeprefix("http://127.0.0.1:8000"))
    assert response.headers["Location"] == "/courses/course-v1:TestX+RM1+2026/unit/mentoring/"


def test_the_unit_is_written_once_and_not_by_staff_or_strangers(program, late_pair, harness):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _pair, _mentor, mentee = late_pair
    staff = factories.course_staff()
    harness.render("revmentor_pairing", staff)
    harness.render("revmentor_pairing", factories.enrolled())  # not a participant: may not join
    assert Program.objects.get(uuid=program.uuid).pairing_unit is None
    before = Program.objects.get(uuid=program.uuid).modified
    harness.render("revmentor_pairing", mentee)
    after = Program.objects.get(uuid=program.uuid)
    assert str(after.pairing_unit) == UNIT
    assert after.modified == before  # the agreement reminders count from it
    with CaptureQueriesContext(connection) as captured:
        harness.render("revmentor_pairing", mentee)
    assert not [q for q in captured if q["sql"].startswith("UPDATE")]
