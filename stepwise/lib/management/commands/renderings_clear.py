from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from stepwise.lib.pdf import renderings_clear


class Command(BaseCommand):
    help = (
        "Delete the stored PDFs of signed agreements and completed reviews (all of them, or those "
        "older than --days). Nothing is lost: each is rendered again on its next download."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="only renderings made more than this many days ago")

    def handle(self, *args: Any, **options: Any) -> None:
        count = renderings_clear(older_than_days=options["days"])
        self.stdout.write(f"{count} stored rendering(s) deleted.")
