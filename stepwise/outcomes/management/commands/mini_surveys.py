"""Send the mini-surveys due and close those past their window, once, or start the worker's cycle."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stepwise.outcomes.mini import mini_surveys_run
from stepwise.outcomes.tasks import mini_surveys_schedule


class Command(BaseCommand):
    help = (
        "Send the mini-surveys planned for today or earlier and close those whose two weeks are over "
        "(mailing the coach and the executive when a goal declines); each is done once. With --schedule, "
        "instead queue the task worker's hourly run, which repeats: scripts/run.sh does this."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the repeating mini-survey task, unless it is already waiting.",
        )

    def handle(self, *args: Any, schedule: bool = False, **options: Any) -> None:
        if schedule:
            queued = mini_surveys_schedule()
            self.stdout.write("Mini-survey task queued." if queued else "Mini-survey task already waiting.")
            return
        sent, closed = mini_surveys_run(today=timezone.localdate())
        self.stdout.write(f"{sent} mini-survey(s) sent, {closed} closed.")
