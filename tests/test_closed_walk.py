"""A closed engagement is read-only: every POST under it is refused with a 403 that says so, and
changes nothing; only the parts named in ``access.WRITABLE_WHEN_CLOSED`` (the sustain plan) stay
open. Walks every POST URL pattern of the access walk's table (``test_access_walk.PAGES``), so a
page added later is walked too.
"""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from stepwise.conftest import World
from stepwise.engagements.access import WRITABLE_WHEN_CLOSED
from stepwise.engagements.middleware import ENGAGEMENT_ROUTE
from stepwise.outcomes import closing
from tests.test_access_walk import PAGES, SIGNER_NAME, snapshot, url_patterns
from tests.test_access_walk import world as world  # the walk's fixture

# Everyone with a role in the engagement: the practice admin, its coach, executive and sponsor.
WITH_A_ROLE = ("admin", "coach", "executive", "sponsor")
CLOSED = "This engagement is closed, so nothing in it can be changed."


def _engagement_posts() -> list[str]:
    routes = url_patterns()
    return sorted(
        name
        for name, page in PAGES.items()
        if page.post and name in routes and routes[name][0].startswith(ENGAGEMENT_ROUTE)
    )


def _writable_when_closed(name: str, kwargs: dict[str, Any]) -> bool:
    view = resolve(reverse(name, kwargs=kwargs)).func
    return getattr(view, "writable_when_closed", None) in WRITABLE_WHEN_CLOSED


# Pages that answer a closed engagement themselves (the close page: "closed already, by whom"),
# with the status each role gets; they too must change nothing.
ANSWERED_BY_THE_VIEW = {"engagement_close": {"admin": 404, "coach": 400, "executive": 404, "sponsor": 404}}


def _post(world: World, role: str, name: str, kwargs: dict[str, Any], data: dict[str, Any]) -> Any:
    user = world.user(role)
    data = {key: (getattr(user, "full_name", "") if value is SIGNER_NAME else value) for key, value in data.items()}
    return world.client(role).post(reverse(name, kwargs=kwargs), data)


def test_the_walk_finds_the_engagement_posts():
    names = _engagement_posts()
    assert {"engagement_edit", "goal_detail", "stakeholder_add", "sustain_plan", "engagement_close"} <= set(names)
    assert len(names) > 40


@pytest.mark.parametrize("name", _engagement_posts())
def test_every_write_to_a_closed_engagement_is_refused_and_changes_nothing(world, name):
    page = PAGES[name]
    kwargs = page.kwargs(world)
    data = page.data(world)
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    writable = _writable_when_closed(name, kwargs)
    problems = []
    for role in WITH_A_ROLE:
        with transaction.atomic():
            before = snapshot()
            response = _post(world, role, name, kwargs, data)
            changed = snapshot() != before
            transaction.set_rollback(True)
        if name in ANSWERED_BY_THE_VIEW:
            expected = ANSWERED_BY_THE_VIEW[name][role]
            if response.status_code != expected or changed:
                problems.append(f"{role}: expected {expected} and no change, got {response.status_code}")
            continue
        if writable:
            # The sustain plan stays as it was before the close, for each role; the 12-step practice
            # stays the executive's, and its coach no longer reaches it (stepwise/practice/access.py).
            expected = 404 if role == "coach" and name.startswith("practice_") else page.post[role]
            if response.status_code != expected:
                problems.append(f"{role}: expected {expected} (writable when closed), got {response.status_code}")
            continue
        if response.status_code != 403:
            problems.append(f"{role}: expected 403, got {response.status_code}")
        elif CLOSED not in response.content.decode():
            problems.append(f"{role}: the 403 does not say the engagement is closed")
        if changed:
            problems.append(f"{role}: refused, yet stored data changed")
    for role in ("other_coach", "outsider"):
        response = _post(world, role, name, kwargs, data)
        if response.status_code != 404:
            problems.append(f"{role}: expected 404, got {response.status_code}")
    assert problems == [], f"POST {name} on a closed engagement: " + "; ".join(problems)


FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*')""")


def _refused_forms(html: str, page_path: str) -> list[str]:
    """The POST forms of a page that a closed engagement would refuse: their action's path."""
    found = []
    for tag in FORM.findall(html):
        attributes = {name.lower(): value[1:-1] for name, value in ATTRIBUTE.findall(tag)}
        if attributes.get("method", "get").lower() != "post":
            continue
        action = urlsplit(attributes.get("action") or page_path).path
        try:
            match = resolve(action)
        except Resolver404:
            continue
        if not match.route.startswith(ENGAGEMENT_ROUTE):
            continue
        if getattr(match.func, "writable_when_closed", None) in WRITABLE_WHEN_CLOSED:
            continue
        found.append(action)
    return found


def _engagement_gets() -> list[str]:
    routes = url_patterns()
    return sorted(
        name
        for name, page in PAGES.items()
        if name in routes and routes[name][0].startswith(ENGAGEMENT_ROUTE) and 200 in page.get.values()
    )


@pytest.mark.parametrize("name", _engagement_gets())
def test_the_pages_of_a_closed_engagement_show_no_form_it_would_refuse(world, name):
    page = PAGES[name]
    kwargs = page.kwargs(world)
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    path = reverse(name, kwargs=kwargs)
    problems = []
    for role in WITH_A_ROLE:
        if page.get.get(role) != 200:
            continue
        response = world.client(role).get(path)
        if role == "coach" and name.startswith("practice_"):
            if response.status_code != 404:  # the executive's own record: its coach reads it no more
                problems.append(f"{role}: GET answered {response.status_code}, not 404")
            continue
        if response.status_code == 403 and CLOSED in response.content.decode():
            continue  # a form page: it says the engagement is closed instead
        if response.status_code != 200:
            problems.append(f"{role}: GET answered {response.status_code}")
        elif response["Content-Type"].startswith("text/html"):
            refused = _refused_forms(response.content.decode(), path)
            if refused:
                problems.append(f"{role}: forms posting to {sorted(set(refused))}")
    assert problems == [], f"GET {name} on a closed engagement: " + "; ".join(problems)
