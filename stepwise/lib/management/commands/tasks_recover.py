from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stepwise.lib import tasks


class Command(BaseCommand):
    help = (
        "Recover the tasks a dead task worker left running: mail is queued again (it is sent once "
        "however often it runs), anything else is marked failed. A task counts as left behind after "
        "TASKS_STUCK_SECONDS (600) of running. The task worker does this every minute once "
        "`manage.py schedule` has run (scripts/run.sh and scripts/scaleout.sh run it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stuck-after",
            type=float,
            default=None,
            metavar="SECONDS",
            help="Count a task as left behind after this many seconds of running (default: "
            "TASKS_STUCK_SECONDS). Use a short time only when you know its worker is gone: a live "
            "worker's task is run again too (its mail is still not sent twice).",
        )

    def handle(self, *args: Any, stuck_after: float | None = None, **options: Any) -> None:
        after = tasks.stuck_after() if stuck_after is None else timedelta(seconds=stuck_after)
        count = tasks.tasks_recover(now=timezone.now(), stuck_after=after)
        self.stdout.write(f"{count} mail task(s) queued again.")
