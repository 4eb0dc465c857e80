"""The product's settings for the bench's server: the same in every way but the URLs, which add
the floor (``bench/urls.py``). Production switches come from the environment ``bench/run.py``
gives gunicorn (``STEPWISE_ENV=production``), as on a real server."""

from stepwise.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
