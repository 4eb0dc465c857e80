"""Phones and narrow windows: a one-row menu, tables stacked as rows of labelled cells with their
status on screen, form fields side by side that keep room for what is typed."""

import pytest
from playwright.sync_api import Page, expect

from stepwise.engagements.models import Engagement
from stepwise.users.demo import PASSWORD, PEOPLE
from tests.browser.test_accessibility import serious_violations, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def right_edge(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["x"] + box["width"]


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_on_a_phone_the_menu_is_one_row_and_opens_by_keyboard(demo, new_context, sign_in):
    page = new_context(viewport=PHONE, bypass_csp=True).new_page()
    sign_in(page, email=PEOPLE["coach"][0], password=PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    box = nav.bounding_box()
    assert box is not None and box["height"] < 70, f"the menu takes {box and box['height']} px"
    expect(nav.get_by_role("link", name="Inbox")).to_be_hidden()
    menu = nav.get_by_text("Menu", exact=True)
    menu.focus()
    page.keyboard.press("Enter")
    expect(nav.get_by_role("link", name="Inbox")).to_be_visible()
    assert serious_violations(page) == []  # the open menu too (axe-core)
    nav.get_by_role("button", name="Sign out").hover()
    assert serious_violations(page) == []  # hovered
    nav.get_by_role("link", name="Inbox").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()


def test_on_a_phone_tables_show_the_status_and_emails_without_scrolling(demo, new_context, sign_in):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, email=PEOPLE["coach"][0], password=PASSWORD)
    page.goto("/inbox/")
    overdue = page.get_by_text("overdue", exact=True).first
    expect(overdue).to_be_in_viewport()
    assert right_edge(page, "td[data-label='Due'] strong") <= PHONE["width"]
    assert no_sideways_scroll(page)

    evan = Engagement.objects.get(title__startswith="Evan Executive")
    page.goto(f"/engagements/{evan.public_id}/reviews/")
    status = page.locator("td.status .badge").first
    expect(status).to_be_visible()
    assert right_edge(page, "td.status .badge") <= PHONE["width"]
    assert no_sideways_scroll(page)

    # The people of the engagement: each email whole on screen, not cut at the table's edge.
    page.goto(f"/engagements/{evan.public_id}/")
    email = page.locator("td[data-label='Email']", has_text="executive@stepwise.example")
    email.scroll_into_view_if_needed()
    expect(email).to_be_in_viewport(ratio=1)


def test_on_a_desktop_fields_side_by_side_share_the_row(demo, new_context, sign_in):
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, email=PEOPLE["coach"][0], password=PASSWORD)
    page.goto("/engagements/new/")
    email = page.get_by_label("Executive's email").bounding_box()
    name = page.get_by_label("Executive's full name").bounding_box()
    assert email is not None and name is not None
    # Two fields in a row of ~1,200 px: each gets about half, beside each other.
    assert email["width"] > 500 and name["width"] > 500, (name["width"], email["width"])
    assert abs(email["y"] - name["y"]) < 2


# Each table is checked where it is: a stacked table's cells are blocks, and neither the page nor
# the table's own scrolling box is wider than the phone.
TABLES_ON_SCREEN = """() => [...document.querySelectorAll('table')].map(table => {
  const box = table.parentElement;
  return {
    table: table.className || '(no class)',
    caption: (table.querySelector('caption, thead') || table).innerText.trim().split('\\n')[0],
    stacked: getComputedStyle(table).display === 'block',
    wider: Math.max(table.scrollWidth - table.clientWidth, box.scrollWidth - box.clientWidth) > 1,
  };
})"""
# The pages with a table each role reaches in the demo (the walk itself is checked).
PAGES_WITH_TABLES = {
    "coach": {"inbox", "worksheet_list", "review_list", "session_list", "checkin", "message_list", "template_list"},
    "executive": {"worksheet_list", "plan_detail", "review_list", "review_detail", "checkin"},
    "admin": {"organisation_list", "agreement_detail"},
}


def unstacked_tables(page: Page, name: str, with_tables: set[str]) -> list[str]:
    """Each table of the page left as a grid wider than the phone, and a page that scrolls sideways."""
    tables = page.evaluate(TABLES_ON_SCREEN)
    if tables:
        with_tables.add(name)
    problems = [
        f"table {table['table']!r} ({table['caption']}): stacked={table['stacked']}, wider={table['wider']}"
        for table in tables
        # A calendar keeps its week's grid: its seven narrow columns fit a phone (it must not be wider).
        if (not table["stacked"] and "calendar" not in table["table"].split()) or table["wider"]
    ]
    return problems if no_sideways_scroll(page) else [*problems, "the page scrolls sideways"]


@pytest.mark.parametrize("role", sorted(PAGES_WITH_TABLES))
def test_on_a_phone_every_table_of_the_demo_is_stacked(demo, new_context, sign_in, role):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, email=PEOPLE[role][0], password=PASSWORD)
    with_tables: set[str] = set()
    _, problems = walk(page, lambda page, name: unstacked_tables(page, name, with_tables))
    report = "\n".join(f"{path}: {'; '.join(found)}" for path, found in problems.items())
    assert problems == {}, f"Wider than a phone, {role}:\n{report}"
    missed = sorted(PAGES_WITH_TABLES[role] - with_tables)
    assert missed == [], f"{role}'s walk met no table on {missed}"


def test_a_link_drawn_as_a_button_answers_the_space_key(demo, new_context, sign_in):
    """Screen readers announce <a role="button"> as a button, and a button is pressed with Space:
    Space follows the link instead of scrolling the page (static/js/buttons.js)."""
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, email=PEOPLE["coach"][0], password=PASSWORD)
    evan = Engagement.objects.get(title__startswith="Evan Executive")
    page.goto(f"/engagements/{evan.public_id}/plan/")
    add = page.get_by_role("button", name="Add a goal")
    add.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(f"{page.url.split('/engagements/')[0]}/engagements/{evan.public_id}/plan/goals/new/")
