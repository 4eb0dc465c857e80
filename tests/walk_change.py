"""Access-walk rows for step 7's change lane (merged into PAGES by test_access_walk.py): planning
mini-surveys (the coach writes, the executive reads the plan) and the change they measured (the
coach and the executive; the sponsor sees change only in the closing report, the practice admin
not at all)."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from stepwise.conftest import World
from stepwise.feedback import release
from stepwise.feedback.models import Comment, Group
from stepwise.outcomes import mini
from stepwise.outcomes.models import MiniSurvey
from stepwise.outcomes.tests.minis_made import goal_approved, mini_answered
from tests.walk import Page, codes, engagement_kwargs

LATER = date(2099, 6, 1)


def _soon(world: World) -> str:
    """A day to come that is also kept after a close today (the closed walk posts it too)."""
    return (max(world.engagement.start_date, timezone.localdate()) + timedelta(days=30)).isoformat()


def _with_goal(world: World) -> dict[str, Any]:
    goal_approved(world, "Delegate the weekly report")
    return engagement_kwargs(world)


def _planned(world: World) -> dict[str, Any]:
    goal_approved(world, "Delegate the weekly report")
    planned = mini.mini_survey_plan(
        engagement=world.engagement, opens_on=LATER, stakeholders=[world.stakeholder], today=LATER
    )
    return engagement_kwargs(world) | {"mini_id": planned.public_id}


def _measured(world: World) -> dict[str, Any]:
    """A closed mini-survey with figures, the relation and the chart, so every part of the page is drawn."""
    goal_approved(world, "Delegate the weekly report")
    answers = [[(2, 4)], [(1, 3)], [(0, 1)], [(3, 4)], [(1, 3)], [(-1, 1)]]
    mini_answered(world, date(2027, 4, 11), {Group.PEER: answers[:3], Group.DIRECT_REPORT: answers[3:]})
    return engagement_kwargs(world)


PAGES: dict[str, Page] = {
    "mini_surveys": Page(
        _with_goal,
        get=codes(coach=200, executive=200, anonymous=302, others=404),
        post=codes(coach=302, executive=403, anonymous=302, others=404),
        data=lambda w: {"when": "other", "opens_on": _soon(w), "stakeholders": [w.stakeholder.pk]},
    ),
    "mini_survey_cancel": Page(
        _planned,
        get=codes(anonymous=302, others=405),
        post=codes(coach=302, executive=403, anonymous=302, others=404),
    ),
    "change": Page(_measured, get=codes(coach=200, executive=200, anonymous=302, others=404)),
}


def _released_pending(world: World) -> dict[str, Any]:
    """A closed mini-survey whose suggestions the coach has not released yet."""
    goal_approved(world, "Delegate the weekly report")
    answers = [[(2, 4)], [(1, 3)], [(0, 1)], [(3, 4)]]
    round = mini_answered(world, date(2027, 4, 11), {Group.PEER: answers}, suggestion=SUGGESTION)
    planned = MiniSurvey.objects.get(round=round)
    return engagement_kwargs(world) | {"mini_id": planned.public_id}


def _suggestion(world: World) -> dict[str, Any]:
    kwargs = _released_pending(world)
    comment = Comment.objects.filter(round__mini_survey__public_id=kwargs["mini_id"]).first()
    assert comment is not None
    return kwargs | {"comment_id": comment.id}


SUGGESTION = "Ask Sam in finance before deciding."

PAGES |= {
    "mini_survey_release": Page(
        _released_pending,
        get=codes(anonymous=302, others=405),
        post=codes(coach=302, executive=403, anonymous=302, others=404),
    ),
    "suggestion_redact": Page(
        _suggestion,
        get=codes(coach=200, executive=403, anonymous=302, others=404),
        post=codes(coach=302, executive=403, anonymous=302, others=404),
        data=lambda w: {"text": "Ask finance before deciding.", "seen": release.comment_digest(SUGGESTION)},
    ),
}
