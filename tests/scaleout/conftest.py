# ruff: noqa: S603  (runs our own scripts)
"""The farm of tests/scaleout/: see ``farm.py``."""

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.scaleout.farm import ROOT, Farm, free_port


@pytest.fixture(scope="module")
def farm() -> Iterator[Farm]:
    directory = Path(tempfile.mkdtemp(prefix="stepwise-scaleout-"))
    directory.chmod(0o755)  # the postgres user keeps its cluster in here
    (directory / "mail").mkdir()
    ports = [free_port(), free_port()]
    base = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "EMAIL_URL")}
    cluster = base | {
        "STEPWISE_PG_DIR": str(directory / "pg"),
        "TMPDIR": str(directory),
        # Beside the suite's own cluster, never on it: a port free now (pg.sh takes the next free one).
        "STEPWISE_PG_PORT": str(free_port()),
    }
    started = subprocess.run(
        [str(ROOT / "scripts" / "pg.sh"), "start"], cwd=ROOT, env=cluster, capture_output=True, text=True, timeout=120
    )
    assert started.returncode == 0, started.stderr
    database_url = started.stdout.strip().splitlines()[-1]
    env = base | {
        "DATABASE_URL": database_url,
        "STEPWISE_ENV": "development",
        "DEBUG": "false",  # as served: errors answered by handler500, not the debug page
        "STEPWISE_DOTENV": str(directory / "no.env"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(directory / "mail"),
        "SCALEOUT_DIR": str(directory / "run"),
        "WEB_PORTS": " ".join(str(port) for port in ports),
        "WEB_WORKERS": "2",
        "TASK_WORKERS": "2",
        # A task running this long is presumed left by a dead worker; mail sends take milliseconds.
        "TASKS_STUCK_SECONDS": "3",
        "PYTHONPATH": str(ROOT),  # the slow mail backend lives in tests/
    }
    farm = Farm(directory=directory, database_url=database_url, web=[f"http://127.0.0.1:{p}" for p in ports], env=env)
    try:
        farm.script("start")
        out = farm.manage("shell", "-c", "from tests.scaleout.practice import main; main()")
        farm.practice = json.loads(out.strip().splitlines()[-1])
        yield farm
    finally:
        if not os.environ.get("SCALEOUT_KEEP"):  # set it to look into a failure: the farm stays up
            _farm_stop(directory, env, cluster)


def _farm_stop(directory: Path, env: dict[str, str], cluster: dict[str, str]) -> None:
    subprocess.run([str(ROOT / "scripts" / "scaleout.sh"), "stop"], cwd=ROOT, env=env, capture_output=True, timeout=120)
    subprocess.run([str(ROOT / "scripts" / "pg.sh"), "stop"], cwd=ROOT, env=cluster, capture_output=True, timeout=120)
    shutil.rmtree(directory, ignore_errors=True)
