"""Key actions change only through plans' services and KeyAction.status_set: one completion-date
rule for the goal page, check-ins and sessions, and every change checked like a saved model."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stepwise.conftest import World
from stepwise.meetings.models import Session
from stepwise.meetings.services import sessions as session_services
from stepwise.meetings.services.checkins import CheckInRow, checkin_send
from stepwise.plans import services
from stepwise.plans.models import KeyAction
from tests.walk import goal_made

DAY = date(2027, 3, 4)


def test_done_is_dated_the_day_given_else_the_day_it_was_done_else_today() -> None:
    action = KeyAction(description="Hand over the report")
    action.status_set(KeyAction.Status.DONE, today=DAY)
    assert action.completed_on == DAY
    action.status_set(KeyAction.Status.DONE, today=DAY + timedelta(days=3))
    assert action.completed_on == DAY, "a done action keeps the day it was done"
    action.status_set(KeyAction.Status.DONE, today=DAY, completed_on=DAY - timedelta(days=1))
    assert action.completed_on == DAY - timedelta(days=1)
    action.status_set(KeyAction.Status.IN_PROGRESS, today=DAY)
    assert action.completed_on is None


def test_a_check_in_and_the_goal_page_date_a_done_action_alike(world: World) -> None:
    goal_made(world)
    action = KeyAction.objects.get()
    checkin_send(
        engagement=world.engagement,
        author=world.executive,
        rows=[CheckInRow(action=action, seen=action.status, status="done", progress=100)],
        token=uuid.uuid4(),
        today=DAY,
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("done", DAY)
    goal = action.goal
    services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={},
        actions=[
            {
                "id": action.public_id,
                "description": action.description,
                "target_date": action.target_date,
                "owner": action.owner,
                "status": "done",
                "completed_on": None,
            }
        ],
        measures=[],
        user=world.executive,
    )
    action.refresh_from_db()
    assert action.completed_on == DAY, "saving the goal page keeps the day the check-in recorded"


def test_a_sessions_new_action_is_checked_before_it_is_stored(world: World) -> None:
    goal_made(world)
    goal = KeyAction.objects.get().goal
    session = Session.objects.create(
        engagement=world.engagement,
        starts_at=timezone.now() - timedelta(minutes=30),
        minutes=60,
        time_zone="Europe/London",
    )
    with pytest.raises(ValidationError) as refused:
        session_services.session_record(
            session=session,
            revision=session.revision,
            shared_notes="Notes",
            covered=set(),
            new_actions=[{"goal": goal.public_id, "description": "x" * 401, "owner": ""}],
            user=world.coach,
            now=timezone.now(),
            today=timezone.localdate(),
        )
    assert "description" in refused.value.message_dict
    assert not KeyAction.objects.filter(session=session).exists()


def test_a_sessions_new_actions_go_to_the_end_of_their_goal(world: World) -> None:
    goal_made(world)
    first = KeyAction.objects.get()
    made = services.key_actions_add(
        actions=[
            services.NewKeyAction(goal=first.goal, description="Second"),
            services.NewKeyAction(goal=first.goal, description="Third", owner="Erin"),
        ]
    )
    assert [a.position for a in made] == [first.position + 1, first.position + 2]
    assert made[1].owner == "Erin"
