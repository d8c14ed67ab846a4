"""Reminder emails: rules, once a day per person and reason, opt-out, escalation."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.models import Program
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
    assert again.as_dict() == {"sent": {}, "already_sent": 3, "opted_out": 0, "failed": []}
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


class RefusingBackend(locmem.EmailBackend):
    """An SMTP server that refuses one recipient, as a real one does for a dead mailbox."""

    def send_messages(self, messages):
        for message in messages:
            if "m_late@example.com" in message.to:
                raise smtplib.SMTPRecipientsRefused({"m_late@example.com": (550, b"No such mailbox")})
        return super().send_messages(messages)


def test_one_refused_recipient_does_not_stop_the_others_and_is_retried_next_run(pairs, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with freeze_time("2026-10-20"):
        summary = send_reminders()
    assert summary.as_dict()["sent"] == {"overdue": 1, "agreement": 1}
    assert sorted(m.to[0] for m in mail.outbox) == ["e_late@example.com", "e_pend@example.com"]
    (failure,) = summary.failed
    assert failure["reason"] == "overdue"
    assert failure["error"] == "SMTPRecipientsRefused"
    assert "m_late" not in caplog.text  # the log names the program, never the person
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with freeze_time("2026-10-20"):
        retry = send_reminders()
    assert retry.as_dict()["sent"] == {"overdue": 1}
    assert mail.outbox[-1].to == ["m_late@example.com"]


def test_one_failing_program_does_not_stop_the_next(pairs, monkeypatch):
    # Fault injection: the first program raises as an unforeseen bug would; the second still runs.
    broken = factories.program(name="Broken")
    from revmentor_plugin.services import reminders

    real = reminders._remind_program

    def remind(program, today, summary):
        if program.uuid == broken.uuid:
            raise RuntimeError("unforeseen")
        return real(program, today, summary)

    monkeypatch.setattr(reminders, "_remind_program", remind)
    with freeze_time("2026-10-20"):
        summary = send_reminders()
    assert summary.as_dict()["sent"] == {"overdue": 2, "agreement": 1}
    assert summary.failed == [{"program": str(broken.uuid), "reason": None, "error": "RuntimeError"}]


def test_the_command_reports_failures_and_exits_non_zero(pairs, settings, capsys):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with freeze_time("2026-10-20"), pytest.raises(CommandError, match="1 reminder"):
        call_command("send_revmentor_reminders")
    assert "'overdue': 1" in capsys.readouterr().out


def test_subjects_are_plain_text_and_one_line(program, pairs):
    # Saved before names were checked (the services now refuse a line break in a name).
    Program.objects.filter(uuid=program.uuid).update(name="R&D <Leaders>\r\nBcc: x@example.com")
    with freeze_time("2026-10-20"):
        summary = send_reminders()
    assert summary.failed == []
    subjects = {m.subject for m in mail.outbox}
    assert "Time for your next mentoring session (R&D <Leaders> Bcc: x@example.com)" in subjects
    assert all("&amp;" not in m.body and "&lt;" not in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Leaders\r\nBcc: x@example.com"),
        ("name", "Leaders\u2028next"),
        ("mentor_label", "Adv\nisor"),
        ("mentor_label", "Adv\tisor"),
        ("description", "bell \x07"),
    ],
)
def test_control_characters_are_refused(program, field, value):
    with pytest.raises(services.InvalidInput) as refused:
        services.update_program(program.uuid, **{field: value})
    assert field in refused.value.as_dict()
    assert getattr(services.get_program(program.uuid), field) != value


def test_multi_line_text_keeps_its_line_breaks(program):
    services.update_program(program.uuid, expectations="Meet every two weeks.\r\n\tBe candid.")
    assert services.get_program(program.uuid).expectations == "Meet every two weeks.\r\n\tBe candid."
