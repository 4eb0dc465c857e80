"""The sustain plan and the Retention page run as many queries for many rows as for few."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, client_for, engagement_make
from stepwise.outcomes import closing, sustain
from stepwise.outcomes.retention import retention_apply


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_sustain_plan_runs_as_many_queries_for_eight_check_ins_as_for_one(world: World):
    url = reverse("sustain_plan", kwargs={"public_id": world.engagement.public_id})
    start = max(world.engagement.start_date, timezone.localdate())
    sustain.sustain_checkin_add(engagement=world.engagement, due_on=start + timedelta(days=10))
    executive = client_for(world.executive)
    few = queries_for(executive, url)
    for week in range(2, 9):
        sustain.sustain_checkin_add(engagement=world.engagement, due_on=start + timedelta(days=7 * week))
    assert queries_for(executive, url) == few


def closed_engagements(world: World, first: int, count: int, *, processed: bool) -> None:
    for n in range(first, first + count):
        engagement = engagement_make(
            coach=world.coach, organisation=world.organisation, executive_email=f"x{n}@acme.test"
        )
        closing.engagement_close(engagement=engagement, by=world.coach)
        if processed:
            retention_apply(engagement=engagement)


def test_the_retention_page_runs_as_many_queries_for_many_engagements_as_for_one(world: World):
    admin = client_for(world.admin)
    url = reverse("retention_overview")
    closed_engagements(world, 0, 1, processed=False)
    closed_engagements(world, 1, 1, processed=True)
    few = queries_for(admin, url)
    closed_engagements(world, 2, 6, processed=False)
    closed_engagements(world, 8, 6, processed=True)
    assert queries_for(admin, url) == few
