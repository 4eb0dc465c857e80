"""Access-walk rows for step 5's calendar pages (merged into PAGES by test_access_walk.py).

Each row names the status each role gets (``tests.walk.codes``).
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from stepwise.conftest import World
from stepwise.meetings import calendar as cal
from stepwise.meetings.models import Session
from tests.walk import LOGIN_ONLY, Page, codes


def _session(world: World) -> dict[str, Any]:
    session = Session.objects.create(
        engagement=world.engagement,
        starts_at=datetime(2027, 2, 1, 10, 0, tzinfo=ZoneInfo("Europe/London")),
        minutes=60,
        time_zone="Europe/London",
        where="https://meet.example/abc",
    )
    return {"public_id": world.engagement.public_id, "session_id": session.public_id}


def _feed(world: World) -> dict[str, Any]:
    """The coach's feed, turned on: its address is the key, so everyone (signed in or not) reads it."""
    _session(world)
    feed_id = cal.feed_enable(user=world.coach).feed_id
    assert feed_id is not None
    return {"feed_id": feed_id, "token": cal.feed_token(feed_id)}


PAGES: dict[str, Page] = {
    "calendar_feed": Page(_feed, get=codes(others=200), public=True),
    # Sponsors and practice admins see counts of sessions, never the schedule.
    "session_ics": Page(_session, get=codes(coach=200, executive=200, anonymous=302, others=404)),
    # Everyone signed in keeps their own reminder settings; the buttons of the calendar-feed
    # section post to the same page (tested in stepwise/meetings/tests/test_calendar.py).
    "preferences": Page(
        get=LOGIN_ONLY,
        post=codes(others=302),
        data=lambda w: {
            "action": "save",
            "remind_sessions": "on",
            "session_lead_hours": "12",
            "working_days": ["1", "2", "3"],
        },
    ),
}
