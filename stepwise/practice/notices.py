"""Mail when the other party writes in the practice: the executive is told when their coach
comments (on a shared entry or on a mark); the coach is told when the executive shares an entry or
answers a comment. Each person switches their own notices off (``Preferences.mail_comments``,
``Preferences.mail_shares``).

A burst of shares makes one mail: at most one share notice per coach and executive an hour
(``ReminderSent``, kind ``practice_share``, each keyed by the one before); what the executive
shares in that hour is on the journal page. The queued mail holds references only
(``stepwise.lib.mail``): never a comment's text, an entry's words or a link with a token; the
mail names the entry's date and links to the page, where the reader signs in. A share mail whose
entry was made private again (or deleted) before the worker came to it is not sent."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from stepwise.engagements.models import Engagement, Participant
from stepwise.lib.mail import MailNotNeeded, RenderedMail, mail_queue, mail_render
from stepwise.meetings.calendar import zone_of
from stepwise.meetings.models import ReminderSent

from .models import Comment, JournalEntry, Preferences

if TYPE_CHECKING:
    from stepwise.users.models import User

SHARE_KIND = "practice_share"
SHARE_QUIET = timedelta(hours=1)


def _wants(user: "User", field: str) -> bool:
    preferences = Preferences.objects.filter(owner=user).only(field).first()
    return True if preferences is None else bool(getattr(preferences, field))


def coaching_engagements(owner: "User") -> list[Engagement]:
    """The owner's engagements, not closed, in which they are the joined executive: their coaches
    read the record (``access.py``), one engagement a coach (the latest)."""
    by_coach: dict[int, Engagement] = {}
    for participant in (
        Participant.objects.joined()
        .filter(user=owner, role=Participant.Role.EXECUTIVE)
        .exclude(engagement__status=Engagement.Status.CLOSED)
        .select_related("engagement__coach")
        .order_by("-engagement__start_date", "-pk")
    ):
        by_coach.setdefault(participant.engagement.coach_id, participant.engagement)
    return list(by_coach.values())


def _queue(*, person: "User", template: str, context: dict[str, Any], render: Any = None) -> None:
    with timezone.override(zone_of(person)):
        mail_queue(template=template, to=[person.email], context={"person": person, **context}, render=render)


def comment_told(*, comment: Comment, owner: "User", engagement: Engagement | None) -> None:
    """Tell the other party of a new comment: the owner when the coach wrote (with a link beside
    ``engagement``, the one the coach wrote through), each coach when the owner answered."""
    about = {"entry": comment.entry, "mark": comment.mark, "comment": comment, "author": comment.author}
    about = {name: value for name, value in about.items() if value is not None}
    if comment.author_id != owner.pk:
        if engagement is not None and _wants(owner, "mail_comments"):
            _queue(person=owner, template="practice/email/comment_added", context={**about, "engagement": engagement})
        return
    for engagement in coaching_engagements(owner):
        coach = engagement.coach
        if _wants(coach, "mail_shares"):
            _queue(
                person=coach,
                template="practice/email/comment_added",
                context={**about, "engagement": engagement, "owner": owner},
            )


def share_told(*, entry: JournalEntry, now: datetime) -> int:
    """Tell each coach that the owner shared ``entry``, unless they were told of a share by this
    owner in the last hour or switched these mails off; returns how many mails were queued."""
    owner = entry.owner
    queued = 0
    for engagement in coaching_engagements(owner):
        coach = engagement.coach
        if not _wants(coach, "mail_shares"):
            continue
        # Each notice's key names the one before it: two shares at the same moment both find the
        # same last notice, so the database keeps one of their two notices (and one mail).
        prefix = f"{owner.public_id}:"
        last = (
            ReminderSent.objects.filter(user=coach, kind=SHARE_KIND, key__startswith=prefix)
            .order_by("-created_at", "-pk")
            .first()
        )
        if last is not None and last.created_at > now - SHARE_QUIET:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=coach, kind=SHARE_KIND, key=f"{prefix}{last.pk if last else 0}")
        except IntegrityError:
            continue  # another share made the notice a moment ago
        _queue(
            person=coach,
            template="practice/email/entry_shared",
            context={"entry": entry, "owner": owner, "engagement": engagement},
            render=share_mail_render,
        )
        queued += 1
    return queued


def share_mail_render(*, template: str, context: dict[str, Any], to: list[str]) -> RenderedMail:
    """The share mail, unless the entry was made private again before the worker sent it."""
    if not context["entry"].shared:
        raise MailNotNeeded
    return mail_render(template=template, context=context)
