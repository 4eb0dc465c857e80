"""Access-walk rows for step 5's session pages (merged into PAGES by test_access_walk.py).

Each row names the status each role gets (``tests.walk.codes``).
The schedule and the agenda are the coach's and the executive's; the sponsor and the
practice admin see the attendance counts on the session list and nothing else.
"""

from datetime import timedelta
from typing import Any
from uuid import uuid4

from django.utils import timezone

from stepwise.conftest import World
from stepwise.meetings.models import Session
from tests.walk import POST_ONLY, Page, codes, engagement_kwargs, goal_made

COACH_WRITES = codes(coach=200, executive=403, anonymous=302, others=404)
COACH_POSTS = codes(coach=302, executive=403, anonymous=302, others=404)
READ_SESSIONS = codes(coach=200, executive=200, anonymous=302, others=404)


def _session(days: int, status: str = Session.Status.SCHEDULED) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        goal_made(world)
        session = Session.objects.create(
            engagement=world.engagement,
            starts_at=timezone.now() + timedelta(days=days),
            minutes=60,
            time_zone="Europe/London",
            status=status,
        )
        return {"public_id": world.engagement.public_id, "session_id": session.public_id}

    return kwargs


def _schedule(world: World) -> dict[str, Any]:
    when = timezone.localdate() + timedelta(days=3)
    return {
        "date": when.isoformat(),
        "time": "10:00",
        "time_zone": "Europe/London",
        "minutes": "60",
        "repeat": "single",
        "token": str(uuid4()),
    }


def _record(world: World) -> dict[str, Any]:
    return {"revision": "0", "shared_notes": "We talked.", "new-TOTAL_FORMS": "0", "new-INITIAL_FORMS": "0"}


def _move(world: World) -> dict[str, Any]:
    when = timezone.localdate() + timedelta(days=9)
    return {"date": when.isoformat(), "time": "11:00", "by_role": "coach", "reason": "Travel", "revision": "0"}


PAGES: dict[str, Page] = {
    "session_list": Page(engagement_kwargs, get=codes(other_coach=404, outsider=404, anonymous=302, others=200)),
    "session_schedule": Page(engagement_kwargs, get=COACH_WRITES, post=COACH_POSTS, data=_schedule),
    "session_detail": Page(_session(2), get=READ_SESSIONS),
    "session_agenda_add": Page(
        _session(2),
        get=POST_ONLY,
        post=codes(coach=302, executive=302, anonymous=302, others=404),
        data=lambda w: {"text": "Budget talk"},
    ),
    "session_private_note": Page(
        _session(-1, Session.Status.HELD),
        get=POST_ONLY,
        post=codes(coach=302, executive=302, anonymous=302, others=404),
        data=lambda w: {"text": "Only for me"},
    ),
    "session_record": Page(_session(-1), get=COACH_WRITES, post=COACH_POSTS, data=_record),
    "session_cancel": Page(
        _session(2),
        get=COACH_WRITES,
        post=COACH_POSTS,
        data=lambda w: {"by_role": "executive", "reason": "Ill", "revision": "0"},
    ),
    "session_no_show": Page(
        _session(-1),
        get=COACH_WRITES,
        post=COACH_POSTS,
        data=lambda w: {"by_role": "executive", "reason": "", "revision": "0"},
    ),
    "session_reschedule": Page(_session(2), get=COACH_WRITES, post=COACH_POSTS, data=_move),
}
