"""Access-walk rows for the executive's 12-step practice (merged into PAGES by test_access_walk.py).

The record is the executive's: they read and write all of it. The coach of the engagement reads
the marks, counts, charts and the entries shared with them, and comments (on marks and shared
entries); writing anything else is refused (403). The sponsor, the practice admin, another coach
and outsiders get nothing (404). The rule is ``stepwise/practice/access.py``.
"""

from typing import Any

from django.utils import timezone

from stepwise.conftest import World
from stepwise.practice import services
from stepwise.practice.models import MarkKind, Program
from tests.walk import POST_ONLY, Page, codes

READ = codes(coach=200, executive=200, anonymous=302, others=404)
OWNER_ONLY = codes(coach=404, executive=200, anonymous=302, others=404)
OWNER_POSTS = codes(coach=403, executive=302, anonymous=302, others=404)
BOTH_POST = codes(coach=302, executive=302, anonymous=302, others=404)
TOKEN = "0f9e3c2a-1b4d-4e6f-8a7b-9c0d1e2f3a4b"


def _engagement(world: World) -> dict[str, Any]:
    return {"public_id": world.engagement.public_id}


def _entry(world: World) -> dict[str, Any]:
    """A shared entry: the coach reads it and comments on it."""
    entry = services.journal_entry_save(
        owner=world.executive,
        entry=None,
        values=services.EntryValues(cadence="daily", entry_date=timezone.localdate(), where_wrong="I cut Priya off."),
        today=timezone.localdate(),
    )
    services.journal_entry_share(entry=entry, shared=True)
    return {"public_id": world.engagement.public_id, "entry_id": entry.public_id}


def _mark(world: World) -> dict[str, Any]:
    step = Program.objects.get(builtin=True).steps.get(number=10)
    mark = services.mark_set(owner=world.executive, step=step, kind=MarkKind.CURRENT, why="Journal")
    return {"public_id": world.engagement.public_id, "mark_id": mark.public_id}


def _checkin(world: World) -> dict[str, Any]:
    line = services.checkin_add(
        owner=world.executive,
        values=services.CheckInValues(
            on_date=timezone.localdate(), emotion="calm", intensity=3, trigger="meeting", response="chosen", paused=True
        ),
        today=timezone.localdate(),
    )
    return {"public_id": world.engagement.public_id, "line_id": line.public_id}


def _minutes(world: World) -> dict[str, Any]:
    day = timezone.localdate()
    line = services.minutes_add(owner=world.executive, on_date=day, minutes=10, note="", today=day)
    return {"public_id": world.engagement.public_id, "line_id": line.public_id}


def _teaching(world: World) -> dict[str, Any]:
    day = timezone.localdate()
    line = services.teaching_add(owner=world.executive, on_date=day, person="Jordan", shared="Pausing.", today=day)
    return {"public_id": world.engagement.public_id, "line_id": line.public_id}


OWNER_PAGE = codes(coach=403, executive=200, anonymous=302, others=404)


def _today() -> str:
    return timezone.localdate().isoformat()


PAGES: dict[str, Page] = {
    "practice_home": Page(
        _engagement,
        get=READ,
        post=OWNER_POSTS,
        data=lambda w: {"token": TOKEN, "step": "10", "kind": "current", "why": "Journal"},
    ),
    "practice_mark_clear": Page(_mark, get=POST_ONLY, post=OWNER_POSTS),
    "practice_mark_comment": Page(
        _mark, get=POST_ONLY, post=BOTH_POST, data=lambda w: {"token": TOKEN, "text": "Good."}
    ),
    "practice_journal": Page(_engagement, get=READ),
    "practice_preferences": Page(
        _engagement,
        get=POST_ONLY,
        post=OWNER_POSTS,
        data=lambda w: {
            "revision": "0",
            "cadence": "weekly",
            "reminder": "daily",
            "reminder_hour": "18",
            "reminder_weekday": "4",
        },
    ),
    "practice_entry_new": Page(
        _engagement,
        get=codes(coach=403, executive=200, anonymous=302, others=404),
        post=OWNER_POSTS,
        data=lambda w: {"token": TOKEN, "cadence": "daily", "entry_date": _today(), "went_well": "A calm day."},
    ),
    "practice_entry_autosave": Page(
        _engagement,
        get=POST_ONLY,
        post=codes(coach=403, executive=200, anonymous=302, others=404),
        data=lambda w: {"token": TOKEN, "cadence": "daily", "entry_date": _today(), "went_well": "A calm day."},
    ),
    "practice_entry": Page(
        _entry,
        get=READ,
        post=OWNER_POSTS,
        data=lambda w: {"revision": "1", "cadence": "daily", "entry_date": _today(), "went_well": "Changed."},
    ),
    "practice_entry_share": Page(_entry, get=POST_ONLY, post=OWNER_POSTS, data=lambda w: {"shared": "0"}),
    "practice_entry_comment": Page(
        _entry, get=POST_ONLY, post=BOTH_POST, data=lambda w: {"token": TOKEN, "text": "Good."}
    ),
    "practice_mindfulness": Page(
        _engagement,
        get=READ,
        post=OWNER_POSTS,
        data=lambda w: {
            "token": TOKEN,
            "on_date": _today(),
            "emotion": "calm",
            "intensity": "3",
            "trigger": "meeting",
            "response": "chosen",
        },
    ),
    "practice_minutes_add": Page(
        _engagement,
        get=POST_ONLY,
        post=OWNER_POSTS,
        data=lambda w: {"token": TOKEN, "on_date": _today(), "minutes": "10"},
    ),
    "practice_teaching": Page(
        _engagement,
        get=READ,
        post=OWNER_POSTS,
        data=lambda w: {"token": TOKEN, "on_date": _today(), "person": "Jordan", "shared": "Pausing."},
    ),
    "practice_export_pdf": Page(_engagement, get=OWNER_ONLY),
    "practice_export_json": Page(_engagement, get=OWNER_ONLY),
    # The menu's way in: every signed-in person gets an answer (the executive is sent to their
    # practice, anyone else reads that they have none); never a 500.
    "practice_mine": Page(get=codes(executive=302, anonymous=302, others=200)),
    "practice_notices": Page(_engagement, get=READ, post=BOTH_POST, data=lambda w: {"mail_comments": ""}),
    "practice_entry_delete": Page(_entry, get=OWNER_PAGE, post=OWNER_POSTS),
    "practice_checkin_delete": Page(_checkin, get=OWNER_PAGE, post=OWNER_POSTS),
    "practice_minutes_delete": Page(_minutes, get=OWNER_PAGE, post=OWNER_POSTS),
    "practice_teaching_delete": Page(_teaching, get=OWNER_PAGE, post=OWNER_POSTS),
}
