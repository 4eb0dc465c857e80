"""Send the reminders that are due, once (the worker does it every ten minutes: ``manage.py schedule``)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from stepwise.meetings.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Queue the reminder mails that are due now (sessions, check-ins, overdue key actions); each is "
        "sent once. The task worker does this every ten minutes once `manage.py schedule` has run "
        "(scripts/run.sh runs it); run this from cron instead if you prefer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_send(now=timezone.now())
        self.stdout.write(f"{count} reminder(s) queued for the worker to send.")
