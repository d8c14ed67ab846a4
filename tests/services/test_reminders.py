"""Reminder emails: rules, once a day per person and reason, backoff, opt-out, escalation, links."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command
from django.urls import reverse
from freezegun import freeze_time

from revmentor_plugin import services
from revmentor_plugin.data import PlannedSessionData, PlanStatus, Role, SessionMode
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
    with freeze_time("2026-10-18"):  # proposed two days before the runs below: one reminder is due
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
    (late,) = [m for m in mail.outbox if m.to == ["e_late@example.com"]]
    assert "m_late and e_late: last met 19 days ago" in late.body
    with freeze_time("2026-10-20"):
        again = send_reminders()
    assert again.as_dict() == {"sent": {}, "already_sent": 3, "opted_out": 0, "failed": []}
    assert len(mail.outbox) == 3
    with freeze_time("2026-10-21"):
        send_reminders()
    # Overdue pairs are reminded daily; the agreement only on days 2, 5 and 10 after proposal.
    assert len(mail.outbox) == 5


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
    assert capsys.readouterr().out == (
        "Sent: 2 overdue, 1 agreement, 0 escalation, 0 agreement escalation, 0 planned session; "
        "already sent today: 0; opted out: 0; failed: 0\n"
    )
    with freeze_time("2026-10-20"):
        call_command("send_revmentor_reminders")
    assert "0 agreement escalation, 0 planned session; already sent today: 3;" in (capsys.readouterr().out)


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
    # revmentor's log names the program, never the person. ACE's django_email channel logs the
    # SMTP error itself, address included, as for every email of the platform (ADR 0019).
    ours = [record.getMessage() for record in caplog.records if record.name.startswith("revmentor_plugin")]
    assert ours
    assert not [line for line in ours if "m_late" in line]
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
    out = capsys.readouterr().out
    assert "Sent: 1 overdue, 1 agreement, 0 escalation" in out
    assert "; failed: 1\n" in out
    assert "overdue: SMTPRecipientsRefused" in out
    assert "m_late" not in out
    assert "{" not in out


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


# --- Absolute links ---------------------------------------------------------------------------

COURSE_PATH = "/courses/course-v1:TestX+RM1+2026/"


def test_links_are_absolute_on_the_lms_root(pairs):
    with freeze_time("2026-10-20"):
        send_reminders()
    for message in mail.outbox:
        assert f"\nhttp://127.0.0.1:8000{COURSE_PATH}\n" in message.body
        assert f"\n{COURSE_PATH}" not in message.body


def test_the_sites_configuration_wins_over_the_setting(pairs, settings):
    settings.SANDBOX_SITE_CONFIGURATION = {"LMS_ROOT_URL": "https://mentoring.example.org"}
    with freeze_time("2026-10-20"):
        send_reminders()
    assert all(f"https://mentoring.example.org{COURSE_PATH}" in m.body for m in mail.outbox)


def test_the_courses_own_site_wins_outside_a_request(pairs, monkeypatch):
    # A Celery task or a command has no current site: the platform's get_value then answers the
    # setting, and the site whose course_org_filter holds the course's organization must decide.
    from openedx.core.djangoapps.site_configuration import helpers

    monkeypatch.setattr(helpers, "get_value", lambda name, default=None, **kwargs: default)
    monkeypatch.setattr(
        helpers,
        "get_value_for_org",
        lambda org, name, default=None: "https://testx.example.org" if org == "TestX" else default,
    )
    with freeze_time("2026-10-20"):
        send_reminders()
    assert mail.outbox
    assert all(f"https://testx.example.org{COURSE_PATH}" in m.body for m in mail.outbox)


def test_without_any_lms_root_the_email_leaves_the_link_out(pairs, settings, caplog):
    settings.LMS_ROOT_URL = None
    with freeze_time("2026-10-30"):
        summary = send_reminders()
    assert summary.as_dict()["sent"] == {"overdue": 2, "agreement": 1, "escalation": 1}
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert "/courses/" not in message.body
        assert "http" not in message.body
    assert "LMS_ROOT_URL is not set" in caplog.text


def test_the_escalation_links_the_staff_page(pairs):
    with freeze_time("2026-10-30"):
        send_reminders()
    (escalation,) = [m for m in mail.outbox if m.to == ["staffer@example.com"]]
    page = reverse("revmentor:staff-page", kwargs={"course_id": "course-v1:TestX+RM1+2026"})
    assert f"\nhttp://127.0.0.1:8000{page}\n" in escalation.body


# --- Agreement backoff and escalation ---------------------------------------------------------


def _walk(start: str, days: int, *, skip=()) -> list[dict[str, list[str]]]:
    """Run the reminders once a day from ``start``; per day, who got which subject kind."""
    import datetime as dt

    first = dt.date.fromisoformat(start)
    log = []
    for n in range(days + 1):
        before = len(mail.outbox)
        if n not in skip:
            with freeze_time(first + dt.timedelta(days=n)):
                send_reminders()
        sent: dict[str, list[str]] = {}
        for message in mail.outbox[before:]:
            kind = "escalation" if "proposed pair" in message.subject else "agreement"
            sent.setdefault(kind, []).append(message.to[0])
        log.append({kind: sorted(who) for kind, who in sent.items()})
    return log


@pytest.fixture
def proposed(program):
    """A pair proposed on 2026-11-01 that nobody accepts, and a course staff member."""
    with freeze_time("2026-11-01 09:00"):
        factories.course_staff("staffer")
        pair, *_ = factories.proposed_pair(
            program, mentor=factories.enrolled("adv"), mentee=factories.enrolled("lea")
        )
    return pair


def test_agreement_reminders_back_off_then_escalate_once_and_stop(proposed):
    days = _walk("2026-11-01", 20)
    both = ["adv@example.com", "lea@example.com"]
    expected = [{} for _ in range(21)]
    for day in (2, 5, 10):
        expected[day] = {"agreement": both}
    expected[14] = {"escalation": ["staffer@example.com"]}
    assert days == expected
    (escalation,) = [m for m in mail.outbox if m.to == ["staffer@example.com"]]
    assert escalation.subject == "1 proposed pair has not accepted the agreement (Digital skills exchange)"
    assert "adv and lea: waiting for adv, lea for 14 days" in escalation.body
    assert "http://127.0.0.1:8000/" in escalation.body


def test_a_run_twice_on_a_reminder_day_counts_already_sent(proposed):
    with freeze_time("2026-11-03"):
        assert send_reminders().as_dict()["sent"] == {"agreement": 2}
        again = send_reminders().as_dict()
    assert again["sent"] == {}
    assert again["already_sent"] == 2
    with freeze_time("2026-11-15"):
        assert send_reminders().as_dict()["sent"] == {"agreement_escalation": 1}
        again = send_reminders().as_dict()
    assert again["sent"] == {}
    assert again["already_sent"] == 1


def test_missed_runs_catch_up_once(proposed):
    # cron did not run on days 2 to 4 nor on day 5: day 6 sends the one reminder due, once.
    days = _walk("2026-11-01", 9, skip={2, 3, 4, 5})
    assert [n for n, sent in enumerate(days) if sent] == [6]


def test_the_member_who_accepted_is_not_reminded(program, proposed):
    services.accept_agreement(proposed.uuid, user=factories.get_user("adv"))
    days = _walk("2026-11-01", 15)
    assert days[2] == {"agreement": ["lea@example.com"]}
    assert days[14] == {"escalation": ["staffer@example.com"]}
    assert "waiting for lea for 14 days" in mail.outbox[-1].body


def test_an_opted_out_member_is_not_reminded_but_staff_still_hear(program, proposed):
    services.update_participant(program.uuid, "lea", reminders_opt_out=True)
    days = _walk("2026-11-01", 14)
    assert days[2] == {"agreement": ["adv@example.com"]}
    assert days[14] == {"escalation": ["staffer@example.com"]}


def test_a_later_edit_of_the_program_does_not_move_the_wait_for_new_expectations(program):
    with freeze_time("2026-11-01"):
        factories.active_pair(program, mentor=factories.enrolled("adv"), mentee=factories.enrolled("lea"))
    with freeze_time("2026-11-05"):
        services.update_program(program.uuid, expectations="Meet weekly.", cadence_days=60)
    with freeze_time("2026-11-06"):
        services.update_program(program.uuid, name="Renamed program")
    days = _walk("2026-11-05", 19)
    assert [n for n, sent in enumerate(days) if sent] == [2, 5, 10]  # counted from the 5th, not the 6th


def test_changed_expectations_start_a_new_wait_for_an_active_pair(program):
    with freeze_time("2026-11-01"):
        factories.active_pair(program, mentor=factories.enrolled("adv"), mentee=factories.enrolled("lea"))
    with freeze_time("2026-11-05"):
        services.update_program(program.uuid, expectations="Meet weekly.", cadence_days=60)
    days = _walk("2026-11-05", 19)
    both = ["adv@example.com", "lea@example.com"]
    assert [n for n, sent in enumerate(days) if sent] == [2, 5, 10]
    assert all(days[n] == {"agreement": both} for n in (2, 5, 10))


# --- the day before a confirmed planned session -------------------------------------------------


@pytest.fixture
def far_apart_plan(program):
    """A confirmed plan of a pair twelve hours apart (Auckland and Honolulu): Tuesday 3 March 2026
    at 10:00 in Honolulu (UTC-10), which is Wednesday 4 March at 9:00 in Auckland (UTC+13)."""
    with freeze_time("2026-02-20"):
        mentor = factories.enrolled("kiri")
        factories.profile_name(mentor, "Kiri Tane")
        mentee = factories.enrolled("leilani")
        factories.join(program, mentor, "mentor", timezone="Pacific/Auckland")
        factories.join(program, mentee, "mentee", timezone="Pacific/Honolulu")
        pair, *_ = factories.active_pair(program, mentor=mentor, mentee=mentee)
        services.log_session(
            pair.uuid, user=mentor, occurred_on="2026-02-20", duration_minutes=30, led_by="mentor"
        )
    moment = dt.datetime(2026, 2, 25, tzinfo=dt.UTC)

    def plan(**changes):
        values = {
            "id": 1,
            "pair_uuid": pair.uuid,
            "uid": f"plan-1-{pair.uuid}@revmentor",
            "sequence": 0,
            "status": PlanStatus.CONFIRMED,
            "starts_at": dt.datetime(2026, 3, 3, 20, 0, tzinfo=dt.UTC),
            "timezone": "Pacific/Honolulu",
            "duration_minutes": 45,
            "mode": SessionMode.VIDEO,
            "location": "https://meet.example.com/abc",
            "proposed_by": Role.MENTEE,
            "confirmed_at": moment,
            "created": moment,
            "modified": moment,
        }
        return PlannedSessionData(**{**values, **changes})

    return plan


def test_each_partner_is_reminded_on_the_day_before_as_their_own_zone_counts_days(far_apart_plan):
    plan = far_apart_plan()
    # 10:30 UTC on 2 March: Monday 00:30 in Honolulu (the session is tomorrow there), but already
    # Monday 23:30 in Auckland, where the session is the day after tomorrow
    with freeze_time("2026-03-02 10:30"):
        summary = services.send_plan_reminders([plan])
    assert summary.as_dict()["sent"] == {"plan": 1}
    (to_leilani,) = mail.outbox
    assert to_leilani.to == ["leilani@example.com"]
    assert to_leilani.subject == "Your mentoring session tomorrow (Digital skills exchange)"
    assert to_leilani.body.startswith("Hello leilani,")
    assert (
        "With Kiri Tane: Tuesday March 3, 2026, 10 a.m. your time "
        "(Wednesday March 4, 2026, 9 a.m. for Kiri Tane)" in to_leilani.body
    )
    assert "45 minutes, Video call, https://meet.example.com/abc" in to_leilani.body
    # 12:00 UTC, the same site day: now Tuesday 01:00 in Auckland, and Kiri's turn; Leilani had hers
    with freeze_time("2026-03-02 12:00"):
        summary = services.send_plan_reminders([plan])
    assert summary.as_dict()["sent"] == {"plan": 1}
    assert summary.already_sent == 1
    to_kiri = mail.outbox[-1]
    assert to_kiri.to == ["kiri@example.com"]
    assert to_kiri.body.startswith("Hello Kiri Tane,")
    assert "With leilani: Wednesday March 4, 2026, 9 a.m. your time" in to_kiri.body
    # the next day nobody's tomorrow holds the session any more
    with freeze_time("2026-03-03 12:00"):
        assert services.send_plan_reminders([plan]).as_dict()["sent"] == {}


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "proposed"},
        {"status": "cancelled"},
        {"status": "declined"},
    ],
)
def test_only_confirmed_plans_are_reminded(far_apart_plan, changes):
    plan = far_apart_plan(status=PlanStatus(changes["status"]))
    with freeze_time("2026-03-02 12:00"):
        assert services.send_plan_reminders([plan]).as_dict()["sent"] == {}
    assert mail.outbox == []


def test_an_opted_out_partner_and_a_closed_pair_get_no_plan_reminder(far_apart_plan, program):
    plan = far_apart_plan()
    services.update_participant(program.uuid, "kiri", reminders_opt_out=True)
    with freeze_time("2026-03-02 12:00"):
        summary = services.send_plan_reminders([plan])
    assert [message.to for message in mail.outbox] == [["leilani@example.com"]]
    assert summary.opted_out == 1
    services.close_pair(plan.pair_uuid, reason="Moved on")
    with freeze_time("2026-03-02 10:30"):
        assert services.send_plan_reminders([plan]).as_dict()["sent"] == {}
    assert len(mail.outbox) == 1
