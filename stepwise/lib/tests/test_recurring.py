"""The worker's recurring work: one list, one command that starts each chain once."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

import stepwise
from stepwise.lib.recurring import recurring_tasks


def _waiting(path: str) -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=path).count()


def test_schedule_queues_each_recurring_task_once_however_often_it_runs(db):
    first, again = io.StringIO(), io.StringIO()
    call_command("schedule", stdout=first)
    call_command("schedule", stdout=again)

    paths = settings.RECURRING_TASKS
    assert first.getvalue().splitlines() == [f"{path}: queued" for path in paths]
    assert again.getvalue().splitlines() == [f"{path}: already waiting" for path in paths]
    assert [_waiting(path) for path in paths] == [1] * len(paths)


def test_every_tick_that_queues_its_next_run_is_in_the_list():
    """A tick left out of RECURRING_TASKS would never start on a new installation."""
    listed = {tick.module_path for tick in recurring_tasks()}
    found = set()
    root = Path(stepwise.__file__).parent
    for source in root.rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        for name in re.findall(r"^ +(\w+)\.using\(run_after=", source.read_text(), flags=re.MULTILINE):
            module = ".".join(source.relative_to(root.parent).with_suffix("").parts)
            found.add(f"{module}.{name}")
    assert found == listed
