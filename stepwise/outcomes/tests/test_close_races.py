"""Two coaches' tabs (ten here) press "Close the engagement" at once, against the live server on
SQLite and PostgreSQL: one closes it, every other is told it was closed already, never a 500."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from stepwise.conftest import World, world_build
from stepwise.engagements.models import Engagement
from stepwise.lib.tests.races import race
from stepwise.outcomes.models import Closure
from stepwise.worksheets.services import templates_install

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    return world_build()


def test_racing_closes_close_once_and_tell_the_others(live_server, live_world):
    path = reverse("engagement_close", kwargs={"public_id": live_world.engagement.public_id})

    answers = race(live_server.url, live_world.coach, path, {"confirm": "on"}, n=10)

    assert sorted(a.status for a in answers) == [302] + [400] * 9, [a.body[:300] for a in answers if a.status >= 500]
    assert all("This engagement was closed already, by Cora Coach on" in a.body for a in answers if a.status == 400)
    assert Closure.objects.filter(engagement=live_world.engagement).count() == 1
    assert Engagement.objects.get(pk=live_world.engagement.pk).status == Engagement.Status.CLOSED
