"""What the access walk (``test_access_walk.py``) is made of, shared with the per-part
tables beside it (``walk_<part>.py``): the row type, the usual answers, and builders.

A row says, by role name, the status each persona of ``stepwise.conftest.ROLES`` gets:
``codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404)``. Rows written in the
old positional form (a string of seven codes: admin, coach, other_coach, executive, sponsor,
outsider, anonymous) are refused; ``scripts/walk_codes.py`` converts them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from stepwise.conftest import ROLES, World, agreement_sign_by_all
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal

Codes = dict[str, int]  # the status each role expects, by role name, in ROLES' order

NO_ACCOUNT = ("anonymous", "rater")  # sent to the login page wherever a login is needed


def codes(*, others: int | None = None, **by_role: int) -> Codes:
    """The status each role expects: the roles named, then ``others`` for every role not named.

    The rater (no account, only a session holding a traded rater link) gets what the anonymous
    visitor gets unless the row names it: to every page outside ``/r/`` a rater is a stranger.
    """
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {sorted(unknown)}; the roles are {', '.join(ROLES)}"
    expected = {role: by_role.get(role, others) for role in ROLES}
    if "rater" not in by_role:
        expected["rater"] = expected["anonymous"]
    missing = [role for role, code in expected.items() if code is None]
    assert not missing, f"no code for {', '.join(missing)}: name them or give others="
    return {role: code for role, code in expected.items() if code is not None}


@dataclass(frozen=True)
class Page:
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    get: Codes = field(default_factory=dict)
    post: Codes | None = None  # None: the view's POST is not a write worth checking
    data: Callable[[World], dict[str, Any]] = lambda world: {}
    public: bool = False  # anonymous visitors are not sent to the login page
    computes: bool = False  # the POST only computes an answer (stores nothing)

    def __post_init__(self) -> None:
        if not self.get:
            raise TypeError("every row says what a GET gets: get=codes(...)")
        for row in (self.get, self.post):
            if isinstance(row, str):
                raise TypeError(f"{row!r} is a positional row: run scripts/walk_codes.py to key it by role name")


LOGIN_ONLY = codes(anonymous=302, others=200)
POST_ONLY = codes(anonymous=302, others=405)
# The practice's own lists: coaches and practice admins.
ORGANISATIONS = codes(admin=200, coach=200, other_coach=200, anonymous=302, others=404)
PRACTICE_POSTED = codes(admin=302, coach=302, other_coach=302, anonymous=302, others=404)
# Only coaches create engagements (an admin who coaches has is_coach).
COACHES = codes(coach=200, other_coach=200, anonymous=302, others=404)
READ_ENGAGEMENT = codes(other_coach=404, outsider=404, anonymous=302, others=200)
# Engagement facts: the coach and the admin write, the participants only read.
WRITE_FACTS = codes(admin=200, coach=200, executive=403, sponsor=403, anonymous=302, others=404)
FACTS_POSTED = codes(admin=302, coach=302, executive=403, sponsor=403, anonymous=302, others=404)
# Stakeholders, goals, readings: the coach and the executive write, the sponsor only reads.
WRITE_STAKEHOLDERS = codes(coach=200, executive=200, sponsor=403, anonymous=302, others=404)
COACH_AND_EXECUTIVE_POSTED = codes(coach=302, executive=302, sponsor=403, anonymous=302, others=404)
# Only the coach writes the agreement.
WRITE_AGREEMENT = codes(coach=200, other_coach=404, outsider=404, anonymous=302, others=403)
AGREEMENT_POSTED = codes(coach=302, other_coach=404, outsider=404, anonymous=302, others=403)


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
