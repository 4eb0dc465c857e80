"""Run the practice steps' periodic work once (the worker repeats it)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from stepwise.feedback import practice, pulse


class Command(BaseCommand):
    help = (
        "Send the pulses that are due and close those whose week is over (practice step 7), and remind "
        "executives of the follow-ups still missing after a 360 (step 9, at most weekly); each is done "
        "once. The task worker repeats them (the pulse every hour, the "
        "reminders every six hours) once `manage.py schedule` has run (scripts/run.sh runs it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        sent, closed = pulse.pulse_run(today=timezone.localdate(now))
        reminded = practice.follow_up_reminders_send(now=now)
        self.stdout.write(f"{sent} pulse(s) sent, {closed} closed, {reminded} follow-up reminder(s) queued.")
