"""The practice under real concurrency, on SQLite and PostgreSQL alike: many identical submits make
one entry, racing entries for the same day end in a clear message (never a 500), racing marks
leave one current step, and two workers send a journal reminder once."""

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, world_build
from stepwise.lib.tests.races import race
from stepwise.practice import services, tasks
from stepwise.practice.models import JournalEntry, StepMark
from stepwise.worksheets.services import templates_install

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    services.program_builtin_install()
    world = world_build()
    run_worker()
    mail.outbox.clear()
    return world


def entry(**more: str) -> dict[str, str]:
    return {
        "cadence": "daily",
        "entry_date": timezone.localdate().isoformat(),
        "where_wrong": "I cut Priya off.",
        **more,
    }


def test_thirty_identical_entries_at_once_make_one(live_server, live_world: World) -> None:
    path = reverse("practice_entry_new", args=[live_world.engagement.public_id])
    answers = race(live_server.url, live_world.executive, path, entry(token="5d1c7a3e-2f4b-4c6d-8e9f-0a1b2c3d4e5f"))
    assert sorted({a.status for a in answers}) == [302], [(a.status, a.body[:300]) for a in answers]
    assert len({a.location for a in answers}) == 1
    assert JournalEntry.objects.count() == 1


def test_racing_entries_for_the_same_day_make_one_and_the_others_are_told_why(live_server, live_world: World) -> None:
    path = reverse("practice_entry_new", args=[live_world.engagement.public_id])
    answers = race(live_server.url, live_world.executive, path, entry(), n=12)  # no token: not recognised as repeats
    assert {a.status for a in answers} <= {302, 400}, [(a.status, a.body[:300]) for a in answers]
    assert [a.status for a in answers].count(302) == 1
    assert all("You have an entry for this day" in a.body for a in answers if a.status == 400)
    assert JournalEntry.objects.count() == 1


def test_racing_marks_leave_one_current_step(live_server, live_world: World) -> None:
    path = reverse("practice_home", args=[live_world.engagement.public_id])
    answers = race(live_server.url, live_world.executive, path, {"step": "10", "kind": "current", "why": "Now"}, n=12)
    assert {a.status for a in answers} <= {302, 400}, [(a.status, a.body[:300]) for a in answers]
    assert all("marked in another window" in a.body for a in answers if a.status == 400)
    assert StepMark.objects.filter(kind="current", ended_at__isnull=True).count() == 1


def _twice_at_once(work: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_two_workers_at_once_send_the_journal_reminder_once(live_world: World, run_worker: Callable[[], int]) -> None:
    services.preferences_save(owner=live_world.executive, cadence="daily", reminder="daily", hour=8, weekday=0)
    now = datetime(2027, 5, 3, 9, tzinfo=UTC)
    assert sorted(_twice_at_once(lambda: tasks.journal_reminders_send(now=now))) == [0, 1]
    run_worker()
    assert len(mail.outbox) == 1


def test_a_burst_of_shares_at_the_same_moment_mails_the_coach_once(
    live_server, live_world: World, run_worker: Callable[[], int]
) -> None:
    """Eight entries shared at once, each by its own request: one notice, one mail, no 500."""
    import queue
    import urllib.parse
    import urllib.request
    from datetime import timedelta

    from django.conf import settings

    from stepwise.lib.tests.races import CSRF, _at_once, _NoRedirect, session_cookie

    world = live_world
    today = timezone.localdate()
    paths: queue.Queue[str] = queue.Queue()
    for i in range(8):
        made = services.journal_entry_save(
            owner=world.executive,
            entry=None,
            values=services.EntryValues(cadence="daily", entry_date=today - timedelta(days=i), where_wrong=f"Day {i}"),
            today=today,
        )
        paths.put(reverse("practice_entry_share", args=[world.engagement.public_id, made.public_id]))
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie(world.executive)}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    body = urllib.parse.urlencode([("shared", "1"), ("csrfmiddlewaretoken", CSRF)]).encode()

    def request() -> urllib.request.Request:
        return urllib.request.Request(live_server.url + paths.get(), data=body, headers={"Cookie": cookie})  # noqa: S310

    answers = _at_once(request, urllib.request.build_opener(_NoRedirect), 8)
    assert sorted({status for status, _location, _body in answers}) == [302], [a[0] for a in answers]
    assert JournalEntry.objects.filter(shared_at__isnull=False).count() == 8
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.coach.email]]
