"""Helpers for the invitation tests: reading the link from the mail, opening it, the form."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

NEW_PASSWORD = "Quiet-harbour-lights-17"


def token_mailed_to(email: str) -> str:
    """The token in the newest invitation mail to ``email``."""
    bodies = [str(m.body) for m in mail.outbox if email in m.to and "/invite/" in m.body]
    assert bodies, f"no invitation mail to {email}"
    match = re.search(r"/invite/([^/\s]+)/", bodies[-1])
    assert match
    return match.group(1)


def open_link(client: Client, token: str):
    return client.get(reverse("invitation_open", args=[token]), follow=True)


def accept_form(**changes: str) -> dict[str, str]:
    return {
        "full_name": "Hana Hr",
        "time_zone": "Europe/Berlin",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    } | changes
