"""Access-walk rows for step 5's messages pages (merged into PAGES by test_access_walk.py).

Each row names the status each role gets (``tests.walk.codes``).
"""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from stepwise.conftest import World
from stepwise.meetings.services.messaging import message_send
from tests.walk import COACHES, POST_ONLY, Page, codes, engagement_kwargs


def _waiting_message(world: World) -> dict[str, Any]:
    """An executive's message the coach has not answered yet."""
    message = message_send(
        engagement=world.engagement,
        author=world.executive,
        body="Can we move Thursday's session?",
        token=uuid4(),
        now=datetime(2027, 2, 3, 9, 30, tzinfo=UTC),
    )
    return {"public_id": world.engagement.public_id, "message_id": message.public_id}


PAGES: dict[str, Page] = {
    # Only the executive and the coach: the sponsor and the practice admin never see the thread.
    "message_list": Page(
        engagement_kwargs,
        get=codes(coach=200, executive=200, anonymous=302, others=404),
        post=codes(coach=302, executive=302, anonymous=302, others=404),
        data=lambda w: {"body": "A short update before Thursday.", "token": str(uuid4())},
    ),
    # The executive reads the thread but only the coach records that a message was answered.
    "message_answered": Page(
        _waiting_message, get=POST_ONLY, post=codes(coach=302, executive=403, anonymous=302, others=404)
    ),
    # Each coach's own inbox (the other coach's is empty); others have none.
    "inbox": Page(get=COACHES),
}
