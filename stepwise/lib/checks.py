"""System checks for what settings alone cannot refuse."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def outbox_is_not_public_in_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Without EMAIL_URL mail goes to files, and /outbox/ shows it to anyone, sign-in and
    password-reset links included. Fine on a laptop; an open door on a server."""
    if not settings.OUTBOX_ENABLED:
        return []
    return [
        CheckWarning(
            "Mail is written to files and shown to anyone on /outbox/, password-reset links included.",
            hint="Set EMAIL_URL to your mail server (docs/operations.md, Email).",
            id="stepwise.W001",
        )
    ]
