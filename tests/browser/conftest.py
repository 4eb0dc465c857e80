"""Chromium for the end-to-end tests: Debian's own browser, driven by Playwright's sync API.

Playwright's browser download is never used (no ``playwright install``): the tests launch
``/usr/bin/chromium``, which ``make test`` installs with apt-get.

Each person in a test gets a browser context of their own (their own cookies), as if they sat
at their own computer, and the pages talk to pytest-django's ``live_server``.
"""

import io
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright

from stepwise.agreements import services as agreement_services
from stepwise.conftest import participant_join
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.users.models import User
from stepwise.worksheets.services import templates_install
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "Quiet-harbour-lanterns-27"

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
    """Open a browser context for one person; all are closed at the end of the test.

    Whatever the Content-Security-Policy refuses on any page (an inline script or style that
    would not run for real users) fails the test."""
    opened: list[BrowserContext] = []
    refused: list[str] = []

    def watch(page: Page) -> None:
        def heard(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                refused.append(f"{page.url}: {message.text}")

        page.on("console", heard)

    def make(**options: object) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, **options)  # type: ignore[arg-type]
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", watch)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()
    assert refused == [], "The Content-Security-Policy refused:\n" + "\n".join(refused)


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """Sign in through the login page, as a person would, and wait for the home page."""

    def run(page: Page, *, email: str, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your engagements")).to_be_visible()

    return run


@pytest.fixture
def signed_engagement() -> Engagement:
    """Erin's engagement at Globex, started 40 days ago, its agreement signed by Cora (coach),
    Erin (executive) and Sam (sponsor), who all sign in with ``PASSWORD``; the built-in
    worksheet templates installed."""
    templates_install()
    coach = User.objects.create_user(
        email="cora@practice.test", password=PASSWORD, full_name="Cora Coach", is_coach=True, time_zone="Europe/London"
    )
    executive = User.objects.create_user(
        email="erin@globex.test", password=PASSWORD, full_name="Erin Executive", time_zone="Europe/London"
    )
    sponsor = User.objects.create_user(email="sam@globex.test", password=PASSWORD, full_name="Sam Sponsor")
    engagement = engagement_services.engagement_create(
        coach=coach,
        organisation=engagement_services.organisation_create(name="Globex"),
        title="Erin — leading Europe",
        start_date=timezone.localdate() - timedelta(days=40),
        planned_months=6,
        executive_name="Erin Executive",
        executive_email="erin@globex.test",
        sponsor_name="Sam Sponsor",
        sponsor_email="sam@globex.test",
    )
    for participant in engagement.participants.all():  # they accept their invitations
        participant_join(participant)
    agreement = agreement_services.agreement_open(agreement=agreement_services.agreement_start(engagement=engagement))
    for person in (coach, executive, sponsor):
        agreement_services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )
    return engagement


@pytest.fixture
def demo(tmp_path, settings) -> None:
    """The demo practice (`manage.py demo`), loaded into the test's database."""
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    templates_install()  # a transactional test starts from empty tables
    call_command("demo", stdout=io.StringIO())
