"""Secret links: a random token goes to the person, only its SHA-256 is stored."""

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits, well above the 128 the design asks for


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
