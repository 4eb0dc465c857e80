"""Real concurrent requests against the live server, on SQLite and PostgreSQL alike: thirty
identical POSTs of the create form make one round; racing presses of "Open the round" open it
once and mail each rater once, the others told it is open already."""

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, agreement_in_force, world_build
from stepwise.feedback import services
from stepwise.feedback.models import Questionnaire, Round
from stepwise.lib.tests.races import race
from stepwise.worksheets.services import templates_install

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    world = world_build()
    run_worker()
    mail.outbox.clear()
    return world


def test_thirty_clicks_on_create_round_make_one_round(live_server, live_world):
    questionnaire = Questionnaire.objects.create(title="Raced questionnaire")
    path = reverse("round_create", kwargs={"public_id": live_world.engagement.public_id})
    data = {
        "token": str(uuid.uuid4()),
        "title": "Raced round",
        "questionnaire": str(questionnaire.pk),
        "opens_on": "2027-05-03",
        "closes_on": "2027-05-24",
    }
    answers = race(live_server.url, live_world.coach, path, data, n=30)
    assert sorted({a.status for a in answers}) == [302], [a.body[:300] for a in answers if a.status != 302]
    (round,) = Round.objects.filter(title="Raced round")
    assert {a.location for a in answers} == {
        reverse("round_detail", kwargs={"public_id": live_world.engagement.public_id, "round_id": round.public_id})
    }


def test_racing_presses_of_open_open_the_round_once_and_mail_once(live_server, live_world, run_worker):
    agreement_in_force(live_world)
    run_worker()
    mail.outbox.clear()  # the agreement's own mails
    today = timezone.localdate()
    round = services.round_create(
        engagement=live_world.engagement, title="Raced opening", opens_on=today, closes_on=today + timedelta(days=14)
    )
    services.rater_nominate(round=round, stakeholder=live_world.stakeholder)
    round = services.raters_approve(round=round, by=live_world.coach, revision=None)
    path = reverse("round_open", kwargs={"public_id": live_world.engagement.public_id, "round_id": round.public_id})
    answers = race(live_server.url, live_world.coach, path, {"revision": str(round.revision)}, n=10)
    statuses = sorted(a.status for a in answers)
    assert statuses == [302] + [400] * 9
    assert all("This round is open already." in a.body for a in answers if a.status == 400)
    run_worker()
    assert [m.to for m in mail.outbox] == [["pat@acme.test"]]
