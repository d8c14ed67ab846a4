"""Reminder emails: rules, once a day per person and reason, opt-out, escalation."""

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.services.reminders import send_reminders
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(program):
    with freeze_time("2026-10-01"):
        staff = factories.course_staff("staffer")
        fresh, *_ = factories.active_pair(
            program, mentor=factories.enrolled("m_fresh"), mentee=factories.enrolled("e_fresh")
        )
        _late, *_ = factories.active_pair(
            program, mentor=factories.enrolled("m_late"), mentee=factories.enrolled("e_late")
        )
        pending, *_ = factories.proposed_pair(
            program, mentor=factories.enrolled("m_pend"), mentee=factories.enrolled("e_pend")
        )
        services.accept_agreement(pending.uuid, user=factories.get_user("m_pend"))
    with freeze_time("2026-10-20"):
        services.log_session(
            fresh.uuid,
            user=factories.get_user("m_fresh"),
            occurred_on="2026-10-19",
            duration_minutes=30,
            led_by="mentor",
        )
    return staff


def _sent():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def test_overdue_and_agreement_reminders_then_nothing_the_same_day(pairs):
    with freeze_time("2026-10-20"):
        summary = send_reminders()
    assert summary.as_dict()["sent"] == {"overdue": 2, "agreement": 1}
    assert _sent() == [
        ("e_late@example.com", "Time for your next mentoring session (Digital skills exchange)"),
        ("e_pend@example.com", "Please review your mentoring agreement (Digital skills exchange)"),
        ("m_late@example.com", "Time for your next mentoring session (Digital skills exchange)"),
    ]
    assert "m_late and e_late: last met 19 days ago" in mail.outbox[0].body
    with freeze_time("2026-10-20"):
        again = send_reminders()
    assert again.as_dict() == {"sent": {}, "already_sent": 3, "opted_out": 0}
    assert len(mail.outbox) == 3
    with freeze_time("2026-10-21"):
        send_reminders()
    assert len(mail.outbox) == 6


def test_escalation_to_course_staff_after_two_cadences(pairs):
    with freeze_time("2026-10-30"):
        summary = send_reminders()
    assert summary.as_dict()["sent"]["escalation"] == 1
    (escalation,) = [m for m in mail.outbox if m.to == ["staffer@example.com"]]
    assert escalation.subject == "1 mentoring pair needs your attention (Digital skills exchange)"
    assert "m_late and e_late: last met 29 days ago" in escalation.body


def test_opted_out_participants_get_nothing(program, pairs):
    services.update_participant(program.uuid, "e_late", reminders_opt_out=True)
    with freeze_time("2026-10-20"):
        summary = send_reminders()
    assert "e_late@example.com" not in [m.to[0] for m in mail.outbox]
    assert summary.opted_out == 1


def test_closed_programs_are_quiet(program, pairs):
    services.update_program(program.uuid, status="closed")
    with freeze_time("2026-10-30"):
        send_reminders()
    assert mail.outbox == []


def test_management_command(pairs, capsys):
    with freeze_time("2026-10-20"):
        call_command("send_revmentor_reminders")
    assert "'overdue': 2" in capsys.readouterr().out


def test_the_celery_task_sends_the_same_reminders(pairs):
    from revmentor_plugin import tasks

    with freeze_time("2026-10-20"):
        tasks.send_reminders.delay()
    assert len(mail.outbox) == 3
