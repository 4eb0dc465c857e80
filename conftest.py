"""Test-wide set-up: fast, hermetic, and the same on SQLite and PostgreSQL.

Persona fixtures (coach, executive, sponsor, ...) live in ``stepwise/conftest.py``.
"""

import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings


def pytest_configure(config: pytest.Config) -> None:
    # For the whole run, set before any session-scoped fixture builds a user. override_settings
    # sends setting_changed, which empties the hashers Django has already cached.
    override_settings(
        # Argon2 is slow on purpose; tests create hundreds of passwords.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Links in mail point at the test client's host, so tests can follow them.
        SITE_URL="http://testserver",
        # A session is written again once a minute of the clock (SessionRefreshMiddleware): in a
        # slow test that minute could fall between two requests whose queries are compared.
        # stepwise/lib/tests/test_session_refresh.py sets it back to test the minute itself.
        SESSION_REFRESH_SECONDS=24 * 60 * 60,
    ).enable()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, test in a database file rather than in memory: tests that race requests
    against the live server give each request its own connection, as a real server does, and
    an in-memory database shared between connections locks whole tables instead ("database
    table is locked"), which no deployment meets."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
        # A test database is thrown away: no need to wait for the disk.
        database["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"


@pytest.fixture(autouse=True, scope="session")
def _outbox_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the outbox page's files away from the developer's var/outbox."""
    path = tmp_path_factory.mktemp("outbox")
    with override_settings(EMAIL_FILE_PATH=str(path)):
        yield path


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The task worker calls ``close_old_connections`` on every loop. Inside a test's
    transaction that closes the connection on PostgreSQL ("the connection is closed"), so in
    tests it does nothing, as Django's test client arranges for requests."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """allauth keeps rate limits (sign-in failures, invitation guesses) and used TOTP codes in
    the cache, which outlives each test's database: every test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_worker() -> Callable[[], int]:
    """Run the django-tasks database worker once over everything queued, then return.

    Mail is sent from tasks, so a test that expects a message calls ``run_worker()`` and then
    reads ``django.core.mail.outbox``. It returns how many tasks ran, and fails the test with
    the task's traceback if one of them raised. Works inside the test's transaction, on
    SQLite and PostgreSQL alike (see ``_worker_keeps_the_test_connection``).
    """
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        queued = set(DBTaskResult.objects.filter(status=TaskResultStatus.READY).values_list("id", flat=True))
        # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back.
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command(
                "db_worker", queue_name="*", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
            )
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
        failed = DBTaskResult.objects.filter(id__in=queued, status=TaskResultStatus.FAILED)
        if failed:
            pytest.fail("\n\n".join(f"Task {t.task_path} failed:\n{t.traceback}" for t in failed))
        return DBTaskResult.objects.filter(id__in=queued).exclude(status=TaskResultStatus.READY).count()

    return run


def pytest_collection_modifyitems(config: pytest.Config, items: list[Any]) -> None:
    # Everything under tests/browser/ is a browser test, marked or not, so `-m "not browser"` works.
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


_flushed = {"since": False}


@pytest.fixture(autouse=True)
def _builtin_data_after_a_flush(request: pytest.FixtureRequest) -> None:
    """A transactional test (the browser tests) ends by emptying every table, including the
    built-in worksheet templates a migration installs. pytest-django runs those tests last, but
    with ``--dist worksteal`` a worker may take ordinary tests after one: give those tests the
    built-in data back, as a fresh database would have it."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        _flushed["since"] = True
        return
    if _flushed["since"] and (marker or "db" in request.fixturenames):
        from stepwise.worksheets.services import templates_install

        request.getfixturevalue("db")
        templates_install()
