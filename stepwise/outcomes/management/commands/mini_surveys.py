"""Send the mini-surveys due and close those past their window, once (the worker does it hourly)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from stepwise.outcomes.mini import mini_surveys_run


class Command(BaseCommand):
    help = (
        "Send the mini-surveys planned for today or earlier and close those whose two weeks are over "
        "(mailing the coach and the executive when a goal declines); each is done once. The task worker "
        "does this hourly once `manage.py schedule` has run (scripts/run.sh runs it)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, closed = mini_surveys_run(today=timezone.localdate())
        self.stdout.write(f"{sent} mini-survey(s) sent, {closed} closed.")
