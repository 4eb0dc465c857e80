"""A server process keeps its database connection from one request to the next.

On SQLite, closing the last connection to the file checkpoints the write-ahead log, a few
milliseconds a request during which no other worker can write; on PostgreSQL a new connection
costs a round of authentication. Requests here go through the WSGI application as gunicorn
calls it (the test client leaves connections alone, so it cannot show this).
"""

import time
from typing import TYPE_CHECKING
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import connection

if TYPE_CHECKING:
    import psycopg

pytestmark = pytest.mark.django_db(transaction=True)


def _serve(path: str) -> int:
    environ: dict = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    answer = get_wsgi_application()(environ, lambda status, headers, exc_info=None: lambda data: None)
    b"".join(answer)
    answer.close()  # what a server does after sending it: Django's request_finished
    return answer.status_code


def test_the_connection_of_one_request_serves_the_next():
    connection.close()  # a new one: CONN_MAX_AGE counts from when a connection opened
    connection.ensure_connection()
    kept = connection.connection
    for _ in range(2):
        assert _serve("/accounts/login/") == 200
        assert connection.connection is kept


def _observer() -> "psycopg.Connection":
    """A second connection to the same server, to watch the first one from outside."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "localhost",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )


def _last_statement(observer, pid: int) -> str:
    return observer.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()[0]


def _backend_pid_in_a_request(sql: str = "SELECT pg_backend_pid()") -> int:
    """One request's first query, as a server runs it (Django's request signals around it): the
    server process that answered."""
    request_started.send(sender=None)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    finally:
        request_finished.send(sender=None)


def test_a_reused_connection_is_not_asked_select_1_before_each_request():
    """One round trip fewer on every signed-in page: while the server has said nothing, the
    health check believes the idle socket (stepwise/lib/postgresql/base.py)."""
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # SQLite's check never asks the file anything
        return
    with _observer() as observer:
        pid = _backend_pid_in_a_request("SELECT pg_backend_pid(), 'the last request'")
        request_started.send(sender=None)  # the next request: its first cursor checks the connection
        with connection.cursor():
            assert _last_statement(observer, pid) == "SELECT pg_backend_pid(), 'the last request'"
        request_finished.send(sender=None)


def test_a_connection_the_server_ended_is_replaced_before_the_next_request_uses_it():
    """A restart, a failover or an administrator ends the connection between two requests: the
    next request does not fail on it, it gets a new one."""
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # a file has no server to end it
        return
    with _observer() as observer:
        pid = _backend_pid_in_a_request()
        observer.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(200):  # the server process ends a moment after it is told to
            if not observer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                break
            time.sleep(0.05)
        assert _backend_pid_in_a_request() != pid
