"""How Stepwise starts Chromium headless: Debian's own browser, with the flags a container needs.

Shared by the browser tests (``conftest.py``) and the README's screenshots
(``docs/screenshots/take.py``), so both run the browser the same way.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
