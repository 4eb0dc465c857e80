"""A coach with many engagements finds one on the home page by keyboard: the search box, the
status filter and the page links, on a desktop and on a phone, with no serious axe finding."""

import pytest
from playwright.sync_api import Page, expect

from stepwise.conftest import participant_join
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def thirty_more(engagement: Engagement) -> None:
    """Thirty more engagements for the same coach, at Initech: more than a page."""
    initech = engagement_services.organisation_create(name="Initech")
    for n in range(30):
        more = engagement_services.engagement_create(
            coach=engagement.coach,
            organisation=initech,
            title=f"Initech {n:02}",
            start_date=engagement.start_date,
            planned_months=6,
            executive_name=f"Ivan Initech {n:02}",
            executive_email=f"ivan{n}@initech.test",
        )
        for participant in more.participants.all():
            participant_join(participant)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}])
def test_the_coach_searches_and_pages_through_the_home_list_by_keyboard(
    signed_engagement: Engagement, new_context, sign_in, viewport: dict[str, int]
) -> None:
    thirty_more(signed_engagement)
    page: Page = new_context(viewport=viewport, bypass_csp=True).new_page()  # axe is injected
    sign_in(page, email="cora@practice.test", password=PASSWORD)
    expect(page.get_by_role("status").filter(has_text="31 engagements")).to_contain_text("page 1 of 2")
    expect(page.locator("article")).to_have_count(25)
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The next page, by keyboard.
    page.get_by_role("link", name="Next page").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Pages")).to_contain_text("Page 2 of 2")
    expect(page.locator("article")).to_have_count(6)

    # A search typed and sent with Enter, then only the active ones.
    page.get_by_label("Search").fill("globex")
    page.keyboard.press("Enter")
    expect(page.locator("article")).to_have_count(1)
    expect(page.get_by_role("link", name="Erin — leading Europe").first).to_be_visible()
    Engagement.objects.filter(title="Initech 07").update(status=Engagement.Status.ACTIVE)
    page.get_by_label("Search").fill("")
    page.get_by_label("Status").select_option("active")
    page.get_by_role("button", name="Search").press("Enter")
    # Erin's is active since everyone signed its agreement; the other Initech ones still set up.
    expect(page.locator("article h2")).to_have_text(["Initech 07", "Erin — leading Europe"])
    page.get_by_role("link", name="Show all").first.click()
    expect(page.locator("article")).to_have_count(25)
