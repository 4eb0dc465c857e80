"""A slow mail server for the scale-out test: Django's file backend that, before it writes a
message, leaves a note that it is sending (``sending-<pid>-...``, holding the recipients) and
waits ``SLOW_MAIL_SECONDS``, so the test can kill a worker in the middle of a send. Once the
message is written the note is renamed ``sent-...``."""

import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend
from django.core.mail.message import EmailMessage


class SlowEmailBackend(EmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        note = Path(self.file_path) / f"sending-{os.getpid()}-{uuid.uuid4().hex}"
        note.write_text(", ".join(address for message in email_messages for address in message.to))
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "2")))
        sent = super().send_messages(email_messages)
        note.rename(note.with_name(note.name.replace("sending-", "sent-", 1)))
        return sent
