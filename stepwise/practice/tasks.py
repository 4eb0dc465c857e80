"""The journal's gentle reminders, at the hour (and on the day) each executive chose, in their own
time zone: a task that runs every hour by queueing its own next run, as the pulse and the
follow-up reminders do (``stepwise.feedback.pulse``); ``manage.py schedule``
(run by ``scripts/run.sh`` before the worker starts) queues the first one.

A reminder is sent only when the day's (or week's) entry is not written yet, and once per day or
week whatever the number of runs or workers (``ReminderSent``)."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from stepwise.engagements.models import Engagement, Participant
from stepwise.lib.mail import mail_queue
from stepwise.meetings.calendar import zone_of
from stepwise.meetings.models import ReminderSent

from .models import JournalEntry, Preferences, Reminder
from .streaks import period_of

REMINDER_KIND = "journal"
TICK = timedelta(hours=1)


@transaction.atomic
def journal_reminders_send(*, now: datetime) -> int:
    """Queue the reminders due at ``now``; a fixed number of queries plus one insert per reminder."""
    chosen = list(
        Preferences.objects.exclude(reminder=Reminder.OFF).filter(owner__is_active=True).select_related("owner")
    )
    if not chosen:
        return 0
    owners = {p.owner_id for p in chosen}
    recent = timezone.localdate(now) - timedelta(days=9)  # a week back, and a day either side for the zones
    written = {
        (owner_id, period_of(day, weekly=True), day)
        for owner_id, day in JournalEntry.objects.filter(owner_id__in=owners, entry_date__gte=recent).values_list(
            "owner_id", "entry_date"
        )
    }
    engagements: dict[int, Engagement] = {}
    for participant in (
        Participant.objects.joined()
        .filter(user_id__in=owners, role=Participant.Role.EXECUTIVE)
        .select_related("engagement")
        .order_by("-engagement__start_date", "-pk")
    ):
        engagements.setdefault(participant.user_id, participant.engagement)
    queued = 0
    for preferences in chosen:
        owner, engagement = preferences.owner, engagements.get(preferences.owner_id)
        if engagement is None:
            continue
        local = now.astimezone(zone_of(owner))
        weekly = preferences.reminder == Reminder.WEEKLY
        if local.hour < preferences.reminder_hour or (weekly and local.weekday() != preferences.reminder_weekday):
            continue
        today, week = local.date(), period_of(local.date(), weekly=True)
        if any(o == owner.pk and (w == week if weekly else d == today) for o, w, d in written):
            continue  # written already: nothing to remind
        year, number, _day = today.isocalendar()
        key = f"{year}-W{number:02d}" if weekly else today.isoformat()
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=owner, kind=REMINDER_KIND, key=key)
        except IntegrityError:
            continue  # sent already, or by another worker a moment ago
        with timezone.override(zone_of(owner)):
            mail_queue(
                template="practice/email/journal_reminder",
                to=[owner.email],
                context={"person": owner, "engagement": engagement, "weekly": weekly},
            )
        queued += 1
    return queued


@task()
def journal_reminders_tick() -> int:
    """Send the reminders due this hour, after queueing the next run."""
    now = timezone.now()
    if journal_reminders_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        journal_reminders_tick.using(run_after=now + TICK).enqueue()
    return journal_reminders_send(now=now)
