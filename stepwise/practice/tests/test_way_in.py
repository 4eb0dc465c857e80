"""The menu's "My practice", the where-am-I summary of the seed's three questions, and the coach's
line on the engagement page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World, client_for, engagement_make, participant_join, user_make
from stepwise.engagements.models import Engagement, Participant
from stepwise.practice import services
from stepwise.practice.models import MarkKind, Program

from .test_pages import url

pytestmark = pytest.mark.django_db


def mark(world: World, number: int, kind: str, why: str = "") -> None:
    step = Program.objects.get(builtin=True).steps.get(number=number)
    services.mark_set(owner=world.executive, step=step, kind=kind, why=why)


def test_my_practice_in_the_menu_leads_the_executive_to_their_practice(world: World) -> None:
    executive = client_for(world.executive)
    home = executive.get(reverse("home")).content.decode()
    assert f'href="{reverse("practice_mine")}"' in home
    response = executive.get(reverse("practice_mine"))
    assert response.status_code == 302
    assert response["Location"] == url(world, "practice_home")


def test_my_practice_goes_beside_the_latest_engagement(world: World) -> None:
    older = world.engagement
    newer = type(older).objects.create(
        title="Second",
        organisation=older.organisation,
        coach=older.coach,
        start_date=older.start_date + timedelta(days=90),
    )
    Participant.objects.create(
        engagement=newer, user=world.executive, role=Participant.Role.EXECUTIVE, joined_at=older.created_at
    )
    response = client_for(world.executive).get(reverse("practice_mine"))
    assert response["Location"] == reverse("practice_home", args=[newer.public_id])


def test_a_person_with_no_engagement_as_executive_reads_that_there_is_none(world: World) -> None:
    stranger = user_make(email="new@example.com", full_name="New Person")
    response = client_for(stranger).get(reverse("practice_mine"))
    assert response.status_code == 200
    assert "not the executive of an engagement yet" in response.content.decode()


def test_the_menu_costs_no_query(world: World) -> None:
    """The link is drawn from the account's flags: the page costs the same with it as without."""
    executive = client_for(world.executive)
    executive.get(reverse("account_settings"))
    with CaptureQueriesContext(connection) as with_link:
        executive.get(reverse("account_settings"))
    assert not any("engagements_participant" in q["sql"] for q in with_link.captured_queries)
    coach = client_for(world.coach)
    assert f'href="{reverse("practice_mine")}"' not in coach.get(reverse("home")).content.decode()


def test_where_am_i_answers_the_three_questions_at_the_top(world: World) -> None:
    mark(world, 10, MarkKind.CURRENT, "Journal daily")
    mark(world, 8, MarkKind.REVISIT, "Amends to Priya")
    mark(world, 9, MarkKind.REVISIT)
    mark(world, 7, MarkKind.STRUGGLE, "Where to start")
    page = client_for(world.executive).get(url(world, "practice_home")).content.decode()
    summary = page[page.index('id="standing-h"') : page.index('id="step-7"')]
    assert "What step are you on?" in summary and "Journal daily" in summary
    assert summary.index('href="#step-8"') < summary.index('href="#step-9"') < summary.index("struggle to see")
    assert summary.index("struggle to see") < summary.index('href="#step-7"')
    coach_page = client_for(world.coach).get(url(world, "practice_home")).content.decode()
    assert "The step they are on" in coach_page and "Amends to Priya" in coach_page


def test_the_coachs_engagement_page_shows_the_step_and_how_many_to_revisit(world: World) -> None:
    mark(world, 10, MarkKind.CURRENT)
    mark(world, 8, MarkKind.REVISIT)
    mark(world, 9, MarkKind.REVISIT)
    page = client_for(world.coach).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    text = " ".join(page.content.decode().split())
    assert "Practice: step 10, 2 to revisit, 0 hard to approach." in text
    sponsor = client_for(world.sponsor).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert "Practice: step" not in sponsor.content.decode()


def test_the_coachs_line_costs_the_same_with_many_marks(world: World) -> None:
    coach = client_for(world.coach)
    page = reverse("engagement_detail", args=[world.engagement.public_id])
    mark(world, 10, MarkKind.CURRENT)
    coach.get(page)
    with CaptureQueriesContext(connection) as few:
        coach.get(page)
    for number in (7, 8, 9, 11, 12):
        mark(world, number, MarkKind.REVISIT)
        mark(world, number, MarkKind.STRUGGLE)
    with CaptureQueriesContext(connection) as many:
        coach.get(page)
    assert len(many) == len(few)


def test_a_sponsor_and_a_coach_have_no_my_practice_in_the_menu(world: World) -> None:
    for person in (world.sponsor, world.coach):
        home = client_for(person).get(reverse("home")).content.decode()
        assert f'href="{reverse("practice_mine")}"' not in home
        assert "My practice" not in home


def test_the_coachs_home_shows_where_each_executive_stands_in_their_practice(world: World) -> None:
    """The coach sees it on each row of their home list, as on the engagement page; the sponsor
    and the executive's own home do not; the count of queries does not grow with the marks."""
    coach = client_for(world.coach)

    def home_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            coach.get(reverse("home"))
        return len(captured)

    home = " ".join(coach.get(reverse("home")).content.decode().split())
    assert "Practice:" not in home  # nothing marked yet: no line
    before = home_queries()
    mark(world, 10, MarkKind.CURRENT)
    for number in (8, 9):
        mark(world, number, MarkKind.REVISIT)
    mark(world, 7, MarkKind.STRUGGLE)
    home = " ".join(coach.get(reverse("home")).content.decode().split())
    assert "Practice: step 10, 2 to revisit, 1 hard to approach." in home
    assert home_queries() == before
    for other in (world.sponsor, world.executive):
        assert "Practice:" not in client_for(other).get(reverse("home")).content.decode()


def test_a_closed_engagement_of_the_same_executive_has_no_practice_line(world: World) -> None:
    """The standing belongs to the person, who may have an earlier engagement with the same coach:
    the line shows on the open one only, as on the engagement page."""
    earlier = engagement_make(
        coach=world.coach, organisation=world.organisation, executive_email=world.executive.email, title="Earlier"
    )
    for participant in earlier.participants.all():
        participant_join(participant)
    Engagement.objects.filter(pk=earlier.pk).update(status=Engagement.Status.CLOSED)
    mark(world, 10, MarkKind.CURRENT)
    home = client_for(world.coach).get(reverse("home")).content.decode()
    rows = {row.split("</a></h2>")[0].rsplit(">", 1)[-1]: row for row in home.split("<article>")[1:]}
    assert "Practice: step 10" in rows[world.engagement.title]
    assert "Practice:" not in rows["Earlier"]
