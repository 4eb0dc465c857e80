"""Close the 360 rounds whose closing date has passed and remind the raters who have not answered,
once (the worker does it every hour)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from stepwise.feedback.services import rater_reminders_send, rounds_close_due


class Command(BaseCommand):
    help = (
        "Close the 360 rounds whose closing date has passed (their coach is told), then queue the reminders "
        "due today to 360 raters who have neither answered nor declined (on the days "
        "after opening in FEEDBACK_REMINDER_DAYS; each once). The task worker does this every hour "
        "once `manage.py schedule` has run (scripts/run.sh runs it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = rounds_close_due(today=timezone.localdate())
        count = rater_reminders_send()
        self.stdout.write(
            f"{closed} round(s) closed on their date; {count} rater reminder(s) queued for the worker to send."
        )
