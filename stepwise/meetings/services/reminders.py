"""Reminders by mail: before a session, when a check-in is due, and about overdue key actions.

``reminders_send`` runs every ten minutes (``tasks.reminders_tick``) and must mail each
reminder once: every mail it queues is recorded in ``ReminderSent`` (person, kind, key) in the
same transaction, so a second run finds it, and two runs at once cannot both commit it (the
unique constraint fails one of them, which then queues nothing). Its reads are a fixed number
of queries however many sessions and people there are; each mail queued is one insert.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement, Participant
from stepwise.lib.locks import run_alone
from stepwise.lib.mail import mail_queue
from stepwise.plans.models import KeyAction

from ..calendar import zone_of
from ..models import Preferences, ReminderSent, Session
from ..progress import checkin_facts, checkin_owed

if TYPE_CHECKING:
    from stepwise.users.models import User

LEAD_MAX = timedelta(hours=168)  # the longest notice a person can ask for
CHECKIN_NOTICE = timedelta(hours=48)


class Kind:
    SESSION = "session"
    CHECKIN = "checkin"
    OVERDUE = "overdue"


@transaction.atomic
def preferences_save(
    *,
    user: "User",
    remind_sessions: bool,
    session_lead_hours: int,
    remind_checkins: bool,
    remind_overdue: bool,
    working_days: Iterable[int],
) -> Preferences:
    """Store the person's reminder choices and working days (made on their first change)."""
    days = sorted({int(day) for day in working_days})
    if not days:
        raise ValidationError({"working_days": _("Tick at least one working day.")})
    if any(day < 1 or day > 7 for day in days):
        raise ValidationError({"working_days": _("Choose working days from Monday to Sunday.")})
    preferences = Preferences.objects.for_user(user)
    preferences.remind_sessions = remind_sessions
    preferences.session_lead_hours = session_lead_hours
    preferences.remind_checkins = remind_checkins
    preferences.remind_overdue = remind_overdue
    preferences.working_days = "".join(str(day) for day in days)
    preferences.full_clean()
    preferences.save()
    return preferences


@dataclass
class _Reminder:
    user: "User"
    kind: str
    key: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def _session_reminders(
    sessions: list[Session], executives: dict[int, "User"], prefs: dict[int, Preferences], now: datetime
) -> list[_Reminder]:
    found = []
    for session in sessions:
        engagement = session.engagement
        executive = executives.get(engagement.pk)
        people = [(engagement.coach, executive)]
        if executive is not None:
            people.append((executive, engagement.coach))
        for person, other in people:
            choices = prefs[person.pk]
            if not choices.remind_sessions or session.starts_at > now + timedelta(hours=choices.session_lead_hours):
                continue
            found.append(
                _Reminder(
                    user=person,
                    kind=Kind.SESSION,
                    key=str(session.public_id),
                    template="meetings/email/reminder_session",
                    context={
                        "session": session,
                        "engagement": engagement,
                        "other": other,
                        "is_coach": person.pk == engagement.coach_id,
                    },
                )
            )
    return found


def _checkin_reminders(
    sessions: list[Session], executives: dict[int, "User"], prefs: dict[int, Preferences], now: datetime
) -> list[_Reminder]:
    """To the executive two days before their next session, when a check-in is owed
    (``progress.checkin_owed``, in the executive's own today)."""
    upcoming: dict[int, Session] = {}
    for session in sessions:  # ordered by start: the first one per engagement is the next
        upcoming.setdefault(session.engagement_id, session)
    due = {
        engagement_id: session
        for engagement_id, session in upcoming.items()
        if session.starts_at <= now + CHECKIN_NOTICE
        and engagement_id in executives
        and prefs[executives[engagement_id].pk].remind_checkins
    }
    if not due:
        return []
    found = []
    for engagement in Engagement.objects.filter(pk__in=due).annotate(**checkin_facts()):
        session = due[engagement.pk]
        executive = executives[engagement.pk]
        zone = zone_of(executive)
        if not checkin_owed(engagement, today=timezone.localdate(now, zone), zone=zone):
            continue
        found.append(
            _Reminder(
                user=executive,
                kind=Kind.CHECKIN,
                key=str(session.public_id),
                template="meetings/email/reminder_checkin",
                context={"session": session, "engagement": session.engagement},
            )
        )
    return found


def _overdue_reminders(
    actions: list[KeyAction], executives: dict[int, "User"], prefs: dict[int, Preferences], now: datetime
) -> list[_Reminder]:
    """A weekly digest per engagement of open key actions past their date, in the executive's today."""
    by_engagement: dict[int, list[KeyAction]] = {}
    for action in actions:
        by_engagement.setdefault(action.goal.engagement_id, []).append(action)
    found = []
    for engagement_id, candidates in by_engagement.items():
        executive = executives.get(engagement_id)
        if executive is None or not prefs[executive.pk].remind_overdue:
            continue
        today = now.astimezone(zone_of(executive)).date()
        overdue = [action for action in candidates if action.is_overdue(today)]
        if not overdue:
            continue
        year, week, _day = today.isocalendar()
        engagement = overdue[0].goal.engagement
        found.append(
            _Reminder(
                user=executive,
                kind=Kind.OVERDUE,
                key=f"{engagement.public_id}:{year}-W{week:02d}",
                template="meetings/email/reminder_overdue",
                context={
                    "engagement": engagement,
                    "actions": [(action, (today - action.target_date).days) for action in overdue],  # type: ignore[operator]
                    "today": today,
                },
            )
        )
    return found


@transaction.atomic
def reminders_send(*, now: datetime) -> int:
    """Queue every reminder due at ``now`` that was not sent before; return how many.

    Two workers' runs take turns (``run_alone``): the second finds what the first sent."""
    run_alone("meetings.reminders_send")
    sessions = list(
        Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + LEAD_MAX)
        .exclude(engagement__status=Engagement.Status.CLOSED)
        .select_related("engagement__coach")
        .order_by("starts_at", "pk")
    )
    # Today is at most a day ahead of UTC anywhere; each executive's own today is applied later.
    actions = list(
        KeyAction.objects.open()
        .filter(target_date__lt=now.date() + timedelta(days=1))
        .exclude(goal__engagement__status=Engagement.Status.CLOSED)
        .select_related("goal__engagement")
        .order_by("goal__engagement", "goal__position", "position", "pk")
    )
    engagement_ids = {s.engagement_id for s in sessions} | {a.goal.engagement_id for a in actions}
    if not engagement_ids:
        return 0
    executives = {
        p.engagement_id: p.user
        for p in Participant.objects.filter(
            engagement_id__in=engagement_ids,
            role=Participant.Role.EXECUTIVE,
            joined_at__isnull=False,  # not before they accepted their invitation
            user__is_active=True,
        ).select_related("user")
    }
    people = {u.pk: u for u in executives.values()} | {s.engagement.coach_id: s.engagement.coach for s in sessions}
    stored = {p.user_id: p for p in Preferences.objects.filter(user_id__in=people)}
    prefs = {pk: stored.get(pk) or Preferences(user=user) for pk, user in people.items()}

    candidates = (
        _session_reminders(sessions, executives, prefs, now)
        + _checkin_reminders(sessions, executives, prefs, now)
        + _overdue_reminders(actions, executives, prefs, now)
    )
    if not candidates:
        return 0
    sent = set(
        ReminderSent.objects.filter(
            user_id__in={r.user.pk for r in candidates}, key__in={r.key for r in candidates}
        ).values_list("user_id", "kind", "key")
    )
    due = [r for r in candidates if (r.user.pk, r.kind, r.key) not in sent]
    ReminderSent.objects.bulk_create([ReminderSent(user=r.user, kind=r.kind, key=r.key) for r in due])
    for reminder in due:
        _queue(reminder)
    return len(due)


def _queue(reminder: _Reminder) -> None:
    """Queue in the recipient's time zone: the worker renders every time in the mail in it."""
    person = reminder.user
    zone = zone_of(person)
    with timezone.override(zone):
        mail_queue(template=reminder.template, to=[person.email], context={"person": person, **reminder.context})
