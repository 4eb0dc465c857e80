"""Access-walk rows for the raters' pages (merged into PAGES by test_access_walk.py).

A rater has no account: the link in their mail (``/r/<token>/``) trades its token for a session
and sends them to ``/r/``, the one page that session opens. Whoever holds the link can trade it
(the link is the credential), so every role is redirected; only a session that traded a link
that is still open reaches ``/r/``. Both pages only read: a POST is refused.
"""

from datetime import date
from typing import Any
from uuid import uuid4

from django.utils import timezone

from stepwise.conftest import World
from stepwise.feedback import answering, practice, services
from stepwise.feedback.models import Group, Rater, Round
from stepwise.plans.models import Goal
from tests.walk import Page, codes, engagement_kwargs, goal_made

PAGES: dict[str, Page] = {
    "rater_open": Page(lambda w: {"token": w.rater_token}, get=codes(others=302), post=codes(others=405), public=True),
    "rater_home": Page(get=codes(rater=200, others=404), post=codes(others=405), public=True),
}


# Practice lane: steps 7–9. The executive writes, the coach reads, nobody else reaches them.
PRACTICE_READ = codes(coach=200, executive=200, anonymous=302, others=404)
PRACTICE_POSTED = codes(coach=403, executive=302, anonymous=302, others=404)


def _closed_round(world: World) -> tuple[Round, Rater]:
    """A second round of the world's engagement, closed after its one rater (the stakeholder)
    sent their answers. The world's own round stays open, so the rater persona's link still opens."""
    round = services.round_create(
        engagement=world.engagement, title="Earlier 360", opens_on=date(2027, 1, 4), closes_on=date(2027, 1, 25)
    )
    rater = services.rater_nominate(round=round, stakeholder=world.stakeholder, group=Group.PEER)
    services.round_open(round=round)
    rater.refresh_from_db()
    answering.response_submit(answerer=answering.answerer_for_rater(rater), answers={})
    return answering.round_close(round=round), rater


def _development_item(world: World) -> dict[str, Any]:
    goal = goal_made(world)
    item = practice.development_item_create(
        engagement=world.engagement, text="I cut people off in meetings.", goal=goal, token=uuid4()
    )
    return {"public_id": world.engagement.public_id, "item_id": item.public_id}


def _with_goal(world: World) -> dict[str, Any]:
    goal_made(world)
    return engagement_kwargs(world)


def _development_form(world: World) -> dict[str, Any]:
    return {"text": "I decide before hearing my team.", "goal": Goal.objects.get().pk, "token": str(uuid4())}


def _follow_ups(world: World) -> dict[str, Any]:
    round, _rater = _closed_round(world)
    return {"public_id": world.engagement.public_id, "round_id": round.public_id}


def _follow_up(world: World) -> dict[str, Any]:
    round, rater = _closed_round(world)
    return {"public_id": world.engagement.public_id, "round_id": round.public_id, "rater_id": rater.public_id}


PAGES |= {
    "development_list": Page(
        _with_goal,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=_development_form,
    ),
    "development_item": Page(
        _development_item,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=lambda w: {"text": "I interrupt people in meetings.", "goal": Goal.objects.get().pk, "revision": "0"},
    ),
    "follow_up_list": Page(_follow_ups, get=PRACTICE_READ),
    "follow_up_edit": Page(
        _follow_up,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=lambda w: {
            "met_on": timezone.localdate().isoformat(),
            "thanked": "on",
            "shared": "That I interrupt.",
            "actions": "I wait three seconds before answering.",
            "revision": "0",
        },
    ),
    "pulse_detail": Page(
        engagement_kwargs,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=lambda w: {
            "stakeholders": [w.stakeholder.pk],
            "every_days": "30",
            "next_send_on": timezone.localdate().isoformat(),
            "active": "on",
            "revision": "0",
        },
    ),
}
