"""Step 7's daily work in the worker: the sustain plans' check-in reminders, and retention (removing
the coaching content of engagements closed longer than the practice keeps it). A task that runs
every hour by queueing its own next run, like the reminders of ``stepwise.meetings.tasks`` and
``stepwise.feedback.tasks``: ``manage.py schedule`` (``scripts/run.sh``) queues the
first. Each reminder and each engagement's retention is done once, however many workers run.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .retention import retention_run
from .sustain import sustain_reminders_send

TICK = timedelta(hours=1)


@task()
def retention_tick() -> tuple[int, int]:
    """Send the sustain check-in reminders due and apply retention where it has ended, after
    queueing the next run an hour from now. Returns (reminders, engagements processed)."""
    now = timezone.now()
    if retention_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        retention_tick.using(run_after=now + TICK).enqueue()
    today = timezone.localdate(now)
    reminded = sustain_reminders_send(today=today)
    return reminded, len(retention_run(today=today, now=now))
