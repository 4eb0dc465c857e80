"""Mini-surveys under real concurrency, on SQLite and PostgreSQL alike: thirty plans of the same
day at once, and two task workers sending and closing the same mini-survey."""

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from stepwise.conftest import World, world_build
from stepwise.feedback import answering
from stepwise.feedback.models import Group, Questionnaire, Round
from stepwise.lib.tests.races import race
from stepwise.outcomes import mini
from stepwise.outcomes.models import MiniSurvey
from stepwise.worksheets.services import templates_install

from .minis_made import answers_of, goal_approved, stakeholders_add

pytestmark = pytest.mark.django_db(transaction=True)

DAY = date(2099, 4, 11)  # a day to come, whatever the day the tests run


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    world = world_build()
    goal_approved(world, "Delegate the weekly report")
    run_worker()
    mail.outbox.clear()
    return world


def _twice_at_once(work: Callable[[], Any]) -> list[Any]:
    """Run ``work`` in two threads released together, each with its own database connection."""
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


def _data(world: World, **more: str) -> dict[str, object]:
    return {"when": "other", "opens_on": DAY.isoformat(), "stakeholders": world.stakeholder.pk, **more}


def test_thirty_identical_plans_at_once_make_one_mini_survey(live_server, live_world):
    path = reverse("mini_surveys", args=[live_world.engagement.public_id])
    answers = race(live_server.url, live_world.coach, path, _data(live_world, token=str(uuid4())), n=30)
    assert sorted({a.status for a in answers}) == [302], [(a.status, a.body[:300]) for a in answers]
    assert MiniSurvey.objects.filter(engagement=live_world.engagement).count() == 1


def test_thirty_plans_of_the_same_day_from_different_forms_make_one_and_tell_the_rest(live_server, live_world):
    path = reverse("mini_surveys", args=[live_world.engagement.public_id])
    answers = race(live_server.url, live_world.coach, path, _data(live_world), n=30)
    assert sorted(a.status for a in answers).count(302) == 1, [(a.status, a.body[:300]) for a in answers]
    refused = [a for a in answers if a.status != 302]
    assert {a.status for a in refused} == {400}
    assert all("planned on that day already" in a.body for a in refused)
    assert MiniSurvey.objects.filter(engagement=live_world.engagement).count() == 1


def test_two_workers_at_once_send_a_mini_survey_once_close_it_once_and_alert_once(live_world, run_worker):
    people = stakeholders_add(live_world, {Group.PEER: 4})
    mini.mini_survey_plan(engagement=live_world.engagement, opens_on=DAY, stakeholders=people, today=DAY)
    sent = _twice_at_once(lambda: mini.mini_surveys_run(today=DAY))
    assert sorted(s for s, _closed in sent) == [0, 1]
    (round,) = Round.objects.filter(kind=Questionnaire.Kind.MINI)
    assert round.raters.count() == 4
    for rater, change in zip(round.raters.order_by("pk"), (-2, -3, -2, -1), strict=True):
        answering.response_submit(
            answerer=answering.answerer_for_rater(rater), answers=answers_of(round, [(change, 1)])
        )
    later = DAY + timedelta(days=mini.WINDOW_DAYS)
    closed = _twice_at_once(lambda: mini.mini_surveys_run(today=later))
    assert sorted(c for _sent, c in closed) == [0, 1]
    round.refresh_from_db()
    assert (round.status, round.closings) == (Round.Status.CLOSED, 1)
    run_worker()
    alerts = [m.to[0] for m in mail.outbox if m.subject.startswith("A goal is declining")]
    assert sorted(alerts) == sorted([live_world.coach.email, live_world.executive.email])
