"""The demo's practice steps 7–9: made through the services, and made once."""

from uuid import uuid4

import pytest
from django.urls import reverse

from stepwise.conftest import World
from stepwise.feedback import demo_practice, practice, pulse
from stepwise.feedback.models import DevelopmentItem, FollowUp, Questionnaire, Round
from stepwise.plans import services as plan_services

from .practice_rounds import all_rated, round_answered

pytestmark = pytest.mark.django_db


def test_the_demo_practice_is_made_once_and_shows_on_the_pages(world: World):
    plan_services.goal_create(engagement=world.engagement, title="Delegate the weekly review", token=uuid4())
    round, _raters = round_answered(world, [("peer", all_rated(3))] * 4 + [("direct_report", all_rated(2))] * 2)
    for _ in range(2):
        demo_practice.development_demo(world.engagement, round)
        demo_practice.follow_ups_demo(world.engagement, round)
        demo_practice.pulse_demo(world.engagement)
    assert DevelopmentItem.objects.count() == 2
    assert DevelopmentItem.objects.filter(key_action__isnull=False).count() == 1
    assert FollowUp.objects.count() == 4  # two thirds of six
    assert practice.follow_up_progress(round) == (4, 6)
    sendings = pulse.pulse_sendings(world.engagement)
    assert len(sendings) == demo_practice.PULSE_MONTHS + 1
    assert all(s.shown for s in sendings[:-1])
    assert sendings[-1].round.status == Round.Status.OPEN
    assert Round.objects.filter(kind=Questionnaire.Kind.PULSE).count() == demo_practice.PULSE_MONTHS + 1
    page = world.client("executive").get(reverse("engagement_detail", args=[world.engagement.public_id]))
    text = page.content.decode()
    assert "<svg" in text and "met 4 of 6" in text and "2 items on the development list" in text


def test_the_filled_practice_pages_are_valid_html(world: World, tmp_path):
    from tests.html_check import HtmlBatch

    plan_services.goal_create(engagement=world.engagement, title="Delegate the weekly review", token=uuid4())
    round, raters = round_answered(world, [("peer", all_rated(3))] * 3 + [("direct_report", all_rated(2))] * 3)
    items = demo_practice.development_demo(world.engagement, round)
    demo_practice.follow_ups_demo(world.engagement, round)
    demo_practice.pulse_demo(world.engagement)
    engagement = world.engagement.public_id
    urls = [
        reverse("engagement_detail", args=[engagement]),
        reverse("pulse_detail", args=[engagement]),
        reverse("development_list", args=[engagement]),
        reverse("development_item", args=[engagement, items[0].public_id]),
        reverse("follow_up_list", args=[engagement, round.public_id]),
        reverse("follow_up_edit", args=[engagement, round.public_id, raters[0].public_id]),
    ]
    batch = HtmlBatch(tmp_path)
    for role in ("executive", "coach"):
        client = world.client(role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            batch.add(f"{role} {url}", response.content)
    assert batch.errors() == []
