"""Access-walk rows for step 5's check-ins and progress reviews (merged into PAGES by
test_access_walk.py).

Check-ins are the executive's to send and the coach's to read; the sponsor and the practice
admin have no part in them. Reviews: the coach prepares and completes them, coach and executive
each write their own feedback; a sponsor reads completed reviews' summaries only (the walk's
review is in progress, so the sponsor gets a 404 for it), the admin nothing.

Each row names the status each role gets (``tests.walk.codes``).
"""

from datetime import date
from typing import Any

from stepwise.conftest import World
from stepwise.meetings.models import ProgressReview
from stepwise.meetings.selectors.checkins import open_actions
from stepwise.meetings.services.reviews import review_prepare
from tests.walk import POST_ONLY, Page, codes, goal_made


def _plan(world: World) -> dict[str, Any]:
    goal_made(world)
    return {"public_id": world.engagement.public_id}


def _checkin_form(world: World) -> dict[str, Any]:
    action = open_actions(world.engagement)[0]
    prefix = f"a-{action.public_id}"
    return {
        "token": "6f1c9a1e-8d0b-4f7e-9a51-2b7d6c1e0a11",
        "action": [str(action.public_id)],
        f"{prefix}-seen": action.status,
        f"{prefix}-status": "in_progress",
        f"{prefix}-progress": "30",
        f"{prefix}-comment": "Started.",
        f"{prefix}-blocker": "",
    }


def _review(world: World) -> ProgressReview:
    goal_made(world)
    return review_prepare(engagement=world.engagement, due_on=date(2027, 2, 11), coach=world.coach)


def _review_kwargs(world: World) -> dict[str, Any]:
    review = _review(world)
    return {"public_id": world.engagement.public_id, "review_id": review.public_id}


def _feedback(world: World) -> dict[str, Any]:
    review = ProgressReview.objects.get(engagement=world.engagement)
    return {"text": "A good month.", "revision": str(review.revision), "seen": ""}


PAGES: dict[str, Page] = {
    "checkin": Page(
        _plan,
        get=codes(coach=200, executive=200, anonymous=302, others=404),
        post=codes(coach=403, executive=302, anonymous=302, others=404),
        data=_checkin_form,
    ),
    "review_list": Page(_plan, get=codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404)),
    "review_prepare": Page(
        _plan,
        get=POST_ONLY,
        post=codes(coach=302, executive=403, sponsor=403, anonymous=302, others=404),
        data=lambda w: {"due_on": "2027-02-11"},
    ),
    "review_detail": Page(
        _review_kwargs,
        get=codes(coach=200, executive=200, anonymous=302, others=404),
        post=codes(coach=302, executive=302, anonymous=302, others=404),
        data=_feedback,
    ),
    "review_complete": Page(
        _review_kwargs, get=POST_ONLY, post=codes(coach=302, executive=403, anonymous=302, others=404)
    ),
    "review_pdf": Page(_review_kwargs, get=codes(coach=200, executive=200, anonymous=302, others=404)),
}
