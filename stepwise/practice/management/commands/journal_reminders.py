"""Send the journal reminders due now, once (the worker does it hourly)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from stepwise.practice import tasks


class Command(BaseCommand):
    help = (
        "Remind executives who chose it to write their practice journal (step 10), at the hour and on the day "
        "they chose, when that day's or week's entry is not written yet; each reminder once. The task worker "
        "does this hourly once `manage.py schedule` has run (scripts/run.sh runs it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{tasks.journal_reminders_send(now=timezone.now())} journal reminder(s) queued.")
