""" "A check-in is owed" has one definition (``meetings.progress.checkin_owed``): the executive's
home page, the engagement page and the check-in reminder agree in each situation where the three
used to answer differently (a session held today, an engagement not begun yet, a check-in from
before the engagement began, no session ahead)."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.engagements.models import Engagement
from stepwise.meetings.models import CheckIn, Session
from stepwise.meetings.services.reminders import reminders_send
from stepwise.plans.models import Goal, KeyAction

HOME_HINT = "Check in on your key actions before the next session."
PAGE_HINT = "Your check-in is due: update your key actions before the next session."


def session_at(world: World, starts_at: datetime, status: str) -> None:
    Session.objects.create(engagement=world.engagement, starts_at=starts_at, minutes=60, time_zone="UTC", status=status)


def checked_in(world: World, at: datetime) -> None:
    action = KeyAction.objects.get(goal__engagement=world.engagement)
    checkin = CheckIn.objects.create(key_action=action, author=world.executive, status="in_progress", progress=20)
    CheckIn.objects.filter(pk=checkin.pk).update(created_at=at)


def started(world: World, days_ago: int) -> None:
    Engagement.objects.filter(pk=world.engagement.pk).update(start_date=timezone.localdate() - timedelta(days=days_ago))


def plain(world: World, now: datetime) -> None:
    started(world, 30)


def checked_in_since_the_last_session(world: World, now: datetime) -> None:
    started(world, 30)
    session_at(world, now - timedelta(days=7), "held")
    checked_in(world, now - timedelta(days=1))


def checked_in_before_the_last_session(world: World, now: datetime) -> None:
    started(world, 30)
    checked_in(world, now - timedelta(days=8))
    session_at(world, now - timedelta(days=7), "held")


def a_session_held_today(world: World, now: datetime) -> None:
    # The home page and the reminder said owed; the engagement page waited a day.
    started(world, 30)
    checked_in(world, now - timedelta(days=8))
    session_at(world, now, "held")


def not_begun_yet(world: World, now: datetime) -> None:
    # The home page and the reminder said owed; the engagement page said not before the start.
    started(world, -3)


def a_check_in_before_the_engagement_began(world: World, now: datetime) -> None:
    # The reminder counted from the start date; the pages counted any check-in.
    started(world, 5)
    checked_in(world, now - timedelta(days=10))


SITUATIONS: list[tuple[Callable[[World, datetime], None], bool]] = [
    (plain, True),
    (checked_in_since_the_last_session, False),
    (checked_in_before_the_last_session, True),
    (a_session_held_today, False),
    (not_begun_yet, False),
    (a_check_in_before_the_engagement_began, False),
]


@pytest.fixture
def accountable(world: World) -> World:
    """Step 5 under a signed agreement, with one open key action."""
    agreement_sign_by_all(world)
    Engagement.objects.filter(pk=world.engagement.pk).update(step_override=5)
    goal = Goal.objects.create(engagement=world.engagement, title="Delegate the weekly report")
    KeyAction.objects.create(goal=goal, description="Hand over the report")
    mail.outbox.clear()
    return world


def answers(world: World, run_worker: Callable[[], int], now: datetime) -> tuple[bool, bool, bool]:
    """(the home page, the engagement page, the reminder) each say a check-in is owed."""
    client = client_for(world.executive)
    home = HOME_HINT in client.get(reverse("home")).content.decode()
    page = PAGE_HINT in client.get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()
    before = len(mail.outbox)
    reminders_send(now=now)
    run_worker()
    reminded = any(m.subject.startswith("Time to check in") for m in mail.outbox[before:])
    return home, page, reminded


@pytest.mark.parametrize(("situation", "owed"), SITUATIONS, ids=[s.__name__ for s, _ in SITUATIONS])
def test_home_engagement_page_and_reminder_agree_whether_a_check_in_is_owed(
    accountable: World, run_worker: Callable[[], int], situation: Callable[[World, datetime], None], owed: bool
) -> None:
    now = timezone.now()
    session_at(accountable, now + timedelta(hours=24), "scheduled")  # the reminder's window
    situation(accountable, now)
    assert answers(accountable, run_worker, now) == (owed, owed, owed)


def test_with_no_session_ahead_both_pages_still_say_a_check_in_is_owed(
    accountable: World, run_worker: Callable[[], int]
) -> None:
    # The home page asked for a session ahead; the engagement page did not. The reminder has no
    # session to come before, so it waits for one.
    now = timezone.now()
    started(accountable, 30)
    session_at(accountable, now - timedelta(days=7), "held")
    assert answers(accountable, run_worker, now) == (True, True, False)
