"""Questionnaires under real concurrent requests (threads against the live server), on SQLite and
PostgreSQL alike: a copy button pressed many times copies once; many saves of one form at once
save once; two different edits drawn from the same version never overwrite each other."""

import threading
from uuid import uuid4

import pytest
from django.db import connections
from django.urls import reverse

from stepwise.conftest import World, world_build
from stepwise.feedback import questionnaires
from stepwise.feedback.content import builtin_questionnaires_install
from stepwise.feedback.models import Questionnaire
from stepwise.lib.tests.races import race

from .test_questionnaires import form_data, texts

pytestmark = pytest.mark.django_db(transaction=True)

WORDINGS = {"coach": "The coach's wording", "other_coach": "The other coach's wording"}


@pytest.fixture
def live_world(transactional_db: None) -> World:
    builtin_questionnaires_install()  # an earlier transactional test may have emptied the built-in rows
    return world_build()


def _pulse() -> Questionnaire:
    return Questionnaire.objects.get(built_in=True, kind=Questionnaire.Kind.PULSE)


def test_thirty_clicks_on_copy_make_one_copy_and_open_it_for_all(live_server, live_world):
    path = reverse("questionnaire_copy", args=[_pulse().public_id])
    answers = race(live_server.url, live_world.coach, path, {"token": str(uuid4())}, n=30)
    assert {a.status for a in answers} == {302}, [a.body[:300] for a in answers if a.status != 302]
    (copy,) = Questionnaire.objects.filter(copied_from=_pulse())
    assert {a.location for a in answers} == {reverse("questionnaire_detail", args=[copy.public_id])}


def test_the_same_save_sent_at_once_saves_once_and_refuses_none(live_server, live_world):
    copy = questionnaires.questionnaire_copy(questionnaire=_pulse())
    path = reverse("questionnaire_detail", args=[copy.public_id])
    answers = race(live_server.url, live_world.coach, path, form_data(copy, **{"items-0-text": "Ours"}), n=20)
    assert {a.status for a in answers} == {302}, [(a.status, a.body[:300]) for a in answers if a.status != 302]
    copy.refresh_from_db()
    assert copy.revision == 1 and texts(copy)[0] == "Ours"


def test_different_edits_of_one_version_at_once_save_one_and_refuse_the_other(live_server, live_world):
    copy = questionnaires.questionnaire_copy(questionnaire=_pulse())
    path = reverse("questionnaire_detail", args=[copy.public_id])
    answers: dict[str, list] = {}
    barrier = threading.Barrier(2)

    forms = {who: form_data(copy, **{"items-0-text": text}) for who, text in WORDINGS.items()}

    def save(who: str) -> None:
        try:
            barrier.wait()
            answers[who] = race(live_server.url, getattr(live_world, who), path, forms[who], n=1)
        finally:
            connections.close_all()  # this thread signed its person in: its connection goes

    threads = [threading.Thread(target=save, args=(who,)) for who in WORDINGS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(answer.status for found in answers.values() for answer in found)
    assert statuses == [302, 409]
    copy.refresh_from_db()
    assert copy.revision == 1
    (refused,) = [answer for found in answers.values() for answer in found if answer.status == 409]
    assert "The version saved meanwhile" in refused.body
    assert texts(copy)[0] in WORDINGS.values()
