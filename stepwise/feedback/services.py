"""Writes for raters' links. The token is made by whoever mails the link and never kept."""

from django.core.exceptions import ValidationError
from django.db import transaction

from stepwise.engagements.models import Stakeholder
from stepwise.lib.tokens import token_hash

from .models import RaterLink

# base64 carries six bits a character: the design asks for at least 128 bits.
MIN_TOKEN_CHARS = 22


@transaction.atomic
def rater_link_create(*, stakeholder: Stakeholder, token: str) -> RaterLink:
    """A link for ``stakeholder`` that ``token`` opens; only the token's hash is stored.

    The caller makes the token with ``stepwise.lib.tokens.token_new`` and puts it in the mail.
    """
    if len(token) < MIN_TOKEN_CHARS:
        raise ValidationError("A rater link needs a random token of at least 128 bits: make it with token_new().")
    link = RaterLink(stakeholder=stakeholder, token_hash=token_hash(token))
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def rater_link_revoke(*, link: RaterLink) -> RaterLink:
    """Stop ``link`` from opening anything, even in a session that traded it already."""
    link.status = RaterLink.Status.REVOKED
    link.save(update_fields=["status", "updated_at"])
    return link
