from typing import Any

from django.core.management.base import BaseCommand

from stepwise.lib.mail import mail_retry_failed


class Command(BaseCommand):
    help = (
        "Queue again every mail whose sending failed (the mail server was unreachable, say). "
        "The task worker renders each one afresh and sends it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = mail_retry_failed()
        self.stdout.write(f"{count} mail(s) queued again.")
