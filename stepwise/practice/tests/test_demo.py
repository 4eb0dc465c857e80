"""Evan's practice in the demo: made through the services, once, and every filled page valid HTML."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World
from stepwise.practice.demo import demo_practice
from stepwise.practice.models import Comment, JournalEntry, MindfulnessCheckIn, PracticeMinutes, StepMark, Teaching
from tests.html_check import HtmlBatch

pytestmark = pytest.mark.django_db
MODELS = (JournalEntry, Comment, MindfulnessCheckIn, PracticeMinutes, StepMark, Teaching)


def test_the_demo_gives_months_of_practice_some_shared_and_a_second_run_adds_nothing(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    today = timezone.localdate()
    assert demo_practice(world.executive, today=today) is True
    run_worker()
    assert fresh_outbox == []  # its shares and comments are history: no mail
    counts = {m: m.objects.count() for m in MODELS}
    assert counts[JournalEntry] > 60
    assert 0 < JournalEntry.objects.filter(shared_at__isnull=False).count() < counts[JournalEntry]
    assert Comment.objects.filter(author=world.coach).exists()
    first = JournalEntry.objects.order_by("entry_date").first()
    assert first is not None and (today - first.entry_date).days >= 90  # several months
    assert StepMark.objects.filter(ended_at__isnull=True, kind="current").get().step.number == 10
    assert demo_practice(world.executive, today=today) is False
    assert {m: m.objects.count() for m in MODELS} == counts


def test_the_filled_practice_pages_are_valid_html_for_the_executive_and_the_coach(world: World, tmp_path: Path) -> None:
    demo_practice(world.executive, today=timezone.localdate())
    engagement = world.engagement.public_id
    shared = JournalEntry.objects.filter(shared_at__isnull=False, comments__isnull=False).first()
    assert shared is not None
    urls = [
        reverse(name, args=[engagement])
        for name in (
            "practice_home",
            "practice_journal",
            "practice_mindfulness",
            "practice_teaching",
            "practice_notices",
        )
    ] + [reverse("practice_entry", args=[engagement, shared.public_id])]
    batch = HtmlBatch(tmp_path)
    for role in ("executive", "coach"):
        client = world.client(role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            batch.add(f"{role} {url}", response.content)
    checkin, teaching = MindfulnessCheckIn.objects.first(), Teaching.objects.first()
    assert checkin is not None and teaching is not None
    for url in (
        reverse("practice_entry_delete", args=[engagement, shared.public_id]),
        reverse("practice_checkin_delete", args=[engagement, checkin.public_id]),
        reverse("practice_teaching_delete", args=[engagement, teaching.public_id]),
    ):
        response = world.client("executive").get(url)
        assert response.status_code == 200, url
        batch.add(f"executive {url}", response.content)
    response = world.client("sponsor").get(reverse("practice_mine"))
    batch.add("sponsor practice_mine", response.content)
    assert batch.errors() == []
