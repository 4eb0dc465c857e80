"""The web server's access log, without the secrets some addresses carry.

Invitation links, 360 rater links, password-reset links and calendar feeds hold a token in their path: written
to a log file as they are, anyone who reads the log could use them. gunicorn writes its
access log through ``MaskingLogger`` (named in ``gunicorn.conf.py``), which replaces each
token with ``[masked]`` in every field of the line (request line, path, referrer, environment).
"""

import re
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

MASK = "[masked]"

# Each pattern keeps what says which page it was and drops the secret.
SECRET_PATHS = (
    # /invite/<token>/ (but not /invite/accept/, which holds none)
    (re.compile(r"/invite/(?!accept/)[^/?#\s\"]+"), "/invite/" + MASK),
    # allauth's reset link: /accounts/password/reset/key/<uidb36>-<key>/
    (re.compile(r"/password/reset/key/[0-9A-Za-z]+-[^/?#\s\"]+"), "/password/reset/key/" + MASK),
    # a 360 rater's link /r/<token>/ (but not the survey's own pages, which hold none)
    (re.compile(r"/r/(?!(?:save|send|decline|thanks)/)[^/?#\s\"]+"), "/r/" + MASK),
    # /calendar/<feed id>/<token>.ics
    (re.compile(r"/calendar/([0-9a-fA-F-]+)/[^/?#\s\"]+\.ics"), r"/calendar/\1/" + MASK + ".ics"),
)


def mask_secrets(text: str) -> str:
    """``text`` with the token of every secret link in it replaced by ``[masked]``."""
    for pattern, replacement in SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


class MaskingLogger(Logger):
    """gunicorn's logger, with secret links masked in the access log."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_secrets(value) if isinstance(value, str) else value for key, value in atoms.items()}
