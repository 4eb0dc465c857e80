"""Send the sustain plans' check-in reminders due and remove the coaching content of engagements
past retention, once; or start the worker's hourly cycle."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stepwise.outcomes.retention import retention_run
from stepwise.outcomes.sustain import sustain_reminders_send
from stepwise.outcomes.tasks_retention import retention_schedule


class Command(BaseCommand):
    help = (
        "Queue the sustain plans' check-in reminders due today, then remove the coaching content of every "
        "engagement closed for longer than the practice's retention (each is recorded on the Retention page). "
        "With --schedule, instead queue the task worker's run, which repeats every hour (scripts/run.sh does this)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the repeating retention task for the worker, unless one is already waiting.",
        )

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            queued = retention_schedule()
            self.stdout.write("Retention task queued." if queued else "A retention task is already waiting.")
            return
        today = timezone.localdate()
        reminded = sustain_reminders_send(today=today)
        done = retention_run(today=today)
        self.stdout.write(
            f"{reminded} check-in reminder(s) queued; {len(done)} engagement(s) past retention processed."
        )
