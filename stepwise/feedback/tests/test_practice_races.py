"""The practice steps under real concurrency, on SQLite and PostgreSQL alike: thirty requests
recording the same follow-up at once, and two task workers running the same periodic work."""

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, world_build
from stepwise.feedback import practice, pulse
from stepwise.feedback.models import FollowUp, Questionnaire, Round
from stepwise.lib.tests.races import race
from stepwise.worksheets.services import templates_install

from .practice_rounds import all_rated, round_answered, stakeholder_add

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    world = world_build()
    run_worker()
    mail.outbox.clear()
    return world


def _twice_at_once(work: Callable[[], Any]) -> list[Any]:
    """Run ``work`` in two threads released together, each with its own database connection,
    as two task workers would; every result (an exception is a failure of the test)."""
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


def test_thirty_identical_follow_ups_at_once_make_one_row(live_server, live_world):
    round, raters = round_answered(live_world, [("peer", all_rated(3))] * 2)
    path = reverse("follow_up_edit", args=[live_world.engagement.public_id, round.public_id, raters[0].public_id])
    data = {
        "met_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "thanked": "on",
        "shared": "What I heard.",
        "actions": "What we agreed.",
        "revision": "0",
    }
    answers = race(live_server.url, live_world.executive, path, data, n=30)
    assert sorted({a.status for a in answers}) == [302], [(a.status, a.body[:300]) for a in answers]
    assert len({a.location for a in answers}) == 1
    assert FollowUp.objects.filter(rater=raters[0]).count() == 1
    assert practice.follow_up_progress(round) == (1, 2)


def test_two_workers_at_once_send_the_follow_up_reminder_once(live_world, run_worker):
    round_answered(live_world, [("peer", all_rated(3))] * 2)
    now = datetime(2027, 5, 3, 9, tzinfo=UTC)
    counts = _twice_at_once(lambda: practice.follow_up_reminders_send(now=now))
    assert sorted(counts) == [0, 1]
    run_worker()
    assert [m.to for m in mail.outbox if "follow-up" in m.subject] == [[live_world.executive.email]]


def test_two_workers_at_once_send_a_pulse_once_and_close_it_once(live_world):
    for relationship in ("peer", "peer", "direct_report", "direct_report"):
        stakeholder_add(live_world, relationship)
    today = timezone.localdate()
    pulse.pulse_series_save(
        engagement=live_world.engagement,
        stakeholders=pulse.pulse_candidates(live_world.engagement),
        every_days=30,
        next_send_on=today,
        active=True,
        revision=0,
        today=today,
    )
    sent = _twice_at_once(lambda: pulse.pulse_run(today=today))
    assert sorted(s for s, _closed in sent) == [0, 1]
    (sending,) = Round.objects.filter(kind=Questionnaire.Kind.PULSE)
    assert sending.status == Round.Status.OPEN
    assert sending.raters.count() == 5  # the world's own peer and the four added
    later = today + timedelta(days=pulse.WINDOW_DAYS)
    closed = _twice_at_once(lambda: pulse.pulse_run(today=later))
    assert sorted(c for _sent, c in closed) == [0, 1]
    sending.refresh_from_db()
    assert (sending.status, sending.closings) == (Round.Status.CLOSED, 1)
