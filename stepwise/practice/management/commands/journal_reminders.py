"""Send the journal reminders due now, or start the worker's hourly cycle for them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stepwise.practice import tasks


class Command(BaseCommand):
    help = (
        "Remind executives who chose it to write their practice journal (step 10), at the hour and on the day "
        "they chose, when that day's or week's entry is not written yet; each reminder once. With --schedule, "
        "instead queue the task worker's run, which repeats every hour: scripts/run.sh does this."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the hourly reminder task for the worker unless one is waiting.",
        )

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            queued = tasks.journal_reminders_schedule()
            self.stdout.write("Journal reminders queued." if queued else "Journal reminders already waiting.")
            return
        self.stdout.write(f"{tasks.journal_reminders_send(now=timezone.now())} journal reminder(s) queued.")
