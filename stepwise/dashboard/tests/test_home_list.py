"""The home list as a practice grows: 25 engagements a page, a search box and a status filter."""

import re

import pytest
from django.urls import reverse

from stepwise.conftest import World, client_for, engagement_make
from stepwise.dashboard.selectors import HOME_PAGE_SIZE
from stepwise.engagements import services
from stepwise.engagements.models import Engagement


def more_engagements(world: World, count: int) -> list[Engagement]:
    return [
        engagement_make(
            coach=world.coach,
            organisation=world.organisation,
            executive_email=f"exec{n}@acme.test",
            title=f"Engagement {n:02}",
        )
        for n in range(count)
    ]


def home(world: World, who: str = "coach", **query: str) -> str:
    response = client_for(world.user(who)).get(reverse("home"), query)
    assert response.status_code == 200
    return response.content.decode()


def titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/engagements/[^"]+/">([^<]+)</a></h2>', page)


def test_the_home_page_shows_25_engagements_a_page_and_says_which_page(world: World) -> None:
    more_engagements(world, 30)  # 31 with the world's
    first = home(world)
    assert len(titles(first)) == HOME_PAGE_SIZE == 25
    assert "31 engagements" in first and "Page 1 of 2" in first
    assert 'href="?page=2" rel="next">Next page</a>' in first
    second = home(world, page="2")
    assert len(titles(second)) == 6 and "Page 2 of 2" in second
    assert 'href="?page=1" rel="prev">Previous page</a>' in second
    assert set(titles(first)).isdisjoint(titles(second))
    assert len(set(titles(first) + titles(second))) == 31


@pytest.mark.parametrize(("asked", "shown"), [("abc", "Page 1 of 2"), ("99", "Page 2 of 2"), ("-1", "Page 2 of 2")])
def test_a_page_that_is_not_a_number_or_past_the_end_shows_the_first_or_the_last(
    world: World, asked: str, shown: str
) -> None:
    more_engagements(world, 30)
    assert shown in home(world, page=asked)


def test_a_few_engagements_show_neither_page_links_nor_a_search_box(world: World) -> None:
    page = home(world)
    assert titles(page) == ["Leadership presence"]
    assert 'role="search"' not in page and "Page 1 of" not in page


def test_the_search_finds_by_title_organisation_and_executive_and_keeps_to_what_the_person_may_see(
    world: World,
) -> None:
    more_engagements(world, 6)
    globex = services.organisation_create(name="Globex")
    engagement_make(coach=world.coach, organisation=globex, executive_email="gil@globex.test", title="Board readiness")
    elsewhere = engagement_make(
        coach=world.other_coach, organisation=globex, executive_email="x@globex.test", title="Board secrets"
    )
    assert 'role="search"' in home(world)
    assert titles(home(world, q="board")) == ["Board readiness"]
    assert titles(home(world, q="GLOBEX")) == ["Board readiness"]
    assert titles(home(world, q="Engagement 03")) == ["Engagement 03"]
    assert len(titles(home(world, q="erin executive"))) == 8  # every executive here is Erin Executive
    assert titles(home(world, q="Board Erin")) == ["Board readiness"]  # each word must match
    found = home(world, q="nothing like this")
    assert titles(found) == [] and "No engagement matches this search." in found
    assert titles(home(world, "admin", q="board")) == ["Board secrets", "Board readiness"]  # newest first
    assert str(elsewhere) not in home(world, q="secrets")


def test_the_status_filter_shows_active_or_closed_engagements_only(world: World) -> None:
    engagements = more_engagements(world, 6)
    Engagement.objects.filter(pk=engagements[0].pk).update(status=Engagement.Status.CLOSED)
    Engagement.objects.filter(pk__in=[e.pk for e in engagements[1:3]]).update(status=Engagement.Status.ACTIVE)
    assert titles(home(world, status="closed")) == ["Engagement 00"]
    assert sorted(titles(home(world, status="active"))) == ["Engagement 01", "Engagement 02"]
    assert len(titles(home(world))) == 7


def test_a_status_that_does_not_exist_says_so_and_lists_everything(world: World) -> None:
    more_engagements(world, 6)
    page = home(world, status="lost")
    assert "Select a valid choice. lost is not one of the available choices." in page
    assert len(titles(page)) == 7


def test_the_page_links_keep_the_search(world: World) -> None:
    more_engagements(world, 30)
    page = home(world, q="Engagement", status="setting_up")
    assert "30 engagements" in page and "Page 1 of 2" in page
    assert 'href="?q=Engagement&amp;status=setting_up&amp;page=2" rel="next"' in page
    assert len(titles(home(world, q="Engagement", status="setting_up", page="2"))) == 5
