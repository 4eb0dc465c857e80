"""Run the practice steps' periodic work once, or start the worker's cycles for it."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stepwise.feedback import practice, pulse


class Command(BaseCommand):
    help = (
        "Send the pulses that are due and close those whose week is over (practice step 7), and remind "
        "executives of the follow-ups still missing after a 360 (step 9, at most weekly); each is done "
        "once. With --schedule, instead queue the task worker's runs, which repeat (the pulse every "
        "hour, the reminders every six hours): scripts/run.sh does this."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the repeating pulse and follow-up tasks for the worker, unless they are already waiting.",
        )

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            queued = [pulse.pulse_schedule(), practice.follow_ups_schedule()]
            self.stdout.write(f"{sum(queued)} practice task(s) queued; {2 - sum(queued)} already waiting.")
            return
        now = timezone.now()
        sent, closed = pulse.pulse_run(today=timezone.localdate(now))
        reminded = practice.follow_up_reminders_send(now=now)
        self.stdout.write(f"{sent} pulse(s) sent, {closed} closed, {reminded} follow-up reminder(s) queued.")
