"""The goals endpoint answers each role as the plan page does: the agreement's sharing choices
decide what a sponsor reads, and the executive's private deep dive is never in it."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all
from stepwise.plans import services
from stepwise.plans.models import Goal
from stepwise.users.models import User

ClientAs = Callable[[User | None], Client]
TODAY = timezone.localdate()


def goal_make(world: World, title: str = "Delegate the weekly report by 31 March 2027") -> Goal:
    goal = services.goal_create(engagement=world.engagement, title=title, token=uuid.uuid4())
    goal = services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={"different": "My deputy runs it.", "why_me": "Fridays back for strategy."},
        actions=[
            {
                "id": None,
                "description": "Hand over the report",
                "target_date": TODAY - timedelta(days=2),
                "owner": "",
                "status": "not_started",
                "completed_on": None,
            }
        ],
        measures=[{"id": None, "name": "Hours on it", "unit": "h", "baseline": Decimal(6), "target": Decimal(1)}],
        user=world.executive,
    )
    services.reading_add(
        measure=goal.measures.get(), taken_on=TODAY - timedelta(days=1), value=Decimal(4), user=world.executive
    )
    return goal


def url(world: World) -> str:
    return f"/api/engagements/{world.engagement.public_id}/goals"


@pytest.mark.parametrize("who", ["coach", "executive", "sponsor"])
def test_the_goals_with_actions_measures_and_progress(world: World, client_as: ClientAs, who: str) -> None:
    agreement_sign_by_all(world)
    goal_make(world)

    response = client_as(world.user(who)).get(url(world))

    assert response.status_code == 200
    [goal] = response.json()
    assert goal["title"] == "Delegate the weekly report by 31 March 2027"
    assert goal["different"] == "My deputy runs it."
    assert "why_me" not in goal and "Fridays" not in response.content.decode()
    [action] = goal["actions"]
    assert (action["description"], action["status"], action["overdue"]) == ("Hand over the report", "not_started", True)
    [measure] = goal["measures"]
    assert (measure["unit"], measure["baseline"], measure["target"]) == ("h", "6.00", "1.00")
    assert measure["readings"] == [{"taken_on": (TODAY - timedelta(days=1)).isoformat(), "value": "4.00"}]


def test_a_sponsor_without_progress_reads_no_status_or_readings(world: World, client_as: ClientAs) -> None:
    Agreement.objects.filter(pk=world.agreement.pk).update(sponsor_sees_progress=False)
    world.agreement.refresh_from_db()
    agreement_sign_by_all(world)
    goal_make(world)

    [goal] = client_as(world.sponsor).get(url(world)).json()

    assert goal["actions"][0]["status"] is None and goal["actions"][0]["overdue"] is None
    assert goal["measures"][0]["readings"] is None


@pytest.mark.parametrize("who", ["admin", "other_coach", "outsider", "sponsor"])
def test_those_the_policy_keeps_out_get_a_json_404(world: World, client_as: ClientAs, who: str) -> None:
    goal_make(world)  # no agreement in force: the sponsor sees nothing of the plan yet

    response = client_as(world.user(who)).get(url(world))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_the_goals_cost_the_same_queries_for_1_and_for_20_goals(world: World, client_as: ClientAs) -> None:
    agreement_sign_by_all(world)
    client = client_as(world.sponsor)
    counts = []
    for goals in (1, 19):
        for n in range(goals):
            goal_make(world, f"Goal {n}")
        client.get(url(world))
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(url(world)).json()) in (1, 20)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
