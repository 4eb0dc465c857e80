"""Queue the worker's recurring tasks, each unless it is already waiting."""

from typing import Any

from django.core.management.base import BaseCommand

from stepwise.lib.recurring import recurring_tasks, tick_schedule


class Command(BaseCommand):
    help = (
        "Queue each recurring task of settings.RECURRING_TASKS (reminders, 360 closings and reminders, "
        "pulses, task recovery, …) for the task worker, unless a run of it is already waiting. Each run "
        "queues the next, so this is needed once after installing or upgrading; scripts/run.sh does it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for tick in recurring_tasks():
            queued = tick_schedule(tick)
            self.stdout.write(f"{tick.module_path}: {'queued' if queued else 'already waiting'}")
