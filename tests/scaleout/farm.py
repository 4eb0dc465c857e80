# ruff: noqa: S603, S607, S608  (runs our own scripts and programs; SQL with constant table names)
"""Two gunicorn masters and two task workers on one PostgreSQL, started by scripts/scaleout.sh.

The farm gets a PostgreSQL cluster of its own (scripts/pg.sh in a directory of its own), so
that restarting it under load touches nothing else: the rest of the suite may be running
beside it on the suite's cluster. The test talks to the farm as a person and an operator
would: HTTP to the web processes, SQL to read what was stored, signals to the processes the
script started, and the mail the workers wrote to files (Django's file backend, read back
with the outbox's own reader).
"""

import os
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
TASKS = "django_tasks_database_dbtaskresult"
# Long enough for two processes to start on a busy two-core machine; a wait that ends here fails.
PATIENCE = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, check: Callable[[], Any], patience: float = PATIENCE) -> Any:
    """Poll ``check`` until it returns something true; fail the test after ``patience`` seconds."""
    deadline = time.monotonic() + patience
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"Waited {patience:.0f} s for {what}.")
        time.sleep(0.1)


@dataclass
class Farm:
    directory: Path
    database_url: str
    web: list[str]
    env: dict[str, str]
    practice: dict[str, str] = field(default_factory=dict)

    @property
    def sink(self) -> Path:
        return self.directory / "mail"

    @property
    def run_dir(self) -> Path:
        return self.directory / "run"

    def sql(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def script(self, *args: str, **env: str) -> str:
        done = subprocess.run(
            [str(ROOT / "scripts" / "scaleout.sh"), *args],
            cwd=ROOT,
            env=self.env | env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if done.returncode:
            logs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.run_dir.glob("*.log")))
            pytest.fail(f"scaleout.sh {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}\n{logs}")
        return done.stdout

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def worker_pid(self, n: int) -> int:
        return int((self.run_dir / f"worker-{n}.pid").read_text())

    def mail(self) -> list[EmailMessage]:
        """Every message the workers wrote, read by the outbox page's own reader."""
        from stepwise.lib.outbox import outbox_messages

        with override_settings(EMAIL_FILE_PATH=str(self.sink)):
            return [sent.message for sent in outbox_messages()]

    def mail_clear(self) -> None:
        for path in self.sink.iterdir():
            path.unlink()

    def tasks_waiting(self) -> int:
        """Tasks due now and not finished (ready or running); periodic ticks due later do not count.
        A task queued to run as soon as possible has a ``run_after`` in the year 9999."""
        ((count,),) = self.sql(
            f"SELECT count(*) FROM {TASKS} WHERE status IN ('READY', 'RUNNING') AND NOT run_after BETWEEN now() AND %s",
            "9000-01-01",
        )
        return int(count)

    def drain(self) -> None:
        wait_for("the task workers to finish what is queued", lambda: self.tasks_waiting() == 0)

    def restart_database(self) -> None:
        """``pg_ctl restart -m fast``: open transactions are cut, the server comes back."""
        ((data,),) = self.sql("SHOW data_directory")
        newest = "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1"  # as scripts/pg.sh chooses
        bindir = subprocess.run(["bash", "-c", newest], capture_output=True, text=True).stdout.strip()
        command = [
            f"{bindir}/pg_ctl",
            "-D",
            data,
            "-l",
            str(Path(data).parent / "server.log"),
            "-m",
            "fast",
            "-w",
            "restart",
        ]
        if os.getuid() == 0:  # as scripts/pg.sh runs it
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, cwd="/", check=True, capture_output=True, timeout=60)
