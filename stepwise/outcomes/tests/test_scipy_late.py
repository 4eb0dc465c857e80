"""A web worker does not load SciPy until a page of step 7's change needs it: ``scipy.stats``
alone made each worker some 70 MB larger and its start most of a second slower."""

import os
import subprocess
import sys
from pathlib import Path

from stepwise.outcomes import change

ROOT = Path(__file__).resolve().parents[3]

LOADED = """
import os, sys
import django
django.setup()
from django.urls import resolve
resolve("/")
print("scipy" in sys.modules)
"""


def test_loading_every_url_leaves_scipy_unloaded():
    env = {"DJANGO_SETTINGS_MODULE": "stepwise.settings", "STEPWISE_ENV": "development", "PATH": ""}
    env |= {"DATABASE_URL": "sqlite:///:memory:", "STEPWISE_DOTENV": os.devnull}
    found = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", LOADED], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "False"


def test_the_statistics_still_load_it_when_asked():
    interval = change.mean_interval([1.0, 2.0, 3.0])
    assert interval is not None
    assert round(interval.low, 3) == -0.484 and round(interval.high, 3) == 4.484
