"""revmentor's emails as edx-ace messages: one message type per reason, delivered or not, knowingly.

Each reason (``overdue``, ``agreement``, ``escalation``, ``agreement_escalation``, ``plan``) is an
ACE :class:`~edx_ace.message.MessageType`, as edx-platform's own apps declare theirs
(``openedx/core/djangoapps/schedules/message_types.py``). ACE renders its templates per channel,
``revmentor/edx_ace/<reason>/email/{subject.txt, head.html, body.html, body.txt}``, in the
recipient's language (the platform's ``pref-lang`` preference, ``host.user_language``), and
hands the result to the channel the host configures (``ACE_CHANNEL_DEFAULT_EMAIL``; Django's
mail backend in a default LMS). The bodies extend the platform's base email template with the
site's branding (``host.email_base_context``), rendered inside an emulated request for the
recipient on the site (``host.email_request``), as the platform's senders do from tasks.

Why not ``edx_ace.ace.send``: it reports a failed delivery to monitoring and returns (a
``ChannelError``, a missing template, a delivery that expired while retrying), so its caller
cannot tell a sent email from a lost one. The reminders keep one ``ReminderLog`` row per email
*sent* and try again on the next run otherwise, so :func:`deliver` takes ACE's own steps in
``send``'s order (the policies, the channel for the message, the rendering, the delivery with
its retries) and raises when the email did not go out: the channel's error, or
:class:`NotDelivered` when ACE's ``ACE_MESSAGE_SENT`` signal did not follow. Docs: ADR 0019.
"""

from __future__ import annotations

import uuid as uuid_lib
from typing import TYPE_CHECKING, Any

from edx_ace import delivery, policy, presentation
from edx_ace.channel import ChannelType, get_channel_for_message
from edx_ace.errors import ChannelError
from edx_ace.message import Message, MessageType
from edx_ace.recipient import Recipient
from edx_ace.signals import ACE_MESSAGE_SENT
from opaque_keys.edx.keys import CourseKey

from revmentor_plugin import host

if TYPE_CHECKING:
    from django.contrib.auth.models import User

APP_LABEL = "revmentor"


class RevmentorMessageType(MessageType):
    """The app whose ``templates/revmentor/edx_ace/`` holds the messages' templates."""

    APP_LABEL = APP_LABEL


class OverdueReminder(RevmentorMessageType):
    """Both members of an active pair that has not met for more than one cadence."""

    NAME = "overdue"


class AgreementReminder(RevmentorMessageType):
    """A member of a pair who has not accepted the program's current expectations."""

    NAME = "agreement"


class Escalation(RevmentorMessageType):
    """Course staff, about the active pairs that have not met for two cadences."""

    NAME = "escalation"


class AgreementEscalation(RevmentorMessageType):
    """Course staff, about the pairs still waiting for an acceptance after 14 days."""

    NAME = "agreement_escalation"


class PlanReminder(RevmentorMessageType):
    """Each partner of an active pair, the day before a confirmed planned session."""

    NAME = "plan"


#: The message type of each reason.
MESSAGE_TYPES: dict[str, type[RevmentorMessageType]] = {
    kind.NAME: kind
    for kind in (OverdueReminder, AgreementReminder, Escalation, AgreementEscalation, PlanReminder)
}


class NotDelivered(Exception):
    """ACE's delivery ended without the email going out (it expired while retrying)."""


class Declined(Exception):
    """A policy of the host's ACE (``ACE_ENABLED_POLICIES``) refused the email channel for this message."""


def message_for(
    user: User, *, course_key: CourseKey, reason: str, context: dict[str, Any], site: Any
) -> Message:
    """The email of ``reason`` to ``user``, personalised, ready to deliver (inside ``host.email_request``)."""
    base = host.email_base_context(course_key, site)
    message_type = MESSAGE_TYPES[reason](context={**base, **context})
    from_address = host.email_from_address(course_key)
    if from_address:
        message_type.options["from_address"] = from_address
    return message_type.personalize(
        recipient=Recipient(lms_user_id=user.pk, email_address=user.email),
        language=host.user_language(user),
        user_context={},
    )


def send(user: User, *, course_key: CourseKey, reason: str, context: dict[str, Any]) -> None:
    """Email ``user`` about ``reason`` through ACE; raise unless the email went out."""
    site = host.email_site()
    failure: Exception | None = None
    with host.email_request(site, user):
        # Caught here and raised below: some releases' emulate_http_request swallow what the
        # block raises after telling their middleware, and a failure must reach the caller.
        try:
            deliver(message_for(user, course_key=course_key, reason=reason, context=context, site=site))
        except Exception as exc:
            failure = exc
    if failure is not None:
        raise failure


def deliver(message: Message) -> None:
    """ACE's ``send`` for the email channel, raising where ``send`` would only report.

    Raises :class:`Declined` when a policy denies email, the channel's ``ChannelError`` (its
    cause, such as the SMTP error, is ``__cause__``), ``TemplateDoesNotExist`` for a missing
    template, and :class:`NotDelivered` when the delivery expired.
    """
    message.report_basics()
    if ChannelType.EMAIL not in policy.channels_for(message):
        raise Declined(message.name)
    channel = get_channel_for_message(ChannelType.EMAIL, message)
    rendered = presentation.render(channel, message)
    sent: list[str] = []

    def note(sender: Any, message: dict[str, Any], **kwargs: Any) -> None:
        sent.append(message.get("uuid", ""))

    uid = f"revmentor-delivery-{uuid_lib.uuid4()}"
    ACE_MESSAGE_SENT.connect(note, weak=False, dispatch_uid=uid)
    try:
        delivery.deliver(channel, rendered, message)
    finally:
        ACE_MESSAGE_SENT.disconnect(dispatch_uid=uid)
    if str(message.uuid) not in sent:
        raise NotDelivered(message.name)


def failure_name(exc: BaseException) -> str:
    """The class to log and count for a failed email: the cause a channel wrapped, else the error's own."""
    if isinstance(exc, ChannelError) and exc.__cause__ is not None:
        return type(exc.__cause__).__name__
    return type(exc).__name__
