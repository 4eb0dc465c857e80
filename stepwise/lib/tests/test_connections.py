"""A server process keeps its database connection from one request to the next.

On SQLite, closing the last connection to the file checkpoints the write-ahead log, a few
milliseconds a request during which no other worker can write; on PostgreSQL a new connection
costs a round of authentication. Requests here go through the WSGI application as gunicorn
calls it (the test client leaves connections alone, so it cannot show this).
"""

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection

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
