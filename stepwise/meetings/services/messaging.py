"""Messages between the executive and the coach: sending, and the coach's replies and reply times."""

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement
from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.users.models import User

from ..business_days import business_days_between, reply_deadline
from ..models import Message
from ..selectors.messaging import coach_clock, reply_days


def _tell(*, person: User, message: Message, author: User, due: datetime | None) -> None:
    """Mail the other party, with times in their own time zone."""
    try:
        tz = ZoneInfo(person.time_zone)
    except (ValueError, KeyError):
        tz = ZoneInfo("UTC")
    with timezone.override(tz):
        mail_queue(
            template="meetings/email/message_received",
            to=[person.email],
            context={
                "person": person,
                "author": author,
                "message": message,
                "engagement": message.engagement,
                "due": due,
            },
        )


def _answer(messages: list[Message], *, coach: User, now: datetime) -> None:
    tz, working = coach_clock(coach)
    for message in messages:
        message.answered_at = now
        message.reply_business_days = business_days_between(message.created_at, now, tz=tz, working_days=working)
        message.save(update_fields=["answered_at", "reply_business_days", "updated_at"])


@transaction.atomic
def message_send(*, engagement: Engagement, author: User, body: str, token: UUID, now: datetime) -> Message:
    """Send a message in the engagement's thread; the same form sent twice stores it once.

    From the executive, it is due an answer within the agreed business days in the coach's time
    zone; from the coach, it answers every message of the executive still waiting. Either way the
    other party is told by mail.
    """
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your message before sending it.")})
    return submit_once(
        token=token,
        make=lambda: _message_make(engagement=engagement, author=author, body=body, token=token, now=now),
        find=lambda made: Message.objects.filter(engagement=engagement, token=token).first(),
    )


def _message_make(*, engagement: Engagement, author: User, body: str, token: UUID, now: datetime) -> Message:
    from_coach = author.pk == engagement.coach_id
    if not from_coach and author not in engagement.executives():
        raise ValidationError(_("Only the executive and the coach write in this thread."))
    due = None
    if not from_coach:
        tz, working = coach_clock(engagement.coach)
        due = reply_deadline(now, days=reply_days(engagement), tz=tz, working_days=working)
    message = Message.objects.create(
        engagement=engagement, author=author, body=body, to_coach=not from_coach, reply_due_at=due, token=token
    )
    # The moment is the caller's, so that deadlines and figures agree with it (and the demo can
    # write a thread in the past).
    Message.objects.filter(pk=message.pk).update(created_at=now, updated_at=now)
    message.created_at = message.updated_at = now
    if from_coach:
        waiting = list(Message.objects.filter(engagement=engagement, to_coach=True, answered_at__isnull=True))
        _answer(waiting, coach=author, now=now)
        for executive in engagement.executives():
            _tell(person=executive, message=message, author=author, due=None)
    else:
        _tell(person=engagement.coach, message=message, author=author, due=due)
    return message


@transaction.atomic
def message_mark_answered(*, message: Message, coach: User, now: datetime) -> Message:
    """Record that the coach answered a message without writing (a call, a conversation)."""
    if coach.pk != message.engagement.coach_id:
        raise ValidationError(_("Only the engagement's coach marks messages answered."))
    if not message.to_coach:
        raise ValidationError(_("This message is the coach's own: there is nothing to answer."))
    if message.answered_at is not None:
        raise ValidationError(_("This message is already answered."))
    _answer([message], coach=coach, now=max(now, message.created_at))
    return message
