"""Reminder emails through edx-ace: one message type per reason, the email channel, the reader's
language, the site's branding, HTML and text bodies (services/messages.py)."""

import sys

import pytest
from django.core import mail
from django.utils import translation
from edx_ace.signals import ACE_MESSAGE_SENT
from freezegun import freeze_time

# The sandbox's stand-in at the platform's path (openedx/core/djangoapps/user_api/preferences/api.py).
from openedx.core.djangoapps.user_api.preferences.api import set_user_preference

from revmentor_plugin.data import SessionMode
from revmentor_plugin.models import Program
from revmentor_plugin.services import messages
from revmentor_plugin.services.reminders import send_reminders
from tests import factories

pytestmark = pytest.mark.django_db

with translation.override("eo"):
    # "Hello" and the overdue subject in the eo pseudo-locale (make dummy_translations)
    HELLO_EO = translation.gettext("Hello %(name)s,").split("%(name)s")[0].strip()
    OVERDUE_EO = translation.gettext("Time for your next mentoring session (%(name)s)") % {
        "name": "Digital skills exchange"
    }


@pytest.fixture
def sent_by_ace():
    """What ACE reports as sent, through its own ACE_MESSAGE_SENT signal: (channel class, data)."""
    seen = []

    def note(sender, message, **kwargs):
        seen.append((type(sender).__name__, message))

    ACE_MESSAGE_SENT.connect(note, weak=False, dispatch_uid="test-messages-sent")
    yield seen
    ACE_MESSAGE_SENT.disconnect(dispatch_uid="test-messages-sent")


@pytest.fixture
def late_pair(program):
    """An active pair that has not met since 1 October, and the course's staff member."""
    with freeze_time("2026-10-01"):
        factories.course_staff("staffer")
        factories.active_pair(
            program, mentor=factories.enrolled("m_late"), mentee=factories.enrolled("e_late")
        )
    return program


def _html(message):
    ((content, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return content


def _to(address):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


def test_each_reason_is_its_own_ace_message_type_over_the_email_channel(late_pair, sent_by_ace):
    with freeze_time("2026-10-30"):
        summary = send_reminders()
    assert summary.as_dict()["sent"] == {"overdue": 2, "escalation": 1}
    assert sorted(
        (channel, m["app_label"], m["name"], m["recipient"]["email"]) for channel, m in sent_by_ace
    ) == [
        ("DjangoEmailChannel", "revmentor", "escalation", "staffer@example.com"),
        ("DjangoEmailChannel", "revmentor", "overdue", "e_late@example.com"),
        ("DjangoEmailChannel", "revmentor", "overdue", "m_late@example.com"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "e_late@example.com",
        "m_late@example.com",
        "staffer@example.com",
    ]


def test_each_person_reads_the_email_in_their_own_platform_language(late_pair, sent_by_ace):
    set_user_preference(factories.get_user("e_late"), "pref-lang", "eo")
    with freeze_time("2026-10-20"):
        send_reminders()
    english, pseudo = _to("m_late@example.com"), _to("e_late@example.com")
    assert english.subject == "Time for your next mentoring session (Digital skills exchange)"
    assert pseudo.subject == OVERDUE_EO
    assert pseudo.body.startswith(f"{HELLO_EO} e_late,")
    assert 'lang="eo"' in _html(pseudo)
    assert HELLO_EO in _html(pseudo)
    assert english.body.startswith("Hello m_late,")
    assert 'lang="en"' in _html(english)
    languages = {m["recipient"]["email"]: m["message_language"] for _, m in sent_by_ace}
    assert languages == {"e_late@example.com": "eo", "m_late@example.com": "en"}
    assert translation.get_language() == "en"  # the sender's own language is left as it was


def test_html_and_text_bodies_are_both_there_and_each_escaped_for_its_kind(late_pair):
    # Saved before names were checked (the services now refuse a line break in a name).
    Program.objects.filter(uuid=late_pair.uuid).update(name="R&D <Leaders>\r\nBcc: x@example.com")
    with freeze_time("2026-10-20"):
        send_reminders()
    message = _to("e_late@example.com")
    assert message.subject == "Time for your next mentoring session (R&D <Leaders> Bcc: x@example.com)"
    assert "In R&D <Leaders>" in message.body
    assert "&amp;" not in message.body
    html = _html(message)
    assert "In R&amp;D &lt;Leaders&gt;" in html
    assert "<Leaders>" not in html
    assert "m_late and e_late: last met 19 days ago" in message.body
    assert "m_late and e_late: last met 19 days ago" in html


def test_the_html_extends_the_platforms_base_email_with_the_sites_branding(late_pair, settings):
    settings.PLATFORM_NAME = "Acme Learning"
    with freeze_time("2026-10-20"):
        send_reminders()
    html = _html(_to("e_late@example.com"))
    assert "Acme Learning" in html
    # The platform's with_link_tracking tag reads the current request, which only the emulated
    # request gives a task: the home link is absolute on the site, with ACE's campaign.
    assert 'href="https://example.com/?utm_source=revmentor&utm_campaign=overdue' in html
    # revmentor's own links stay absolute, on the LMS root.
    course = f"{settings.LMS_ROOT_URL}/courses/course-v1:TestX+RM1+2026/"
    assert f'<a href="{course}">' in html
    assert course in _to("e_late@example.com").body


def test_without_the_platforms_ace_common_the_email_has_revmentors_own_layout(
    late_pair, settings, monkeypatch
):
    # A host without edx-platform's ace_common and task utilities: their imports fail.
    monkeypatch.setitem(sys.modules, "openedx.core.djangoapps.ace_common.template_context", None)
    monkeypatch.setitem(sys.modules, "openedx.core.lib.celery.task_utils", None)
    settings.PLATFORM_NAME = "Acme Learning"
    with freeze_time("2026-10-20"):
        summary = send_reminders()
    assert summary.failed == []
    html = _html(_to("e_late@example.com"))
    assert "utm_campaign" not in html
    assert "ace-message-id" not in html
    assert f'<a href="{settings.LMS_ROOT_URL}">Acme Learning</a>' in html
    assert "m_late and e_late: last met 19 days ago" in html


def test_the_sender_is_the_email_from_address_of_the_courses_site(late_pair, settings):
    with freeze_time("2026-10-20"):
        send_reminders()
    assert {m.from_email for m in mail.outbox} == {settings.DEFAULT_FROM_EMAIL}
    mail.outbox.clear()
    settings.SANDBOX_SITE_CONFIGURATION = {
        "course_org_filter": "TestX",
        "email_from_address": "mentors@testx.example",
    }
    with freeze_time("2026-10-21"):
        send_reminders()
    assert {m.from_email for m in mail.outbox} == {"mentors@testx.example"}


PAIR = {"uuid": "0", "mentor": "Amara <A>", "mentee": "Sam & co", "days": 20, "waiting": ["Sam & co"]}
PLAN = {
    "uuid": "0",
    "reader": "Amara <A>",
    "partner": "Sam & co",
    "when": "Tuesday",
    "duration": 30,
    "mode": SessionMode.VIDEO,
    "location": "",
}


@pytest.mark.parametrize("reason", sorted(messages.MESSAGE_TYPES))
def test_every_reason_renders_both_bodies_in_the_readers_language(program, reason):
    reader = factories.enrolled("reader")
    set_user_preference(reader, "pref-lang", "eo")
    row = Program.objects.get(uuid=program.uuid)
    context = {
        "user": reader,
        "program": row,
        "program_name": row.name,
        "pairs": [PLAN if reason == "plan" else PAIR],
        "reason": reason,
        "unit_url": "https://lms.example/unit",
        "staff_page_url": "https://lms.example/staff",
    }
    messages.send(reader, course_key=row.course_key, reason=reason, context=context)
    (message,) = mail.outbox
    html = _html(message)
    assert "\n" not in message.subject
    assert message.subject.strip() == message.subject
    assert HELLO_EO in message.body
    assert HELLO_EO in html
    assert "Hello" not in message.body
    assert "Hello" not in html
    assert "Sam & co" in message.body
    assert "Sam &amp; co" in html
    assert "Sam & co" not in html
    link = "https://lms.example/staff" if "escalation" in reason else "https://lms.example/unit"
    assert link in message.body
    assert f'<a href="{link}">' in html


def test_a_message_for_no_known_reason_is_refused(program):
    row = Program.objects.get(uuid=program.uuid)
    with pytest.raises(KeyError):
        messages.send(factories.enrolled("x"), course_key=row.course_key, reason="nonsense", context={})
    assert mail.outbox == []
