"""The tracker is rendered once per combination of states (``{% step_tracker %}``): a change
to an engagement shows on the next page, and two engagements in different states never share
a tracker."""

import re

from django.urls import reverse

from stepwise.agreements import services as agreement_services
from stepwise.conftest import World, agreement_sign_by_all, client_for, engagement_make


def step_one(page: str) -> list[str]:
    """Step 1's state as each tracker on the page says it."""
    return re.findall(
        r'<span class="n">1</span> <span class="label">[^<]+</span> <span class="step-state">([^<]+)', page
    )


def get(world: World, url: str) -> str:
    response = client_for(world.coach).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_agreement_shows_on_the_tracker_at_once(world: World) -> None:
    detail = reverse("engagement_detail", args=[world.engagement.public_id])
    opened = agreement_services.agreement_open(agreement=world.agreement)
    assert step_one(get(world, reverse("home"))) == ["under way, waiting for signatures"]
    assert step_one(get(world, detail)) == ["under way, waiting for signatures"]

    agreement_sign_by_all(world, opened)
    assert step_one(get(world, reverse("home"))) == ["done"]
    assert step_one(get(world, detail)) == ["done"]


def test_engagements_in_different_states_keep_their_own_trackers(world: World) -> None:
    other = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="new@acme.test")
    agreement_sign_by_all(world)
    page = get(world, reverse("home"))
    states = dict(zip(re.findall(r'<h2><a href="/engagements/([^/]+)/">', page), step_one(page), strict=True))
    assert states == {str(world.engagement.public_id): "done", str(other.public_id): "under way, waiting on the coach"}
