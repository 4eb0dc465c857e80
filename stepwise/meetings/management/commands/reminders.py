"""Send the reminders that are due, once; or start the worker's ten-minute reminder cycle."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stepwise.meetings.services.reminders import reminders_send
from stepwise.meetings.tasks import reminders_schedule


class Command(BaseCommand):
    help = (
        "Queue the reminder mails that are due now (sessions, check-ins, overdue key actions); each is "
        "sent once. With --schedule, instead queue the task worker's reminder run, which repeats every "
        "ten minutes (scripts/run.sh does this). Without it, run this from cron if you prefer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the repeating reminder task for the worker, unless one is already waiting.",
        )

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            queued = reminders_schedule()
            self.stdout.write("Reminder task queued." if queued else "A reminder task is already waiting.")
            return
        count = reminders_send(now=timezone.now())
        self.stdout.write(f"{count} reminder(s) queued for the worker to send.")
