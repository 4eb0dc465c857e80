"""Take the README's screenshots from a running demo practice.

    DATABASE_URL=sqlite:////tmp/stepwise-shots.sqlite3 EMAIL_FILE_PATH=/tmp/stepwise-shots-outbox \
        sh -c '.venv/bin/python manage.py migrate && .venv/bin/python manage.py demo \
               && .venv/bin/python manage.py db_worker --batch --no-reload --no-startup-delay \
               && .venv/bin/python manage.py runserver 127.0.0.1:8021 --noreload'
    .venv/bin/python docs/screenshots/take.py            # in another shell
    STEPWISE_SHOTS=sessions,messages .venv/bin/python docs/screenshots/take.py   # only these

Each picture is the 1200-pixel-wide viewport (never the full page), reduced to a 256-colour
palette so the repository stays small. Nothing is submitted: the demo data stays as it was.
"""

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

BASE_URL = os.environ.get("STEPWISE_URL", "http://127.0.0.1:8021")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the repository, for the browser tests' Chromium settings
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PASSWORD = "stepwise-demo"  # noqa: S105 - the demo practice's published password


def sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your engagements")).to_be_visible()


def coach_home(page: Page) -> None:
    sign_in(page, "coach@stepwise.example")
    page.goto("/")  # again, without the "signed in" message


def engagement(page: Page) -> None:
    sign_in(page, "coach@stepwise.example")
    page.get_by_role("link", name="Evan Executive — leading through growth").click()


def agreement_awaiting(page: Page) -> None:
    sign_in(page, "coach@stepwise.example")
    page.get_by_role("link", name="Nadia Okafor — from expert to leader").click()
    page.get_by_role("button", name=re.compile("Read the agreement|Read and sign")).click()


def executive_signing(page: Page) -> None:
    sign_in(page, "nadia@northwind.example")
    page.get_by_role("link", name="Nadia Okafor — from expert to leader").click()
    page.get_by_role("button", name="Read and sign").click()
    page.get_by_label("Type your full name to sign").fill("Nadia Okafor")
    # The signing form at the foot of the window, the signatures table above it.
    page.get_by_role("button", name="Sign", exact=True).evaluate("b => b.scrollIntoView({block: 'end'})")
    page.evaluate("window.scrollBy(0, 40)")


def worksheets(page: Page) -> None:
    sign_in(page, "executive@stepwise.example")
    page.get_by_role("link", name="Evan Executive — leading through growth").click()
    page.get_by_role("button", name="Open the assessment").click()


def sessions(page: Page) -> None:
    sign_in(page, "coach@stepwise.example")
    page.get_by_role("link", name="Evan Executive — leading through growth").click()
    page.get_by_role("button", name="Sessions").click()
    page.get_by_text("Period by period").click()


def session_agenda(page: Page) -> None:
    sign_in(page, "coach@stepwise.example")
    page.get_by_role("link", name="Evan Executive — leading through growth").click()
    page.locator("#step5-h ~ p a").first.click()  # the next session


def messages(page: Page) -> None:
    sign_in(page, "executive@stepwise.example")
    page.get_by_role("link", name="Evan Executive — leading through growth").click()
    page.get_by_role("button", name="Messages").click()


def outbox(page: Page) -> None:
    page.goto("/outbox/")


SHOTS: dict[str, Callable[[Page], None]] = {
    "coach-home": coach_home,
    "engagement": engagement,
    "agreement-awaiting": agreement_awaiting,
    "executive-signing": executive_signing,
    "worksheets": worksheets,
    "outbox": outbox,
    "sessions": sessions,
    "session-agenda": session_agenda,
    "messages": messages,
}


def optimise(path: Path) -> None:
    image = Image.open(path).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        wanted = os.environ.get("STEPWISE_SHOTS", "").split(",") if os.environ.get("STEPWISE_SHOTS") else list(SHOTS)
        for name, steps in SHOTS.items():
            if name not in wanted:
                continue
            context = browser.new_context(base_url=BASE_URL, viewport={"width": 1200, "height": 900})
            page = context.new_page()
            steps(page)
            path = HERE / f"{name}.png"
            page.screenshot(path=path, full_page=False, animations="disabled", caret="hide")
            optimise(path)
            print(f"{path.relative_to(HERE.parent.parent)}: {path.stat().st_size // 1024} KB")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
