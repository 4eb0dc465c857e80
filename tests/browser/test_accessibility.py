"""axe-core on every page of the demo, as each role sees it: no serious or critical violation.

Each role signs in to its own browser context and walks the links from its home page (same
site, GET only), one page per URL pattern, so the walk covers what each person can reach
without a list to keep up to date. axe-core comes from npm (``node_modules/axe-core``).
"""

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from stepwise.users.demo import PASSWORD, PEOPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ROLES = ("coach", "executive", "sponsor", "admin")
# Not pages a person reads in the browser: files, the operators' Django admin, signing out,
# development's outbox and the API.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/accounts/logout/", "/outbox/", "/static/", "/media/")
SKIPPED_NAMES = {"calendar_feed", "session_ics", "account_logout"}
# Each role's walk reaches at least these pages: the walk itself is checked, not only axe.
EXPECTED = {
    "coach": {
        "home",
        "engagement_detail",
        "agreement_detail",
        "worksheet_list",
        "plan_detail",
        "goal_detail",
        "session_list",
        "session_detail",
        "checkin",
        "review_list",
        "review_detail",
        "message_list",
        "inbox",
        "account_settings",
        "mini_surveys",
        "change",
    },
    "executive": {
        "home",
        "engagement_detail",
        "agreement_detail",
        "worksheet_list",
        "worksheet_detail",
        "plan_detail",
        "goal_detail",
        "session_list",
        "session_detail",
        "checkin",
        "review_list",
        "review_detail",
        "message_list",
        "account_settings",
        "mini_surveys",
        "change",
    },
    "sponsor": {"home", "engagement_detail", "agreement_detail", "plan_detail", "session_list", "review_list"},
    "admin": {"home", "engagement_detail", "agreement_detail", "organisation_list", "account_settings"},
}
# Step 7's ROI, measures and closing report, on Evan's demo engagement.
EXPECTED["coach"] |= {"roi_detail", "roi_benefit_edit", "roi_estimate_edit", "roi_cost_edit", "closing_report"}
EXPECTED["executive"] |= {"roi_detail", "roi_estimate_edit", "measures_detail", "closing_report"}
EXPECTED["sponsor"] |= {"roi_detail", "roi_estimate_edit", "measures_detail", "closing_report"}
EXPECTED["admin"] |= {"roi_detail", "closing_report"}
VISITS_PER_PATTERN = 5


def url_name(path: str) -> str | None:
    """The URL pattern's name for a path of ours, or None for one the walk leaves alone."""
    if path.startswith(SKIPPED_PREFIXES) or path.endswith((".pdf", ".ics")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.url_name or path
    if name in SKIPPED_NAMES or name.endswith("_pdf"):
        return None
    return name


def links(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    own = urlsplit(page.url).netloc
    return [urlsplit(h).path for h in hrefs if urlsplit(h).netloc == own]


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {json.dumps(targets)}")
    return found


def walk(page: Page, check: Callable[[Page, str], list[str]]) -> tuple[set[str], dict[str, list[str]]]:
    """Follow the links from home and run ``check(page, url name)`` on each page opened; return
    the URL patterns opened and what the checks found, by path.

    A pattern is opened up to ``VISITS_PER_PATTERN`` times (other engagements, other goals), to
    find the links it leads to: the first engagement's plan may have no goal yet."""
    seen: set[str] = set()
    visits: dict[str, int] = {}
    opened: set[str] = set()
    problems: dict[str, list[str]] = {}
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        name = url_name(path)
        if name is None or path in opened or visits.get(name, 0) >= VISITS_PER_PATTERN:
            continue
        opened.add(path)
        visits[name] = visits.get(name, 0) + 1
        response = page.goto(path)
        assert response is not None
        if response.status != 200:
            continue  # what each role may open is the access walk's to check (tests/test_access_walk.py)
        seen.add(name)
        found = check(page, name)
        if found:
            problems[path] = found
        queue.extend(links(page))
    return seen, problems


def first_of_each_pattern(check: Callable[[Page], list[str]]) -> Callable[[Page, str], list[str]]:
    """``check`` on the first page of each URL pattern only (axe-core takes a while)."""
    done: set[str] = set()

    def run(page: Page, name: str) -> list[str]:
        if name in done:
            return []
        done.add(name)
        return check(page)

    return run


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_the_demo_has_a_serious_accessibility_violation(demo, browser, live_server, sign_in, role):
    # bypass_csp: axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        page = context.new_page()
        sign_in(page, email=PEOPLE[role][0], password=PASSWORD)
        seen, problems = walk(page, first_of_each_pattern(serious_violations))
    finally:
        context.close()
    report = "\n".join(f"{path}\n  " + "\n  ".join(found) for path, found in problems.items())
    assert problems == {}, f"axe-core, {role}:\n{report}"
    assert EXPECTED[role] <= seen, f"{role}'s walk missed {sorted(EXPECTED[role] - seen)}"
