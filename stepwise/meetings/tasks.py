"""The periodic reminder task: it runs every ten minutes by queueing its own next run.

There is no separate scheduler: ``manage.py schedule`` (``stepwise.lib.recurring``, run by
``scripts/run.sh`` before the worker starts) queues a first tick unless one is already waiting,
and each tick queues the next before it sends, so a failing run does not stop them.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .services.reminders import reminders_send

TICK = timedelta(minutes=10)


@task()
def reminders_tick() -> int:
    """Send what is due now, after queueing the next run ten minutes from now."""
    now = timezone.now()
    if reminders_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        reminders_tick.using(run_after=now + TICK).enqueue()
    return reminders_send(now=now)
