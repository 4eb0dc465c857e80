"""The journal's reminders: at the hour the executive chose in their own zone, once, and only when
the day's (or week's) entry is not written yet."""

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World
from stepwise.lib.recurring import tick_schedule
from stepwise.practice import services, tasks
from stepwise.practice.models import JournalEntry

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def test_a_daily_reminder_comes_at_the_chosen_hour_once_with_a_link_to_write(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    services.preferences_save(owner=world.executive, cadence="daily", reminder="daily", hour=18, weekday=0)
    day = date(2027, 3, 30)  # London is on summer time: 18:30 there is 17:30 UTC
    assert tasks.journal_reminders_send(now=at(day, 17)) == 0  # too early
    assert tasks.journal_reminders_send(now=at(day, 18)) == 1
    assert tasks.journal_reminders_send(now=at(day, 19)) == 0  # once a day
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.executive.email]
    assert "today's professional inventory" in message.subject
    assert f"/engagements/{world.engagement.public_id}/practice/journal/new/" in message.body


def test_no_reminder_when_the_entry_is_written_or_reminders_are_off(world: World) -> None:
    day = date(2027, 3, 30)
    services.preferences_save(owner=world.executive, cadence="daily", reminder="off", hour=8, weekday=0)
    assert tasks.journal_reminders_send(now=at(day, 9)) == 0
    services.preferences_save(owner=world.executive, cadence="daily", reminder="daily", hour=8, weekday=0)
    JournalEntry.objects.create(owner=world.executive, entry_date=day, went_well="Wrote it already.")
    assert tasks.journal_reminders_send(now=at(day, 9)) == 0
    assert tasks.journal_reminders_send(now=at(date(2027, 3, 31), 9)) == 1


def test_a_weekly_reminder_comes_on_the_chosen_day_unless_the_week_is_written(world: World) -> None:
    services.preferences_save(owner=world.executive, cadence="weekly", reminder="weekly", hour=9, weekday=4)
    assert tasks.journal_reminders_send(now=at(date(2027, 4, 1), 10)) == 0  # a Thursday
    JournalEntry.objects.create(owner=world.executive, cadence="weekly", entry_date=date(2027, 3, 29), went_well="x")
    assert tasks.journal_reminders_send(now=at(date(2027, 4, 2), 10)) == 0  # Friday, the week written
    assert tasks.journal_reminders_send(now=at(date(2027, 4, 9), 10)) == 1  # the next Friday


def test_scheduling_queues_one_tick(world: World) -> None:
    assert tick_schedule(tasks.journal_reminders_tick) is True
    assert tick_schedule(tasks.journal_reminders_tick) is False
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=tasks.journal_reminders_tick.module_path
    )
    assert waiting.count() == 1


def test_the_command_sends_what_is_due(world: World) -> None:
    out = io.StringIO()
    call_command("journal_reminders", stdout=out)
    assert out.getvalue().strip() == "0 journal reminder(s) queued."
