"""Work the task worker repeats: each tick queues its own next run before it does anything.

There is no separate scheduler. ``settings.RECURRING_TASKS`` names every tick, once, and
``manage.py schedule`` (run by ``scripts/run.sh`` and ``scripts/scaleout.sh`` before the workers
start, and after an upgrade) queues each one that is not already waiting: one chain per tick
however many workers or web processes start. A tick that fails has queued its next run already,
so one bad run stops nothing.
"""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task

from .locks import run_alone


def recurring_tasks() -> list[Task]:
    return [import_string(path) for path in settings.RECURRING_TASKS]


@transaction.atomic
def tick_schedule(tick: Task) -> bool:
    """Queue ``tick`` unless a run of it is already waiting; True if this call queued it."""
    from django_tasks_db.models import DBTaskResult

    run_alone(f"schedule {tick.module_path}")  # two processes starting together queue it once
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=tick.module_path)
    if waiting.exists():
        return False
    tick.enqueue()
    return True
