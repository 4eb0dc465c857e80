"""Access-walk rows for step 5's calendar pages (merged into PAGES by test_access_walk.py).

Each row reads: admin, coach, other_coach, executive, sponsor, outsider, anonymous.
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from stepwise.conftest import World
from stepwise.meetings import calendar as cal
from stepwise.meetings.models import Session
from tests.walk import LOGIN_ONLY, Page


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
    #                                          admin coach other exec spons outsd anon
    "calendar_feed": Page(_feed, get="200 200 200 200 200 200 200", public=True),
    # Sponsors and practice admins see counts of sessions, never the schedule.
    "session_ics": Page(_session, get="404 200 404 200 404 404 302"),
    # Everyone signed in keeps their own reminder settings; the buttons of the calendar-feed
    # section post to the same page (tested in stepwise/meetings/tests/test_calendar.py).
    "preferences": Page(
        get=LOGIN_ONLY,
        post="302 302 302 302 302 302 302",
        data=lambda w: {
            "action": "save",
            "remind_sessions": "on",
            "session_lead_hours": "12",
            "working_days": ["1", "2", "3"],
        },
    ),
}
