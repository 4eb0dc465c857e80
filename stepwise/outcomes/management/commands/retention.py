"""Send the sustain plans' check-in reminders due and remove the coaching content of engagements
past retention, once (the worker does it hourly)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from stepwise.outcomes.retention import retention_run
from stepwise.outcomes.sustain import sustain_reminders_send


class Command(BaseCommand):
    help = (
        "Queue the sustain plans' check-in reminders due today, then remove the coaching content of every "
        "engagement closed for longer than the practice's retention (each is recorded on the Retention page). "
        "The task worker does this hourly once `manage.py schedule` has run (scripts/run.sh runs it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        reminded = sustain_reminders_send(today=today)
        done = retention_run(today=today)
        self.stdout.write(
            f"{reminded} check-in reminder(s) queued; {len(done)} engagement(s) past retention processed."
        )
