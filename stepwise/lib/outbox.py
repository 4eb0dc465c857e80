"""The development outbox: mail written to files by Django's file backend, shown as pages.

It exists only while ``EMAIL_BACKEND`` is the file backend, so a newcomer running
``make run`` can open invitation and password-reset links without a mail server.
"""

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEPARATOR = b"\n" + b"-" * 79 + b"\n"
NAME = re.compile(r"^[\w.-]+$")


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    index: int
    sent_at: datetime
    message: EmailMessage

    @property
    def key(self) -> str:
        return f"{self.name}.{self.index}"

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def to(self) -> str:
        return str(self.message["To"] or "")

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        """The HTML part's source, if the mail has one (every mail Stepwise sends does)."""
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""

    def body_with_links(self) -> SafeString:
        """The plain text with its links made clickable (and everything else escaped)."""
        # Safe: the body is escaped first; only the links we wrap are markup.
        linked = re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', str(escape(self.body)))
        return mark_safe(linked)  # noqa: S308


def _folder() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


def outbox_messages() -> list[OutboxMessage]:
    folder = _folder()
    if not folder.is_dir():
        return []
    found: list[OutboxMessage] = []
    for path in folder.glob("*.log"):
        sent_at = datetime.fromtimestamp(path.stat().st_mtime)
        for index, chunk in enumerate(path.read_bytes().split(SEPARATOR)):
            if chunk.strip():
                message = email.message_from_bytes(chunk.strip(), policy=email.policy.default)
                found.append(OutboxMessage(path.stem, index, sent_at, message))
    return sorted(found, key=lambda m: (m.sent_at, m.key), reverse=True)


def _require_enabled() -> None:
    if not settings.OUTBOX_ENABLED:
        raise Http404


def outbox_list(request: HttpRequest) -> HttpResponse:
    _require_enabled()
    return render(request, "lib/outbox.html", {"messages_sent": outbox_messages()[:200]})


def outbox_message(request: HttpRequest, name: str) -> HttpResponse:
    _require_enabled()
    if not NAME.match(name):
        raise Http404
    for message in outbox_messages():
        if message.key == name:
            return render(request, "lib/outbox_message.html", {"mail": message})
    raise Http404
