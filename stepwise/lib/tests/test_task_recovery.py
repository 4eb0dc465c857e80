"""Issue 12, item 4: a worker that dies in the middle of a task (SIGKILL, out of memory) leaves
the task RUNNING, and django_tasks_db never looks at it again. ``tasks_recover`` queues such a
mail task again, and a mail task sends its mail once however many times it runs.

In one process, on SQLite and PostgreSQL: the "dead worker" is the state a killed worker leaves
(the task claimed, as db_worker claims it, and never finished). tests/scaleout/ kills a real
worker process in the middle of a send.
"""

import io
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World
from stepwise.lib.models import FormToken, MailDelivery
from stepwise.lib.recurring import tick_schedule
from stepwise.lib.tasks import tasks_recover_tick
from stepwise.meetings.tasks import reminders_tick
from stepwise.worksheets.models import WorksheetTemplate
from stepwise.worksheets.services import worksheet_assign


def _assign_worksheet(world: World) -> DBTaskResult:
    """The coach assigns a worksheet: one mail to the executive, queued; its task."""
    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.order_by("pk")[0],
        assigned_by=world.coach,
        due_date=None,
    )
    return DBTaskResult.objects.exclude(pk__in=before).get(task_path="stepwise.lib.mail.mail_deliver")


def _left_running(result: DBTaskResult, *, minutes: float) -> None:
    """What a worker killed mid-task leaves: the task claimed ``minutes`` ago, never finished."""
    result.claim("killed-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - timedelta(minutes=minutes))


def _recover() -> str:
    out = io.StringIO()
    call_command("tasks_recover", stdout=out)
    return out.getvalue()


@pytest.fixture
def quiet_world(world: World, run_worker: Callable[[], int]) -> World:
    """The world with the mail of its set-up delivered and forgotten."""
    run_worker()
    mail.outbox.clear()
    return world


def test_a_mail_left_running_by_a_dead_worker_is_sent_after_recovery(quiet_world, run_worker):
    result = _assign_worksheet(quiet_world)
    _left_running(result, minutes=11)  # over TASKS_STUCK_SECONDS (ten minutes)
    run_worker()
    assert mail.outbox == []  # nothing picks up a RUNNING task by itself

    assert _recover() == "1 mail task(s) queued again.\n"
    run_worker()

    assert [m.to for m in mail.outbox] == [[quiet_world.executive.email]]
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids[0] == "killed-worker" and len(result.worker_ids) == 2


def test_a_mail_task_run_again_after_its_mail_went_out_does_not_send_it_twice(quiet_world, run_worker):
    """The worker was only slow (or died after sending): the task runs a second time."""
    result = _assign_worksheet(quiet_world)
    run_worker()
    (first,) = mail.outbox
    DBTaskResult.objects.filter(pk=result.pk).update(status=TaskResultStatus.READY)  # queued again

    assert run_worker() == 1

    assert mail.outbox == [first]
    assert MailDelivery.objects.get(task_id=f"{result.pk}.1").sent_at is not None
    assert first.extra_headers["Message-ID"] == f"<{result.pk}.1@testserver>"  # the same on every run


def test_a_task_running_for_less_than_the_limit_is_left_alone(quiet_world, run_worker):
    result = _assign_worksheet(quiet_world)
    _left_running(result, minutes=9)

    assert _recover() == "0 mail task(s) queued again.\n"

    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING


def test_another_task_left_running_is_marked_failed_saying_why(quiet_world, run_worker):
    result = DBTaskResult.objects.get(pk=reminders_tick.enqueue().id)
    _left_running(result, minutes=30)

    assert _recover() == "0 mail task(s) queued again.\n"

    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "stepwise.lib.tasks.WorkerLost"
    assert "stopped before it finished" in result.traceback


def test_recovery_runs_in_the_worker_every_minute(quiet_world, run_worker):
    assert tick_schedule(tasks_recover_tick) is True
    assert tick_schedule(tasks_recover_tick) is False  # one chain, however many workers start
    result = _assign_worksheet(quiet_world)
    _left_running(result, minutes=11)

    run_worker()  # the tick: it queues the next one, and the mail again (which this run then sends)

    assert [m.to for m in mail.outbox] == [[quiet_world.executive.email]]
    (waiting,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=tasks_recover_tick.module_path)
    assert timedelta(seconds=55) < waiting.run_after - timezone.now() <= timedelta(minutes=1)


def test_the_tick_removes_one_time_token_claims_older_than_two_days(quiet_world, run_worker):
    old, recent = uuid.uuid4(), uuid.uuid4()
    FormToken.objects.create(token=old)
    FormToken.objects.create(token=recent)
    FormToken.objects.filter(token=old).update(created_at=timezone.now() - timedelta(days=2, minutes=1))
    FormToken.objects.filter(token=recent).update(created_at=timezone.now() - timedelta(days=1, hours=23))
    _recover()
    assert set(FormToken.objects.values_list("token", flat=True)) >= {recent}
    assert not FormToken.objects.filter(token=old).exists()
