"""What the access walk (``test_access_walk.py``) is made of, shared with the per-part
tables beside it (``walk_<part>.py``): the row type, the usual answers, and builders."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from stepwise.conftest import World, agreement_sign_by_all
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal


@dataclass(frozen=True)
class Page:
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    get: str = ""
    post: str | None = None  # None: the view's POST is not a write worth checking
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    public: bool = False  # anonymous visitors are not sent to the login page
    computes: bool = False  # the POST only computes an answer (stores nothing)


LOGIN_ONLY = "200 200 200 200 200 200 302"
ORGANISATIONS = "200 200 200 404 404 404 302"  # coaches and practice admins
COACHES = "404 200 200 404 404 404 302"  # only coaches create engagements (an admin who coaches has is_coach)
READ_ENGAGEMENT = "200 200 404 200 200 404 302"
WRITE_FACTS = "200 200 404 403 403 404 302"
WRITE_STAKEHOLDERS = "404 200 404 200 403 404 302"
WRITE_AGREEMENT = "403 200 404 403 403 404 302"
POST_ONLY = "405 405 405 405 405 405 302"


def engagement_kwargs(world: World) -> dict[str, Any]:
    return {"public_id": world.engagement.public_id}


def goal_made(world: World) -> Goal:
    """A goal with an action, a measure and a reading, under a signed agreement whose sharing
    choices (the defaults) let the sponsor see goals and progress and approve goals."""
    world.agreement = agreement_sign_by_all(world)
    goal = plan_services.goal_create(engagement=world.engagement, title="Delegate the weekly report", token=uuid4())
    goal = plan_services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={"different": "My team runs it."},
        actions=[
            {
                "id": None,
                "description": "Hand over the report",
                "target_date": None,
                "owner": "",
                "status": "not_started",
                "completed_on": None,
            }
        ],
        measures=[{"id": None, "name": "Hours on the report", "unit": "h", "baseline": 6, "target": 1}],
        user=world.executive,
    )
    measure = goal.measures.get()
    plan_services.reading_add(measure=measure, taken_on=date(2026, 1, 5), value=Decimal(5), user=world.executive)
    return goal
