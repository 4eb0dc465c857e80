"""One run at a time: a lock for periodic work that two task workers may start together."""

import zlib

from django.db import connection, transaction


def run_alone(name: str) -> None:
    """Wait until no other transaction holds ``name``, then hold it until this one ends.

    Two workers' reminder runs both read "not sent yet" before either records it; the second
    would then fail on the unique "sent" row. Serialised, the second reads what the first
    recorded and finds nothing left to do. PostgreSQL takes a transaction-level advisory lock;
    SQLite needs nothing, as our transactions there begin IMMEDIATE (one writer at a time).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("run_alone holds its lock until the transaction ends: call it inside one")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
