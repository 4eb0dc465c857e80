"""The practice's pages cost the same number of queries with a day of practice as with a year."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, client_for
from stepwise.practice import services
from stepwise.practice.models import (
    Comment,
    JournalEntry,
    MarkKind,
    MindfulnessCheckIn,
    PracticeMinutes,
    Program,
    Teaching,
)

pytestmark = pytest.mark.django_db

PAGES = ("practice_home", "practice_journal", "practice_mindfulness", "practice_teaching")


def year_of_practice(world: World, days: int) -> JournalEntry:
    """``days`` days of practice up to today, every other entry shared and commented; the newest entry."""
    owner, today = world.executive, timezone.localdate()
    entries = JournalEntry.objects.bulk_create(
        JournalEntry(
            owner=owner,
            entry_date=today - timedelta(days=i),
            where_wrong=f"Day {i}",
            shared_at=timezone.now() if i % 2 == 0 else None,
        )
        for i in range(days)
    )
    Comment.objects.bulk_create(Comment(entry=e, author=world.coach, text="Seen.") for e in entries if e.shared_at)
    MindfulnessCheckIn.objects.bulk_create(
        MindfulnessCheckIn(
            owner=owner,
            on_date=today - timedelta(days=i),
            emotion=("calm", "anxious", "angry")[i % 3],
            intensity=1 + i % 10,
            trigger=("meeting", "boss", "peer", "news")[i % 4],
            response=("chosen", "reaction")[i % 2],
            paused=i % 3 == 0,
        )
        for i in range(days)
    )
    PracticeMinutes.objects.bulk_create(
        PracticeMinutes(owner=owner, on_date=today - timedelta(days=i), minutes=10) for i in range(days)
    )
    Teaching.objects.bulk_create(
        Teaching(owner=owner, on_date=today - timedelta(days=i), person=f"P{i}", shared="x") for i in range(days)
    )
    steps = list(Program.objects.get(builtin=True).steps.all())
    for i in range(min(days, 30)):
        mark = services.mark_set(owner=owner, step=steps[i % len(steps)], kind=MarkKind.REVISIT, why=f"{i}")
        Comment.objects.create(mark=mark, author=world.coach, text="Yes.")
    return entries[0]


def queries(world: World, role: str, entry: JournalEntry) -> dict[str, int]:
    client = client_for(getattr(world, role))
    urls = {name: reverse(name, args=[world.engagement.public_id]) for name in PAGES}
    urls["practice_entry"] = reverse("practice_entry", args=[world.engagement.public_id, entry.public_id])
    if role == "executive":
        urls["practice_export_json"] = reverse("practice_export_json", args=[world.engagement.public_id])
        urls["practice_entry_new"] = reverse("practice_entry_new", args=[world.engagement.public_id])
    counted = {}
    for name, url in urls.items():
        client.get(url)  # warm: sessions, caches of charts and templates
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, name
        counted[name] = len(captured)
    return counted


@pytest.mark.parametrize("role", ["executive", "coach"])
def test_page_queries_do_not_grow_from_one_day_to_a_year(world: World, role: str) -> None:
    entry = year_of_practice(world, 1)
    one_day = queries(world, role, entry)
    JournalEntry.objects.all().delete()
    MindfulnessCheckIn.objects.all().delete()
    PracticeMinutes.objects.all().delete()
    Teaching.objects.all().delete()
    entry = year_of_practice(world, 365)
    assert queries(world, role, entry) == one_day
