"""Issue 12, item 4: a request that loses the database (PostgreSQL restarting, a failover, a
network cut) is answered 503 with a page saying what was sent may not have been saved and to
send it again, drawn without the database; never a 500 or a bare 400. tests/scaleout/ restarts
a real PostgreSQL under load; these check each way the error reaches the answer."""

import json

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from stepwise.lib.middleware import DatabaseUnavailableMiddleware
from stepwise.lib.views import bad_request, server_error

MESSAGE = "The database could not be reached, so what you sent may not have been saved. Send it again in a moment."


def _post(path: str = "/organisations/", **headers: str):
    return RequestFactory().post(path, {"name": "Globex"}, headers=headers)


def _answer(request, error: Exception) -> HttpResponse:
    response = DatabaseUnavailableMiddleware(lambda request: HttpResponse()).process_exception(request, error)
    assert response is not None
    return response


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_view_that_loses_the_database_answers_503_saying_to_send_it_again(error):
    # No database access in this test (pytest-django refuses it): the page reads nothing.
    response = _answer(_post(), error)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert MESSAGE in page
    assert "Back button" in page and "<h1>Not saved</h1>" in page


def test_an_api_call_that_loses_the_database_gets_the_message_as_json():
    response = _answer(_post("/api/engagements/"), OperationalError("gone"))
    assert response.status_code == 503
    assert json.loads(response.content)["message"] == MESSAGE


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(_post(), ValueError("a bug")) is None


def test_a_session_not_saved_because_the_database_went_away_is_the_503_not_a_bare_400():
    """Django saves the session after the view; a lost database there becomes SessionInterrupted
    (a 400), raised the way Django's SessionStore.save and SessionMiddleware raise it."""
    try:
        try:
            try:
                raise OperationalError("terminating connection due to administrator command")
            except OperationalError:
                raise UpdateError  # noqa: B904  (as SessionStore.save)
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted before the request completed.")  # noqa: B904
    except SessionInterrupted as error:
        interrupted = error
    response = bad_request(_post(), interrupted)
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()


def test_a_bad_request_for_any_other_reason_stays_a_400():
    assert bad_request(_post(), SuspiciousOperation("odd")).status_code == 400


def test_the_500_handler_answers_503_for_a_lost_database_and_500_otherwise():
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        assert server_error(_post()).status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(_post()).status_code == 500
