"""The 360's secrets: rater links, and answers sealed while they wait.

Nothing here is hand-made cryptography: keys come from HKDF and HMAC-SHA256, sealing is AES-GCM,
all from the ``cryptography`` package. Everything starts from the **feedback key**, which the
server holds outside the database (``FEEDBACK_KEY``, or derived from ``SECRET_KEY``):

- a rater's link token is an HMAC of the rater's random ``token_salt`` under that key: reminders
  carry the same link, and a copy of the database alone (salts, hashes) cannot make it;
- an answerer's **secret** is the token (for the executive answering as self, an HMAC of the
  round); a draft is sealed under a key derived from it and stored under a locator derived from
  it, so the database alone can neither read a draft nor say whose it is;
- a submission waits sealed under a key derived from the feedback key alone, until the round
  closes and its answers are written, shuffled, to the report's tables.

What someone who also holds the feedback key can learn is written in docs/anonymity.md.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
from functools import cache
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

NONCE_BYTES = 12
SALT_BYTES = 16


def _derive(material: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(material)


@cache
def _feedback_key(configured: str, secret_key: str) -> bytes:
    return _derive((configured or secret_key).encode(), "stepwise feedback key")


def feedback_key() -> bytes:
    """The server's key for everything above; never stored in the database."""
    return _feedback_key(getattr(settings, "FEEDBACK_KEY", ""), settings.SECRET_KEY)


def token_salt_new() -> str:
    return secrets.token_hex(SALT_BYTES)


def rater_token(salt: str) -> str:
    """The token in a rater's link (256 bits, URL-safe), made again from its salt when needed."""
    digest = hmac.new(feedback_key(), b"rater link\0" + salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def self_secret(round_public_id: object) -> str:
    """The executive's answerer secret for a round (they answer as "self" with their account)."""
    digest = hmac.new(feedback_key(), b"self\0" + str(round_public_id).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def draft_locator(secret: str) -> str:
    """Where an answerer's draft is filed: says nothing of whose it is without the secret."""
    return _derive(secret.encode(), "stepwise draft locator").hex()


def _draft_key(secret: str) -> bytes:
    return _derive(secret.encode(), "stepwise draft key")


def _pending_key() -> bytes:
    return _derive(feedback_key(), "stepwise pending submissions")


def _seal(key: bytes, value: Any, context: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    return nonce + AESGCM(key).encrypt(nonce, plain, context)


def _open(key: bytes, sealed: bytes, context: bytes) -> Any:
    sealed = bytes(sealed)
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    return json.loads(AESGCM(key).decrypt(nonce, body, context))


def draft_seal(secret: str, round_public_id: object, answers: dict[str, Any]) -> bytes:
    return _seal(_draft_key(secret), answers, b"draft\0" + str(round_public_id).encode())


def draft_open(secret: str, round_public_id: object, sealed: bytes) -> dict[str, Any]:
    return _open(_draft_key(secret), sealed, b"draft\0" + str(round_public_id).encode())


def pending_seal(round_public_id: object, submission: dict[str, Any]) -> bytes:
    return _seal(_pending_key(), submission, b"pending\0" + str(round_public_id).encode())


def pending_open(round_public_id: object, sealed: bytes) -> dict[str, Any]:
    return _open(_pending_key(), sealed, b"pending\0" + str(round_public_id).encode())
