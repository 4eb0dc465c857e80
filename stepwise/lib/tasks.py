"""Tasks a dead worker left behind.

django_tasks_db marks a task RUNNING when a worker claims it and FINISHED when it returns; a
worker killed in between (SIGKILL, out of memory, its machine gone) leaves the task RUNNING
for ever, and nothing in django_tasks_db looks at it again. ``tasks_recover`` finds tasks
RUNNING for longer than any task takes (``TASKS_STUCK_SECONDS``, ten minutes) and:

- queues a mail task again: it holds only references and sends at most once however many
  times it runs (``stepwise.lib.mail.mail_send`` with ``once``), so a mail is neither lost nor
  sent twice, even when the worker was only slow;
- marks any other task failed, saying why, for the operator (the reminder tick, for one, has
  queued its next run before it did anything, and what it did not commit is done by that run).

The same tick removes what is kept only for a while: records of sent mail after 30 days, the
claims of create forms' one-time tokens after two days.

It runs in the worker every minute (``tasks_recover_tick``, queued by
``manage.py schedule``), and on demand as ``manage.py tasks_recover``.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .mail import MAIL_TASKS
from .models import FormToken, MailDelivery

logger = logging.getLogger(__name__)

TICK = timedelta(minutes=1)  # or TASKS_STUCK_SECONDS, if shorter
# Kept so that a task run again long after can still find its mail sent; then removed.
DELIVERIES_KEPT = timedelta(days=30)
# A create form's one-time token leads a repeat of its submission to what it made; a form sent
# again days later is a new one. Older claims are removed.
FORM_TOKENS_KEPT = timedelta(days=2)


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped in the middle of it."""


def stuck_after() -> timedelta:
    return timedelta(seconds=settings.TASKS_STUCK_SECONDS)


@transaction.atomic
def tasks_recover(*, now: datetime, stuck_after: timedelta) -> int:
    """Queue again (mail) or mark failed (anything else) every task RUNNING since before
    ``now - stuck_after``; return how many mail tasks were queued again."""
    from django_tasks_db.models import DBTaskResult

    stuck = list(
        DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - stuck_after
        )
    )
    again = [result.pk for result in stuck if result.task_path in MAIL_TASKS]
    lost = [result.pk for result in stuck if result.task_path not in MAIL_TASKS]
    DBTaskResult.objects.filter(pk__in=again).update(status=TaskResultStatus.READY)
    DBTaskResult.objects.filter(pk__in=lost).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"The worker running this task stopped before it finished (it was running for over {stuck_after}).",
    )
    for result in stuck:
        logger.warning(
            "Task %s (%s) was left running by worker %s: %s.",
            result.pk,
            result.task_path,
            (result.worker_ids or ["?"])[-1],
            "queued again" if result.pk in again else "marked failed",
        )
    MailDelivery.objects.filter(created_at__lt=now - DELIVERIES_KEPT).delete()
    FormToken.objects.filter(created_at__lt=now - FORM_TOKENS_KEPT).delete()
    return len(again)


@task()
def tasks_recover_tick() -> int:
    """Recover what dead workers left, after queueing the next run a minute from now."""
    now = timezone.now()
    if tasks_recover_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        tasks_recover_tick.using(run_after=now + min(TICK, stuck_after())).enqueue()
    return tasks_recover(now=now, stuck_after=stuck_after())
