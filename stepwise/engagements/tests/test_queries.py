"""Pages whose query count must not grow with the data they list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.agreements.services import agreement_open, agreement_start
from stepwise.conftest import World, agreement_sign_by_all, client_for, engagement_make, participant_join
from stepwise.engagements import services
from stepwise.engagements.models import Engagement


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def more_engagements(world, count: int) -> None:
    """``count`` more engagements for the world's coach, in every agreement state but signed."""
    for n in range(count):
        engagement = engagement_make(
            coach=world.coach,
            organisation=world.organisation,
            executive_email=f"exec{n}@acme.test",
            sponsor_email=f"sponsor{n}@acme.test" if n % 2 else "",
        )
        if n % 3:
            agreement = agreement_start(engagement=engagement)
            if n % 3 == 2:
                agreement_open(agreement=agreement)


def test_the_home_page_makes_as_many_queries_for_50_engagements_as_for_1(world, client_as):
    client = client_as(world.coach)
    one = queries_for(client, reverse("home"))
    more_engagements(world, 49)
    fifty = queries_for(client, reverse("home"))
    assert fifty == one
    assert client.get(reverse("home")).content.decode().count('<ol class="tracker"') == 25  # a page


def test_the_home_page_of_the_practice_admin_does_not_grow_either(world, client_as):
    client = client_as(world.admin)
    one = queries_for(client, reverse("home"))
    more_engagements(world, 20)
    assert queries_for(client, reverse("home")) == one


@pytest.mark.parametrize("who", ["executive", "sponsor"])
def test_the_home_page_of_an_executive_or_sponsor_in_many_engagements_does_not_grow(world: World, who: str) -> None:
    """The same people in 30 engagements (more than a page), every other one with an open agreement."""
    client = client_for(world.user(who))
    joined: list[Engagement] = []

    def join_more(count: int) -> None:
        for n in range(count):
            engagement = engagement_make(
                coach=world.coach,
                organisation=world.organisation,
                executive_email="erin@acme.test",
                sponsor_email="sam@acme.test",
                title=f"Another round {len(joined)}",
            )
            for participant in engagement.participants.all():
                participant_join(participant)
            if n % 2:
                agreement_open(agreement=agreement_start(engagement=engagement))
            joined.append(engagement)

    join_more(2)
    three = queries_for(client, reverse("home"))
    join_more(27)
    assert queries_for(client, reverse("home")) == three
    page = client.get(reverse("home")).content.decode()
    assert page.count('<ol class="tracker"') == 25 and "30 engagements" in page
    assert "The agreement is waiting for your" in page


def test_the_organisations_page_does_not_grow_with_organisations_or_engagements(world: World) -> None:
    client = client_for(world.coach)
    url = reverse("organisation_list")
    one = queries_for(client, url)
    for n in range(30):
        organisation = services.organisation_create(name=f"Client {n}")
        engagement_make(coach=world.coach, organisation=organisation, executive_email=f"exec{n}@client.test")
    assert queries_for(client, url) == one
    assert "Client 29" in client.get(url).content.decode()


def test_the_engagement_page_does_not_grow_with_people_stakeholders_or_other_engagements(world, client_as):
    url = reverse("engagement_detail", args=[world.engagement.public_id])
    client = client_as(world.coach)
    before = queries_for(client, url)
    more_engagements(world, 49)
    for n in range(30):
        services.stakeholder_save(
            engagement=world.engagement, name=f"Peer {n}", email=f"peer{n}@acme.test", relationship="peer"
        )
    for n in range(5):
        services.participant_invite(
            engagement=world.engagement,
            invited_by=world.coach,
            full_name=f"Extra Sponsor {n}",
            email=f"extra{n}@acme.test",
            role="sponsor",
        )
    after = queries_for(client, url)
    assert after == before
    assert "Peer 29" in client.get(url).content.decode()


def test_the_engagement_page_reads_nothing_twice(world: World) -> None:
    """The agreement in force, the coach's preferences and the people were each read two or
    three times for the sections of one page (27 queries); each is read once now."""
    agreement_sign_by_all(world)
    url = reverse("engagement_detail", args=[world.engagement.public_id])
    for person in (world.coach, world.executive, world.sponsor):
        client = client_for(person)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.status_code == 200
        statements = [(q["sql"]) for q in captured.captured_queries]
        repeated = {sql for sql in statements if statements.count(sql) > 1}
        assert not repeated, repeated


def test_the_engagements_a_person_may_open_come_from_their_own_rows(world: World) -> None:
    """The list of what a person may open starts from the coach's index and the person's own
    participants, never from a subquery run for every engagement of the practice."""
    more_engagements(world, 3)
    for person in (world.coach, world.executive):
        plan = Engagement.objects.visible_to(person).explain()
        if connection.vendor == "sqlite":  # EXPLAIN QUERY PLAN
            assert "MULTI-INDEX OR" in plan, plan
            assert "CORRELATED" not in plan, plan
        else:  # the person's participants read once, by their index, and hashed
            assert "hashed SubPlan" in plan and "user_id = " in plan, plan
    assert set(Engagement.objects.visible_to(world.executive)) == {world.engagement}
    assert Engagement.objects.visible_to(world.coach).count() == 4
