"""Raters sending at the same moment, against the live server, on SQLite and PostgreSQL: fifty at
once all land once each; one rater's double click lands once; a round closed while raters send
either takes an answer into its batch or tells its rater the survey closed, keeping their text."""

import threading
import urllib.parse
import urllib.request
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from stepwise.conftest import World, world_build
from stepwise.feedback import answering
from stepwise.feedback.models import Comment, PendingSubmission, Rater, Response, Round
from stepwise.lib.tests.races import CSRF, _at_once, _NoRedirect

from .helpers import full_answers, items_add, link, rater_add

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_world(transactional_db: None) -> World:
    world = world_build()
    items_add(world.round)
    return world


def _session_of(rater: Rater) -> str:
    client = Client()
    assert client.get(link(rater)).status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _send_request(base_url: str, session: str, comment: str) -> urllib.request.Request:
    body = urllib.parse.urlencode(
        [*full_answers(comment).items(), ("revision", "0"), ("csrfmiddlewaretoken", CSRF)]
    ).encode()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    return urllib.request.Request(  # noqa: S310 (the live test server)
        base_url + reverse("rater_submit"), data=body, headers={"Cookie": cookie}
    )


def _one_each(requests: list[urllib.request.Request]) -> Callable[[], urllib.request.Request]:
    """A factory for ``_at_once`` handing each thread its own request."""
    lock = threading.Lock()
    pending = list(requests)

    def next_one() -> urllib.request.Request:
        with lock:
            return pending.pop()

    return next_one


def test_fifty_raters_sending_at_once_all_land_once_each(live_server, live_world: World):
    raters = [live_world.rater, *(rater_add(live_world, number) for number in range(49))]
    requests = [_send_request(live_server.url, _session_of(r), f"remark {r.public_id}") for r in raters]
    answers = _at_once(_one_each(requests), urllib.request.build_opener(_NoRedirect), len(requests))
    assert sorted({status for status, _location, _body in answers}) == [302]
    assert PendingSubmission.objects.count() == 50
    assert set(Rater.objects.values_list("answer", flat=True)) == {Rater.Answer.SUBMITTED}

    answering.round_close(round=live_world.round)
    assert Response.objects.count() == 50
    texts = sorted(Comment.objects.values_list("text", flat=True))
    assert texts == sorted(f"remark {r.public_id}" for r in raters)


def test_one_rater_sending_twice_at_once_lands_once(live_server, live_world: World):
    session = _session_of(live_world.rater)
    requests = [_send_request(live_server.url, session, "said once") for _ in range(10)]
    answers = _at_once(_one_each(requests), urllib.request.build_opener(_NoRedirect), len(requests))
    statuses = sorted(status for status, _location, _body in answers)
    # The first lands; each other click is thanked again, or told the answers were sent already.
    sent = [body.decode() for status, _location, body in answers if status == 410]
    assert statuses.count(302) + len(sent) == 10, statuses
    assert all("sent already" in page or "This link was used" in page for page in sent)
    assert PendingSubmission.objects.count() == 1
    answering.round_close(round=live_world.round)
    assert list(Comment.objects.values_list("text", flat=True)) == ["said once"]


def test_closing_while_raters_send_neither_loses_an_answer_nor_lets_one_in_late(live_server, live_world: World):
    raters = [live_world.rater, *(rater_add(live_world, number) for number in range(9))]
    requests = {r.public_id: _send_request(live_server.url, _session_of(r), f"words of {r.public_id}") for r in raters}
    opener = urllib.request.build_opener(_NoRedirect)
    barrier = threading.Barrier(len(raters) + 1)
    answers: dict[str, tuple[int, str]] = {}
    lock = threading.Lock()

    def send(public_id: object, request: urllib.request.Request) -> None:
        barrier.wait()
        try:
            with opener.open(request, timeout=120) as response:
                answer = (response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            answer = (error.code, error.read().decode())
        with lock:
            answers[str(public_id)] = answer

    def close() -> None:
        barrier.wait()
        try:
            answering.round_close(round=live_world.round)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=item) for item in requests.items()]
    threads.append(threading.Thread(target=close))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Round.objects.get(pk=live_world.round.pk).status == Round.Status.CLOSED
    assert not PendingSubmission.objects.exists()  # nothing waits to come in after the close
    written = set(Comment.objects.values_list("text", flat=True))
    landed = {public_id for public_id, (status, _page) in answers.items() if status == 302}
    assert written == {f"words of {public_id}" for public_id in landed}
    assert Response.objects.count() == len(landed)
    for public_id, (status, page) in answers.items():
        if status != 302:
            # Refused after the close: told so, with the text still on the page to copy.
            assert status == 410, (status, page[:500])
            assert "This survey has closed" in page
            assert f"words of {public_id}</textarea>" in page
    submitted = {
        str(p) for p in Rater.objects.filter(answer=Rater.Answer.SUBMITTED).values_list("public_id", flat=True)
    }
    assert submitted == landed
