"""Step 1 in the browser: from a new engagement to a signed agreement and its PDF.

Three people, each in their own browser context, walk the main path as they would in
development: the coach creates the engagement, the executive and the sponsor open their
invitations from the outbox page, everyone signs or acknowledges, and the PDF carries the
text and the fingerprint the page shows.
"""

import re
from datetime import date
from io import BytesIO

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from stepwise.agreements import services as agreement_services
from stepwise.engagements import services as engagement_services
from stepwise.users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Quiet-harbour-lanterns-27"
COACH = ("clara@practice.test", "Clara Coach")
EXECUTIVE = ("erin@globex.test", "Erin Executive")
SPONSOR = ("sam@globex.test", "Sam Sponsor")
TITLE = "Erin Executive — leading the European business"
CONTEXT = "Erin was promoted to lead the European business and wants to delegate more."
COMMITMENT = "Agree to ZERO CANCELLATION POLICY."


@pytest.fixture
def outbox(settings: LazySettings, tmp_path, live_server) -> None:
    """Mail to files shown on /outbox/, with links pointing at the live server."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    settings.OUTBOX_ENABLED = True
    settings.SITE_URL = live_server.url


@pytest.fixture
def coach() -> User:
    email, name = COACH
    return User.objects.create_user(email=email, password=PASSWORD, full_name=name, is_coach=True)


def accept_invitation(page: Page, *, email: str) -> None:
    """Open the newest invitation to ``email`` from the outbox, choose a password, join."""
    page.goto("/outbox/")
    page.get_by_role("row").filter(has_text=email).filter(has_text="invites you").get_by_role("link").first.click()
    page.get_by_role("article").locator("a[href*='/invite/']").click()
    expect(page.get_by_role("heading", name="Join your coaching engagement")).to_be_visible()
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The password again").fill(PASSWORD)
    page.get_by_role("button", name="Set my password and join").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()


def sign(page: Page, *, name: str, button: str = "Sign") -> None:
    """On the engagement page: open the agreement, type one's name, sign (or acknowledge).

    Pico styles links as buttons with ``role="button"``, so that is the role they are found by.
    """
    link = "Read and acknowledge" if button == "Acknowledge" else "Read and sign"
    page.get_by_role("button", name=link).click()
    expect(page.get_by_text(f"Type your name as it appears on your account: {name}.")).to_be_visible()
    page.get_by_label("Type your full name to sign").fill(name)
    page.get_by_role("button", name=button, exact=True).click()


def test_coach_executive_and_sponsor_sign_the_agreement_and_download_its_pdf(
    new_context, sign_in, run_worker, outbox, coach, tmp_path
):
    coach_page = new_context().new_page()
    sign_in(coach_page, email=COACH[0], password=PASSWORD)

    # The coach creates the engagement, forgetting the executive's email at first.
    coach_page.get_by_role("button", name="New engagement").click()
    coach_page.get_by_label("…or a new organisation").fill("Globex")
    coach_page.get_by_label("Title").fill(TITLE)
    coach_page.get_by_label("Executive's full name").fill(EXECUTIVE[1])
    coach_page.get_by_label("Sponsor's full name").fill(SPONSOR[1])
    coach_page.get_by_label("Sponsor's email").fill(SPONSOR[0])
    coach_page.get_by_role("button", name="Create and send invitations").click()

    executive_email = coach_page.get_by_label("Executive's email")
    expect(executive_email).to_have_attribute("aria-invalid", "true")
    error_id = executive_email.get_attribute("aria-describedby")
    assert error_id, "the executive's email field names no error message"
    expect(coach_page.locator(f"#{error_id}")).to_have_text("This field is required.")
    expect(coach_page.get_by_role("alert")).to_contain_text("everything you typed is kept")
    expect(coach_page.get_by_label("…or a new organisation")).to_have_value("Globex")
    expect(coach_page.get_by_label("Executive's full name")).to_have_value(EXECUTIVE[1])
    expect(coach_page.get_by_label("Sponsor's email")).to_have_value(SPONSOR[0])

    executive_email.fill(EXECUTIVE[0])
    coach_page.get_by_role("button", name="Create and send invitations").click()
    expect(coach_page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(coach_page.get_by_role("status")).to_contain_text("invitations sent")
    engagement_url = coach_page.url

    assert run_worker() == 2  # the executive's and the sponsor's invitations

    # The executive opens the invitation mail, chooses a password and lands on the engagement.
    executive_page = new_context().new_page()
    accept_invitation(executive_page, email=EXECUTIVE[0])
    expect(executive_page.get_by_text("Your coach has not drafted the agreement yet.")).to_be_visible()

    # The coach drafts the agreement, writes the coaching context, sends it and signs.
    coach_page.reload()
    coach_page.get_by_role("button", name="Draft the agreement").click()
    coach_page.get_by_label("Coaching context / present situation").fill(CONTEXT)
    coach_page.get_by_role("button", name="Save draft").click()
    expect(coach_page.get_by_role("status")).to_contain_text("Draft saved")
    expect(coach_page.get_by_role("article").get_by_text(CONTEXT)).to_be_visible()
    coach_page.get_by_role("button", name="Send for signature").click()
    expect(coach_page.get_by_role("status")).to_contain_text("Sent for signature")
    coach_page.get_by_label("Type your full name to sign").fill(COACH[1])
    coach_page.get_by_role("button", name="Sign", exact=True).click()
    expect(coach_page.get_by_role("status")).to_contain_text("Signed.")

    # The executive signs the same text.
    executive_page.goto(engagement_url)
    sign(executive_page, name=EXECUTIVE[1])
    expect(executive_page.get_by_role("status")).to_contain_text("Signed.")
    expect(executive_page.get_by_text("You have signed this version.")).to_be_visible()

    run_worker()  # the sponsor's invitation is already there; now the "ready to sign" mails too

    # The sponsor joins and acknowledges: the agreement is in force.
    sponsor_page = new_context().new_page()
    accept_invitation(sponsor_page, email=SPONSOR[0])
    sign(sponsor_page, name=SPONSOR[1], button="Acknowledge")
    expect(sponsor_page.get_by_role("status")).to_contain_text("acknowledgement is recorded")
    expect(sponsor_page.locator("hgroup .badge")).to_have_text("signed")
    shown_hash = sponsor_page.locator("#text-hash").inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", shown_hash)
    signatures = sponsor_page.get_by_role("region", name="Signatures")
    for who in (COACH[1], EXECUTIVE[1], SPONSOR[1]):
        expect(signatures.get_by_role("row").filter(has_text=who)).to_contain_text(shown_hash)

    # The PDF holds the seed's commitments and the fingerprint shown on the page.
    with sponsor_page.expect_download() as download_info:
        sponsor_page.get_by_role("button", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-v1.pdf")
    pdf_path = tmp_path / download.suggested_filename
    download.save_as(pdf_path)
    text = "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf_path.read_bytes())).pages)
    assert COMMITMENT in " ".join(text.split())
    assert CONTEXT in " ".join(text.split())
    # A 64-character hash may wrap across lines in the PDF: compare it without whitespace.
    assert shown_hash in re.sub(r"\s+", "", text)

    # Everyone sees the engagement move on to step 2.
    coach_page.goto(engagement_url)
    expect(coach_page.get_by_role("heading", name="Step 2 of 7")).to_be_visible()
    expect(coach_page.locator(".tracker [aria-current=step]")).to_contain_text("Assessment")
    expect(coach_page.get_by_text("Version 1: signed.")).to_be_visible()

    assert run_worker() == 3  # "signed by all" to the coach, the executive and the sponsor
    executive_page.goto("/outbox/")
    expect(
        executive_page.get_by_role("row").filter(has_text=EXECUTIVE[0]).filter(has_text="signed by all")
    ).to_be_visible()


def test_engagement_page_fits_a_phone_screen(new_context, sign_in, coach):
    engagement = engagement_services.engagement_create(
        coach=coach,
        organisation=engagement_services.organisation_create(name="Globex International Holdings"),
        title=TITLE,
        start_date=date(2027, 1, 11),
        planned_months=6,
        executive_name=EXECUTIVE[1],
        executive_email="erin.executive-longname@globex-international.test",
        sponsor_name=SPONSOR[1],
        sponsor_email="sam.sponsor-longname@globex-international.test",
    )
    engagement_services.stakeholder_save(
        engagement=engagement,
        name="Maria Manager",
        email="maria.manager@globex-international.test",
        relationship="manager",
    )
    agreement_services.agreement_start(engagement=engagement)

    # A plain 390-pixel viewport, not Playwright's is_mobile: in mobile emulation Chromium widens
    # the layout viewport to fit content that overflows, so innerWidth would grow with the page
    # and the check below could never fail.
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(page, email=COACH[0], password=PASSWORD)
    page.goto(f"/engagements/{engagement.public_id}/")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways on a phone: {widths[0]}px wide in a {widths[1]}px window"
