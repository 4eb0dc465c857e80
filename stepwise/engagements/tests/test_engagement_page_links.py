"""Every link on a person's engagement page opens: the page asks the same access answers as
the views behind its links (``access.reads`` / ``access.writes``), so nothing leads to a 404."""

import re
from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from stepwise.agreements import services as agreement_services
from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.meetings.services.sessions import session_schedule
from stepwise.plans import services as plan_services

LINK = re.compile(r'<a [^>]*href="(/[^"#]*)"')


def _links(html: str) -> list[str]:
    return sorted({href for href in LINK.findall(html) if not href.startswith("/static/")})


def _running(world: World) -> None:
    """Signed, with a goal and a session planned: most of the page's links are there."""
    agreement_sign_by_all(world)
    plan_services.goal_create(engagement=world.engagement, title="Delegate the weekly report", token=uuid4())
    start = datetime(2027, 2, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    session_schedule(
        engagement=world.engagement,
        starts=[start + timedelta(weeks=n) for n in range(2)],
        minutes=60,
        time_zone="Europe/London",
        where="",
        token=uuid4(),
        now=start - timedelta(days=30),
    )


@pytest.mark.parametrize("running", [False, True], ids=["draft agreement", "running"])
@pytest.mark.parametrize("role", ["admin", "coach", "executive", "sponsor"])
def test_every_link_on_the_engagement_page_opens_for_the_person_who_sees_it(world: World, role: str, running: bool):
    if running:
        _running(world)
    client = client_for(world.user(role))
    page = client.get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert page.status_code == 200
    links = _links(page.content.decode())
    assert links, "the page has links"
    # A link may lead on (the menu's "My practice" goes to the practice beside one's engagement):
    # where it ends is what must open.
    answers = {href: client.get(href, follow=True).status_code for href in links}
    assert {href: code for href, code in answers.items() if code != 200} == {}


def test_the_admin_is_not_offered_the_assessment(world: World):
    page = client_for(world.admin).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    html = page.content.decode()
    assert reverse("worksheet_list", args=[world.engagement.public_id]) not in html
    assert "The assessment stays between the executive and the coach." in html


@pytest.mark.parametrize("role", ["admin", "sponsor"])
def test_no_link_on_the_pages_an_admin_or_sponsor_reaches_from_the_engagement_leads_to_a_404(world: World, role: str):
    _running(world)
    agreement_services.agreement_start(engagement=world.engagement)  # the coach drafts a new version
    client = client_for(world.user(role))
    start = reverse("engagement_detail", args=[world.engagement.public_id])
    seen: dict[str, int] = {}
    frontier = [start]
    for _depth in range(3):
        found: list[str] = []
        for url in frontier:
            response = client.get(url)
            seen[url] = response.status_code
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                found += [href for href in _links(response.content.decode()) if href.startswith(start)]
        frontier = sorted(set(found) - set(seen))
    assert len(seen) > 3
    assert {url: code for url, code in seen.items() if code != 200} == {}
