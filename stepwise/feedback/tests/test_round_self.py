"""The executive answers their own 360 as "self": the same survey, draft and sending."""

from html import unescape

import pytest
from django.urls import reverse

from stepwise.conftest import World
from stepwise.feedback import answering
from stepwise.feedback.models import Draft, PendingSubmission, Round

from .helpers import full_answers, items_add

pytestmark = pytest.mark.django_db


def _url(world: World, name: str = "round_self") -> str:
    return reverse(name, kwargs={"public_id": world.engagement.public_id, "round_id": world.round.public_id})


def test_the_executive_answers_saves_and_sends_their_self_assessment(world: World):
    items_add(world.round)
    client = world.client("executive")
    page = unescape(client.get(_url(world)).content.decode())
    assert "Your self-assessment" in page
    assert page.index("<h2>Listening</h2>") < page.index("<h2>Delegating</h2>")

    fetch = {"X-Requested-With": "fetch"}
    saved = client.post(_url(world, "round_self_save"), {"item-1": "2", "revision": "0"}, headers=fetch)
    assert saved.json()["revision"] == 1
    assert 'name="item-1" value="2" checked' in client.get(_url(world)).content.decode()

    missing = client.post(_url(world), {"item-1": "2", "revision": "1", "action": "send"})
    assert missing.status_code == 400
    assert 'name="item-1" value="2" checked' in missing.content.decode()

    sent = client.post(_url(world), {**full_answers(), "revision": "1", "action": "send"})
    assert sent.status_code == 302
    assert "Your self-assessment is sent" in client.get(_url(world)).content.decode()
    assert Round.objects.get(pk=world.round.pk).self_answered
    assert PendingSubmission.objects.count() == 1
    assert not Draft.objects.exists()


def test_save_and_finish_later_on_the_self_page(world: World):
    items_add(world.round)
    client = world.client("executive")
    response = client.post(_url(world), {"item-4": "Delegate more", "revision": "0", "action": "save"})
    assert response.status_code == 302
    assert "Delegate more</textarea>" in client.get(_url(world)).content.decode()


def test_the_coach_cannot_open_the_executives_self_assessment(world: World):
    assert world.client("coach").get(_url(world)).status_code == 404
    assert world.client("coach").post(_url(world, "round_self_save"), {"revision": "0"}).status_code == 404


def test_a_closed_round_says_the_self_assessment_can_no_longer_be_sent(world: World):
    items_add(world.round)
    client = world.client("executive")
    client.post(_url(world), {"item-4": "kept", "revision": "0", "action": "save"})
    answering.round_close(round=world.round)
    response = client.get(_url(world))
    assert response.status_code == 410
    assert "This round closed on 22 March 2027" in response.content.decode()
