"""Step 7's background work: sending the mini-surveys due and closing those whose window has
passed, every hour, by a task that queues its own next run (as ``feedback.pulse.pulse_tick``).
``manage.py schedule`` (``scripts/run.sh``) queues the first unless one waits.
The reminders to raters who have not answered are the 360's own hourly tick
(``feedback.tasks.rater_reminders_tick``), which reminds the raters of every open round."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .mini import mini_surveys_run

TICK = timedelta(hours=1)


@task()
def mini_surveys_tick() -> tuple[int, int]:
    """Send and close what is due, after queueing the next run an hour from now."""
    now = timezone.now()
    if mini_surveys_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        mini_surveys_tick.using(run_after=now + TICK).enqueue()
    return mini_surveys_run(today=timezone.localdate(now))
