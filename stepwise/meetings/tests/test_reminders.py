"""Step 5: reminders by mail before sessions, when a check-in is due and about overdue key
actions: each sent once, in the recipient's own time, only to those who want them."""

import io
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World, engagement_make, participant_join, world_build
from stepwise.engagements.models import Engagement, Participant
from stepwise.meetings.models import CheckIn, Preferences, ReminderSent, Session
from stepwise.meetings.services.reminders import reminders_send
from stepwise.meetings.tasks import reminders_tick
from stepwise.plans.models import Goal, KeyAction
from stepwise.users.models import User

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
STARTS = datetime(2027, 2, 1, 10, 0, tzinfo=LONDON)  # a Monday: 10:00 in London, 05:00 in New York


@pytest.fixture
def people(world: World, fresh_outbox: list[EmailMessage]) -> World:
    """The coach works in London, the executive in New York; the outbox starts empty."""
    User.objects.filter(pk=world.coach.pk).update(time_zone="Europe/London")
    User.objects.filter(pk=world.executive.pk).update(time_zone="America/New_York")
    for person in (world.coach, world.executive):
        person.refresh_from_db()
    return world


def session_make(engagement: Engagement, starts_at: datetime = STARTS, **fields: object) -> Session:
    values: dict[str, object] = {"minutes": 60, "time_zone": "Europe/London", "where": "https://meet.example/abc"}
    return Session.objects.create(engagement=engagement, starts_at=starts_at, **(values | fields))


def action_make(
    engagement: Engagement, target_date: date | None = None, description: str = "Hand over the report", **fields: Any
) -> KeyAction:
    goal = Goal.objects.filter(engagement=engagement).first() or Goal.objects.create(
        engagement=engagement, title="Delegate the weekly report"
    )
    return KeyAction.objects.create(goal=goal, description=description, target_date=target_date, **fields)


def sent(run_worker: Callable[[], int], *, now: datetime) -> list[EmailMessage]:
    """What a reminder run at ``now`` delivers, through the task worker."""
    before = len(mail.outbox)
    reminders_send(now=now)
    run_worker()
    return mail.outbox[before:]


def to(messages: list[EmailMessage], user: User) -> list[EmailMessage]:
    return [m for m in messages if m.to == [user.email]]


def preferences_set(user: User, **values: object) -> None:
    preferences = Preferences.objects.for_user(user)
    for name, value in values.items():
        setattr(preferences, name, value)
    preferences.save()


def test_coach_and_executive_are_reminded_of_a_session_in_their_own_time(people, run_worker):
    session = session_make(people.engagement)

    messages = sent(run_worker, now=STARTS - timedelta(hours=20))

    (coach,) = to(messages, people.coach)
    (executive,) = to(messages, people.executive)
    assert len(messages) == 2
    assert "Mon 1 Feb, 10:00" in coach.subject
    assert "Monday 1 February 2027, 10:00 (Europe/London time)" in coach.body
    assert "Erin Executive" in coach.body
    assert "Mon 1 Feb, 05:00" in executive.subject
    assert "Monday 1 February 2027, 05:00 (America/New_York time)" in executive.body
    assert "your coach, Cora Coach" in executive.body
    for message in (coach, executive):
        assert "Where: https://meet.example/abc" in message.body
        assert f"/engagements/{people.engagement.public_id}/sessions/{session.public_id}/" in message.body
        assert "http://testserver/settings/reminders/" in message.body


def test_a_second_run_sends_nothing_new(people, run_worker):
    session_make(people.engagement)
    assert len(sent(run_worker, now=STARTS - timedelta(hours=20))) == 2

    assert sent(run_worker, now=STARTS - timedelta(hours=19)) == []
    assert sent(run_worker, now=STARTS - timedelta(minutes=5)) == []
    assert ReminderSent.objects.count() == 2


def test_each_person_is_reminded_as_many_hours_ahead_as_they_chose(people, run_worker):
    session_make(people.engagement)
    preferences_set(people.executive, session_lead_hours=48)

    early = sent(run_worker, now=STARTS - timedelta(hours=30))
    later = sent(run_worker, now=STARTS - timedelta(hours=23))

    assert [m.to for m in early] == [[people.executive.email]]
    assert [m.to for m in later] == [[people.coach.email]]


def test_a_person_who_switched_session_reminders_off_gets_none(people, run_worker):
    session_make(people.engagement)
    preferences_set(people.coach, remind_sessions=False)

    messages = sent(run_worker, now=STARTS - timedelta(hours=2))

    assert to(messages, people.coach) == []
    assert len(to(messages, people.executive)) == 1


@pytest.mark.parametrize(
    ("starts_at", "status"),
    [
        (STARTS - timedelta(minutes=1), Session.Status.SCHEDULED),  # already started
        (STARTS + timedelta(hours=2), Session.Status.CANCELLED),
        (STARTS + timedelta(hours=2), Session.Status.RESCHEDULED),
    ],
)
def test_no_reminder_for_a_session_that_started_or_will_not_happen(people, run_worker, starts_at, status):
    session_make(people.engagement, starts_at, status=status)

    assert sent(run_worker, now=STARTS) == []


def test_the_sponsor_and_the_admin_get_no_session_reminders(people, run_worker):
    session_make(people.engagement)

    messages = sent(run_worker, now=STARTS - timedelta(hours=2))

    assert {tuple(m.to) for m in messages} == {(people.coach.email,), (people.executive.email,)}


def checkin_reminders(messages: list[EmailMessage]) -> list[EmailMessage]:
    return [m for m in messages if m.subject.startswith("Time to check in")]


def test_the_executive_is_reminded_to_check_in_two_days_before_the_next_session(people, run_worker):
    session_make(people.engagement)
    action_make(people.engagement)

    too_early = sent(run_worker, now=STARTS - timedelta(hours=49))
    (reminder,) = sent(run_worker, now=STARTS - timedelta(hours=47))

    assert too_early == []
    assert reminder.to == [people.executive.email]
    assert f"http://testserver/engagements/{people.engagement.public_id}/check-in/" in reminder.body
    assert "Monday 1 February, 05:00 (America/New_York time)" in reminder.body
    assert checkin_reminders(sent(run_worker, now=STARTS - timedelta(hours=30))) == []  # once per session


def _checked_in(world: World, action: KeyAction, at: datetime) -> None:
    checkin = CheckIn.objects.create(key_action=action, author=world.executive, status="in_progress", progress=20)
    CheckIn.objects.filter(pk=checkin.pk).update(created_at=at)


def test_no_checkin_reminder_after_a_checkin_since_the_last_held_session(people, run_worker):
    action = action_make(people.engagement)
    session_make(people.engagement, datetime(2027, 1, 25, 10, 0, tzinfo=LONDON), status=Session.Status.HELD)
    session_make(people.engagement)
    _checked_in(people, action, datetime(2027, 1, 27, 12, 0, tzinfo=UTC))

    assert checkin_reminders(sent(run_worker, now=STARTS - timedelta(hours=40))) == []


def test_a_checkin_before_the_last_held_session_does_not_count(people, run_worker):
    action = action_make(people.engagement)
    _checked_in(people, action, datetime(2027, 1, 20, 12, 0, tzinfo=UTC))
    session_make(people.engagement, datetime(2027, 1, 25, 10, 0, tzinfo=LONDON), status=Session.Status.HELD)
    session_make(people.engagement)

    assert len(checkin_reminders(sent(run_worker, now=STARTS - timedelta(hours=40)))) == 1


def test_no_checkin_reminder_without_open_actions_or_when_switched_off(people, run_worker):
    session_make(people.engagement)
    action_make(people.engagement, status=KeyAction.Status.DONE, completed_on=date(2027, 1, 20))
    assert sent(run_worker, now=STARTS - timedelta(hours=40)) == []

    action_make(people.engagement, description="Still open")
    preferences_set(people.executive, remind_checkins=False)
    assert sent(run_worker, now=STARTS - timedelta(hours=40)) == []


def overdue_digests(messages: list[EmailMessage]) -> list[EmailMessage]:
    return [m for m in messages if "past" in m.subject]


def test_the_executive_gets_a_weekly_digest_of_overdue_key_actions(people, run_worker):
    action_make(people.engagement, date(2027, 1, 20), description="Hand over the report")
    action_make(people.engagement, date(2027, 1, 29), description="Book the offsite", status="in_progress")
    action_make(
        people.engagement, date(2027, 1, 18), description="Done already", status="done", completed_on=date(2027, 1, 18)
    )
    action_make(people.engagement, date(2027, 3, 1), description="Not due yet")
    monday = datetime(2027, 2, 1, 14, 0, tzinfo=UTC)

    (digest,) = sent(run_worker, now=monday)
    same_week = sent(run_worker, now=monday + timedelta(days=4))
    next_week = sent(run_worker, now=monday + timedelta(days=7))

    assert digest.to == [people.executive.email]
    assert digest.subject == "2 key actions are past their target date: Leadership presence"
    assert "Hand over the report — due 20 January 2027, 12 days ago" in digest.body
    assert "Book the offsite — due 29 January 2027, 3 days ago" in digest.body
    assert "Done already" not in digest.body and "Not due yet" not in digest.body
    assert same_week == []
    assert len(overdue_digests(next_week)) == 1


def test_overdue_is_judged_by_the_executives_own_today(people, run_worker):
    action_make(people.engagement, date(2027, 2, 1))

    # 03:00 on 2 February in UTC is still 1 February in New York: not overdue there yet.
    assert sent(run_worker, now=datetime(2027, 2, 2, 3, 0, tzinfo=UTC)) == []
    assert len(sent(run_worker, now=datetime(2027, 2, 2, 6, 0, tzinfo=UTC))) == 1


def test_an_executive_who_switched_overdue_digests_off_gets_none(people, run_worker):
    action_make(people.engagement, date(2027, 1, 20))
    preferences_set(people.executive, remind_overdue=False)

    assert sent(run_worker, now=datetime(2027, 2, 1, 14, 0, tzinfo=UTC)) == []


def _more_engagements(world: World, count: int, sessions_each: int) -> None:
    for n in range(count):
        engagement = engagement_make(
            coach=world.coach, organisation=world.organisation, executive_email=f"exec{n}@acme.test"
        )
        participant_join(engagement.participants.get(role=Participant.Role.EXECUTIVE))
        action_make(engagement, date(2027, 1, 20))
        for hour in range(sessions_each):
            session_make(engagement, STARTS + timedelta(hours=hour))


def _reads(queries: CaptureQueriesContext) -> int:
    """Queries other than queueing a mail (one insert per mail, inherently)."""
    return sum(1 for q in queries.captured_queries if "django_tasks_database_dbtaskresult" not in q["sql"])


def test_the_queries_do_not_grow_with_sessions_or_people(people, run_worker):
    now = STARTS - timedelta(hours=20)
    session_make(people.engagement)
    action_make(people.engagement, date(2027, 1, 20))
    with CaptureQueriesContext(connection) as one:
        few = reminders_send(now=now)
    with CaptureQueriesContext(connection) as one_again:
        assert reminders_send(now=now) == 0

    _more_engagements(people, count=4, sessions_each=5)  # 20 more sessions, 4 more executives
    with CaptureQueriesContext(connection) as many:
        more = reminders_send(now=now)
    with CaptureQueriesContext(connection) as many_again:
        assert reminders_send(now=now) == 0

    assert few == 4  # two session reminders, a check-in and an overdue digest
    assert more == 4 * (5 * 2 + 1 + 1)
    assert _reads(one) == _reads(many)
    assert len(one) - _reads(one) == few and len(many) - _reads(many) == more
    assert len(one_again) == len(many_again)
    run_worker()
    assert len(mail.outbox) == few + more


def test_the_worker_sends_reminders_and_runs_the_task_again_ten_minutes_later(people, run_worker):
    now = timezone.now()
    session_make(people.engagement, now + timedelta(hours=2))

    reminders_tick.enqueue()
    run_worker()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([people.coach.email, people.executive.email])
    (waiting,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=reminders_tick.module_path)
    assert now + timedelta(minutes=9) < waiting.run_after < timezone.now() + timedelta(minutes=11)


def test_the_command_alone_sends_once_for_cron(people, run_worker):
    session_make(people.engagement, timezone.now() + timedelta(hours=2))

    first, second = io.StringIO(), io.StringIO()
    call_command("reminders", stdout=first)
    call_command("reminders", stdout=second)
    run_worker()

    assert len(mail.outbox) == 2
    assert (first.getvalue(), second.getvalue()) == (
        "2 reminder(s) queued for the worker to send.\n",
        "0 reminder(s) queued for the worker to send.\n",
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_reminders_at_once_send_each_once_and_neither_fails(run_worker):
    """On PostgreSQL both runs would read "not sent" and the second fail on the unique row."""
    world = world_build()
    run_worker()
    session_make(world.engagement)
    action_make(world.engagement, date(2027, 1, 20))
    now = STARTS - timedelta(hours=20)
    start = threading.Barrier(2)
    results: list[int | BaseException] = []

    def run() -> None:
        try:
            start.wait()
            results.append(reminders_send(now=now))
        except BaseException as error:  # reported by the assertion below
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [0, 4]
    assert ReminderSent.objects.count() == 4
