"""Chromium for the end-to-end tests: Debian's own browser, driven by Playwright's sync API.

Playwright's browser download is never used (no ``playwright install``): the tests launch
``/usr/bin/chromium``, which ``make test`` installs with apt-get.

Each person in a test gets a browser context of their own (their own cookies), as if they sat
at their own computer, and the pages talk to pytest-django's ``live_server``.
"""

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

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
# Long enough for a PDF to render on a slow CI machine, short enough that a broken step fails fast.
TIMEOUT_MS = 10_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (`make test` installs it).")
    with pytest.MonkeyPatch.context() as patch:
        # The sync API keeps an asyncio loop running in this thread, and Django refuses ORM
        # calls from a thread with a running loop. Ours are plain synchronous calls made while
        # the browser waits, so allow them for as long as the browser is up, and no longer.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def new_context(browser: Browser, live_server) -> Iterator[Callable[..., BrowserContext]]:
    """Open a browser context for one person; all are closed at the end of the test."""
    opened: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, **options)  # type: ignore[arg-type]
        context.set_default_timeout(TIMEOUT_MS)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """Sign in through the login page, as a person would, and wait for the home page."""

    def run(page: Page, *, email: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your engagements")).to_be_visible()

    return run


@pytest.fixture
def demo(tmp_path, settings) -> None:
    """The demo practice (`manage.py demo`), loaded into the test's database."""
    from stepwise.worksheets.services import templates_install

    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    templates_install()  # a transactional test starts from empty tables
    call_command("demo", stdout=io.StringIO())
