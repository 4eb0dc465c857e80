"""Access-walk rows for step 7's sustain plan, close and retention pages (lane "close"; merged
into PAGES by test_access_walk.py). The walk's agreement is a draft, so the sponsor, whose view of
the sustain plan needs the agreement's *sees progress*, has none; on a goal's page (which signs it)
the sponsor reads the plan but may not write in it.
"""

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

from django.utils import timezone

from stepwise.conftest import World
from stepwise.outcomes import sustain
from tests.walk import POST_ONLY, Page, codes, engagement_kwargs, goal_made

SUSTAIN_READ = codes(coach=200, executive=200, anonymous=302, others=404)
SUSTAIN_POSTED = codes(coach=302, executive=302, anonymous=302, others=404)


def _later(world: World, days: int) -> date:
    """A day to come, after the engagement's start: a check-in date the plan accepts."""
    return max(world.engagement.start_date, timezone.localdate()) + timedelta(days=days)


def _checkin_day(world: World) -> str:
    return str(_later(world, 30))


def _checkin(world: World) -> dict[str, Any]:
    checkin = sustain.sustain_checkin_add(engagement=world.engagement, due_on=_later(world, 60))
    return {"public_id": world.engagement.public_id, "checkin_id": checkin.public_id}


def _goal(world: World) -> dict[str, Any]:
    return {"public_id": world.engagement.public_id, "goal_id": goal_made(world).public_id}


PAGES: dict[str, Page] = {
    "sustain_plan": Page(
        engagement_kwargs,
        get=SUSTAIN_READ,
        post=SUSTAIN_POSTED,
        data=lambda w: {"keep_doing": "A weekly hour with my deputy.", "revision": "0"},
    ),
    "sustain_checkin_add": Page(
        engagement_kwargs,
        get=POST_ONLY,
        post=SUSTAIN_POSTED,
        data=lambda w: {"checkin-due_on": _checkin_day(w), "checkin-token": str(uuid4())},
    ),
    "sustain_checkin_remove": Page(_checkin, get=POST_ONLY, post=SUSTAIN_POSTED),
    # The goal's kwargs sign the agreement: the sponsor now reads the plan, and may not write in it.
    "sustain_change": Page(
        _goal,
        get=POST_ONLY,
        post=codes(coach=302, executive=302, sponsor=403, anonymous=302, others=404),
        data=lambda w: {"answer": "I ask two peers each month.", "revision": "0"},
    ),
    # Closing is the coach's alone.
    "engagement_close": Page(
        engagement_kwargs,
        get=codes(coach=200, anonymous=302, others=404),
        post=codes(coach=302, anonymous=302, others=404),
        data=lambda w: {"confirm": "on"},
    ),
    # The practice's retention: its admin's page.
    "retention_overview": Page(
        get=codes(admin=200, anonymous=302, others=404),
        post=codes(admin=302, anonymous=302, others=404),
        data=lambda w: {"retention_days": "365", "revision": "0"},
    ),
}
