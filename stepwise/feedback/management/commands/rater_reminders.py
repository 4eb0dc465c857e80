"""Close the 360 rounds whose closing date has passed and remind the raters who have not answered,
once; or start the worker's hourly cycle."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stepwise.feedback.services import rater_reminders_send, rounds_close_due
from stepwise.feedback.tasks import rater_reminders_schedule


class Command(BaseCommand):
    help = (
        "Close the 360 rounds whose closing date has passed (their coach is told), then queue the reminders "
        "due today to 360 raters who have neither answered nor declined (on the days "
        "after opening in FEEDBACK_REMINDER_DAYS; each once). With --schedule, instead queue the task "
        "worker's reminder run, which repeats every hour (scripts/run.sh does this)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the repeating rater reminder task for the worker, unless one is already waiting.",
        )

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            queued = rater_reminders_schedule()
            self.stdout.write("Rater reminder task queued." if queued else "A rater reminder task is already waiting.")
            return
        closed = rounds_close_due(today=timezone.localdate())
        count = rater_reminders_send()
        self.stdout.write(
            f"{closed} round(s) closed on their date; {count} rater reminder(s) queued for the worker to send."
        )
