"""Django's PostgreSQL backend with a health check that costs no round trip while nothing is wrong.

``CONN_HEALTH_CHECKS`` makes Django send ``SELECT 1`` before the first query of every request on a
reused connection, so that a connection the server has dropped (a restart, a failover, an
administrator's ``pg_terminate_backend``) is replaced instead of failing the request. That is one
more round trip on every signed-in page, a third of what the signed-in floor asks of the database
(the session and the user are the other two).

A server that ends a connection tells the client: it sends its last message and closes the socket,
so an idle connection's socket becomes readable. Here the health check first asks the operating
system, with no wait, whether the idle socket has anything to read: if not, the connection is as
it was after its last query and is reused; if so (the server has gone, or sent a notice), Django's
own check runs and replaces the connection when it fails. A server that vanished without closing
(its host lost power) is found at the next query, which the request then fails with the "not
saved, send it again" page, as it would between the check and the query anyway.
"""

import select
from typing import Any

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.settings_dict["CONN_HEALTH_CHECKS"]
            and not self.health_check_done  # type: ignore[has-type]
            and _idle_and_quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def _idle_and_quiet(connection: Any) -> bool:
    """Nothing from the server since the last query's answer was read, and psycopg knows of no
    failure."""
    if connection.closed or connection.broken:
        return False
    try:
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN)
        return not poller.poll(0)  # readable, hung up or in error: ask the server
    except (OSError, ValueError):
        return False
