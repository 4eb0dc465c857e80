"""The one-time token and the stale-edit helper, through the pages that use them."""

import uuid

import pytest
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.lib.models import FormToken

pytestmark = pytest.mark.django_db


def _engagement_form(world: World, token: str, **changes: str) -> dict[str, str]:
    return {
        "token": token,
        "organisation": str(world.organisation.pk),
        "title": "Second engagement",
        "start_date": "2027-03-01",
        "planned_months": "6",
        "executive_name": "Rita Racer",
        "executive_email": "rita@acme.test",
        **changes,
    }


def test_a_refused_form_keeps_its_token_and_goes_through_once_corrected(world: World) -> None:
    coach = client_for(world.coach)
    token = str(uuid.uuid4())
    refused = coach.post(
        reverse("engagement_create"), _engagement_form(world, token, executive_email=world.coach.email)
    )
    assert refused.status_code == 400
    assert refused.context["form"]["token"].value() == token  # the page sends the same token again
    assert not FormToken.objects.filter(token=token).exists()  # the refusal released it
    corrected = coach.post(reverse("engagement_create"), _engagement_form(world, token))
    assert corrected.status_code == 302
    again = coach.post(reverse("engagement_create"), _engagement_form(world, token))
    assert again.status_code == 302
    assert again["Location"] == corrected["Location"]
    assert Engagement.objects.filter(title="Second engagement").count() == 1


def test_a_token_replayed_on_another_form_is_refused_with_a_message(world: World) -> None:
    coach = client_for(world.coach)
    token = str(uuid.uuid4())
    assert coach.post(reverse("engagement_create"), _engagement_form(world, token)).status_code == 302
    path = reverse("stakeholder_add", kwargs={"public_id": world.engagement.public_id})
    response = coach.post(path, {"token": token, "name": "Max", "email": "max@acme.test", "relationship": "manager"})
    assert response.status_code == 400
    assert "This form was sent already" in response.content.decode()
    assert not Stakeholder.objects.filter(email="max@acme.test").exists()


def test_each_page_draws_a_fresh_token(world: World) -> None:
    coach = client_for(world.coach)
    first = coach.get(reverse("engagement_create")).context["form"]["token"].value()
    second = coach.get(reverse("engagement_create")).context["form"]["token"].value()
    assert first != second
