"""The raters' reminders, and closing 360 rounds whose closing date has passed: a task that runs
every hour by queueing its own next run.

As with the sessions' reminders (``stepwise.meetings.tasks``), there is no separate scheduler:
``manage.py schedule`` (``stepwise.lib.recurring``, run by ``scripts/run.sh`` before the worker
starts) queues a first tick unless one is already waiting, and each tick queues the next before
it sends, so a failing run does not stop them. Each rater is reminded once per step whatever the
number of runs or workers (``services.rater_reminders_send``).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .answering import waiting_scrub
from .services import rater_reminders_send, rounds_close_due

TICK = timedelta(hours=1)


@task()
def rater_reminders_tick() -> int:
    """Remind the raters due today, after queueing the next run an hour from now."""
    now = timezone.now()
    if rater_reminders_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        rater_reminders_tick.using(run_after=now + TICK).enqueue()
    today = timezone.localdate(now)
    rounds_close_due(today=today)
    # Again every hour: a vacuum at a close keeps rows an older open transaction could still see.
    if not transaction.get_connection().in_atomic_block:  # a vacuum cannot run inside one
        waiting_scrub()
    return rater_reminders_send(today=today)
