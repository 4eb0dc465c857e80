"""Signed-in pages keep the session alive without writing it on every request.

A session ends ``SESSION_COOKIE_AGE`` after the last request (to within a minute). No clock is
read here: time passing is the stored values moving back (the session's end, and when it was
last pushed back), which is all the server sees of it.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import PASSWORD, World
from stepwise.lib.middleware import REFRESHED_AT

# The whole test run writes a session once a day (conftest.py): here, as in production, a minute.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_a_minute")]


@pytest.fixture
def _a_minute():
    with override_settings(SESSION_REFRESH_SECONDS=60):
        yield


def _signed_in(world: World) -> Client:
    """The coach, signed in through the sign-in form as a person is."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": world.coach.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _stored(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _let_time_pass(client: Client, seconds: int) -> None:
    """What ``seconds`` of idleness look like to the server: the session's end and the moment it
    was last pushed back are that much nearer (or past)."""
    row = _stored(client)
    store = SessionStore(session_key=row.session_key)
    data = store.decode(row.session_data)
    data[REFRESHED_AT] -= seconds
    Session.objects.filter(pk=row.pk).update(
        session_data=store.encode(data), expire_date=row.expire_date - timedelta(seconds=seconds)
    )


def _session_writes(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if "django_session" in query["sql"] and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def _home(client: Client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    return response.status_code, _session_writes(captured)


def test_a_signed_in_page_within_the_minute_writes_nothing_to_the_session(world: World):
    client = _signed_in(world)
    # Half a minute, not 59 s: the real time between signing in and the page (seconds on a busy
    # machine) adds to it, and must not take it past the minute.
    _let_time_pass(client, 30)
    status, writes = _home(client)
    assert status == 200
    assert writes == []


def test_a_signed_in_page_after_the_minute_pushes_the_end_of_the_session_back(world: World):
    client = _signed_in(world)
    _let_time_pass(client, 60 * 60)
    before = _stored(client).expire_date
    status, writes = _home(client)
    assert status == 200
    assert len(writes) == 1
    # An hour of the two was gone; the session has two hours again.
    assert _stored(client).expire_date - before >= timedelta(minutes=59)
    # And the next minute's pages write nothing again.
    assert _home(client) == (200, [])


def test_someone_idle_for_longer_than_the_idle_time_is_signed_out(world: World):
    client = _signed_in(world)
    assert _home(client) == (200, [])
    _let_time_pass(client, settings.SESSION_COOKIE_AGE + 1)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@override_settings(SESSION_COOKIE_AGE=10 * 60)
def test_someone_active_every_50_seconds_stays_signed_in_past_the_idle_time(world: World):
    client = _signed_in(world)
    writes = []
    for _ in range(30):  # 25 minutes, longer than the 10 idle minutes
        _let_time_pass(client, 50)
        status, written = _home(client)
        assert status == 200
        writes += written
    # One write in two requests (every 100 s), not one per request.
    assert len(writes) == 15


def test_the_session_still_ends_when_the_browser_closes(world: World):
    client = _signed_in(world)
    _let_time_pass(client, 61)
    response = client.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # A cookie without an expiry: the browser forgets it when it closes.
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_an_anonymous_page_starts_no_session(world: World):
    sessions = Session.objects.count()
    response = Client().get(reverse("account_login"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == sessions
