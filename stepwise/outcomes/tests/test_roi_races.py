"""ROI forms under real concurrent requests (threads against the live server, on SQLite and on
PostgreSQL): a create form sent many times makes one row; two first estimates by the same
estimator make one and a clear message; edits drawn at the same revision save once and the rest
are told (409). Never a 500 or an IntegrityError."""

import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import reverse

from stepwise.conftest import World, world_build
from stepwise.lib.tests.races import race
from stepwise.outcomes import roi_services
from stepwise.outcomes.models import Benefit, Cost, Estimate
from stepwise.worksheets.services import templates_install

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()
    world = world_build()
    run_worker()
    return world


def url(world: World, name: str, **ids: object) -> str:
    return reverse(name, kwargs={"public_id": world.engagement.public_id, **ids})


def _benefit(world: World) -> Benefit:
    return roi_services.benefit_save(
        engagement=world.engagement, description="Fewer late orders", measure=None, intangible=False
    )


def test_a_benefit_form_sent_twenty_times_at_once_makes_one_benefit(live_server, live_world):
    data = {"description": "Fewer escalations", "token": str(uuid.uuid4())}
    answers = race(live_server.url, live_world.coach, url(live_world, "roi_benefit_add"), data, n=20)
    assert {a.status for a in answers} == {302}, [a.body[:300] for a in answers if a.status != 302]
    assert Benefit.objects.filter(engagement=live_world.engagement).count() == 1


def test_two_first_estimates_by_the_executive_at_once_make_one_and_a_message(live_server, live_world):
    benefit = _benefit(live_world)
    path = url(live_world, "roi_estimate_add", benefit_id=benefit.public_id)
    data = {"annual_value": "1000", "share_percent": "50", "confidence_percent": "50"}  # no token: two tabs' forms
    answers = race(live_server.url, live_world.executive, path, data, n=8)
    statuses = sorted(a.status for a in answers)
    assert statuses == [302] + [400] * 7, statuses
    refused = [a.body for a in answers if a.status == 400]
    assert all("The executive has an estimate of this benefit already" in body for body in refused)
    assert Estimate.objects.filter(benefit=benefit).count() == 1


def test_edits_drawn_at_the_same_revision_save_once_and_the_rest_are_told(live_server, live_world):
    cost = roi_services.cost_save(
        engagement=live_world.engagement,
        kind="fees",
        description="",
        amount=Decimal(1000),
        hours=None,
        hourly_rate=None,
    )
    path = url(live_world, "roi_cost_edit", cost_id=cost.public_id)
    answers = race(live_server.url, live_world.coach, path, {"kind": "fees", "amount": "1500", "revision": "0"}, n=8)
    statuses = sorted(a.status for a in answers)
    assert statuses == [302] + [409] * 7, statuses
    assert Cost.objects.get().revision == 1
