"""The executive deletes what they wrote (after a confirmation page) and ends a current-step mark;
nothing else is touched, and a deleted shared entry leaves the coach's view."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
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
    StepMark,
    Teaching,
)

from .test_pages import entry_make, url

pytestmark = pytest.mark.django_db


def test_deleting_a_shared_entry_asks_first_then_takes_its_comments_and_leaves_the_coachs_view(
    world: World,
) -> None:
    entry = entry_make(world, shared=True, text="Deleted words")
    kept = entry_make(world, shared=True, text="Kept words", day=timezone.localdate() - timedelta(days=1))
    services.comment_add(author=world.coach, text="On the deleted one", entry=entry)
    services.comment_add(author=world.coach, text="On the kept one", entry=kept)
    executive, coach = client_for(world.executive), client_for(world.coach)
    delete_url = url(world, "practice_entry_delete", entry_id=entry.public_id)
    page = executive.get(delete_url)
    assert page.status_code == 200
    assert "your coach will no longer see it" in page.content.decode()
    assert JournalEntry.objects.filter(pk=entry.pk).exists()  # asking deletes nothing
    assert executive.post(delete_url).status_code == 302
    assert list(JournalEntry.objects.values_list("where_wrong", flat=True)) == ["Kept words"]
    assert list(Comment.objects.values_list("text", flat=True)) == ["On the kept one"]
    assert coach.get(url(world, "practice_entry", entry_id=entry.public_id)).status_code == 404
    journal = coach.get(url(world, "practice_journal")).content.decode()
    assert "Deleted words" not in journal and "Kept words" in journal


def test_the_coach_cannot_delete_a_shared_entry(world: World) -> None:
    entry = entry_make(world, shared=True)
    coach = client_for(world.coach)
    assert coach.post(url(world, "practice_entry_delete", entry_id=entry.public_id)).status_code == 403
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_a_mail_queued_about_a_deleted_entry_is_not_sent(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    entry = entry_make(world, shared=True)  # queues the coach's share mail
    client_for(world.executive).post(url(world, "practice_entry_delete", entry_id=entry.public_id))
    run_worker()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("practice_checkin_delete", MindfulnessCheckIn),
        ("practice_minutes_delete", PracticeMinutes),
        ("practice_teaching_delete", Teaching),
    ],
)
def test_the_executive_deletes_one_line_and_only_that_one(world: World, name: str, model: Any) -> None:
    today = timezone.localdate()
    lines: list[Any] = []
    for i in range(2):
        if model is MindfulnessCheckIn:
            values = services.CheckInValues(
                on_date=today, emotion="calm", intensity=3 + i, trigger="meeting", response="chosen", paused=False
            )
            lines.append(services.checkin_add(owner=world.executive, values=values, today=today))
        elif model is PracticeMinutes:
            lines.append(
                services.minutes_add(owner=world.executive, on_date=today, minutes=10 + i, note="", today=today)
            )
        else:
            lines.append(
                services.teaching_add(owner=world.executive, on_date=today, person=f"P{i}", shared="x", today=today)
            )
    entry = entry_make(world)
    executive = client_for(world.executive)
    assert executive.get(url(world, name, line_id=lines[0].public_id)).status_code == 200
    assert client_for(world.coach).post(url(world, name, line_id=lines[0].public_id)).status_code == 403
    assert executive.post(url(world, name, line_id=lines[0].public_id)).status_code == 302
    assert list(model._default_manager.values_list("pk", flat=True)) == [lines[1].pk]
    assert JournalEntry.objects.filter(pk=entry.pk).exists()
    assert executive.post(url(world, name, line_id=lines[0].public_id)).status_code == 404  # gone


def test_the_lists_link_to_deleting_each_line(world: World) -> None:
    today = timezone.localdate()
    minutes = services.minutes_add(owner=world.executive, on_date=today, minutes=12, note="Breath", today=today)
    teaching = services.teaching_add(owner=world.executive, on_date=today, person="Jo", shared="x", today=today)
    executive = client_for(world.executive)
    page = executive.get(url(world, "practice_mindfulness")).content.decode()
    assert url(world, "practice_minutes_delete", line_id=minutes.public_id) in page
    page = executive.get(url(world, "practice_teaching")).content.decode()
    assert url(world, "practice_teaching_delete", line_id=teaching.public_id) in page


def test_the_executive_ends_the_current_step_mark_and_the_summary_says_none(world: World) -> None:
    step = Program.objects.get(builtin=True).steps.get(number=10)
    mark = services.mark_set(owner=world.executive, step=step, kind=MarkKind.CURRENT, why="Journal")
    executive = client_for(world.executive)
    page = executive.get(url(world, "practice_home")).content.decode()
    assert 'href="#step-10">Step 10</a>' in page
    assert executive.post(url(world, "practice_mark_clear", mark_id=mark.public_id)).status_code == 302
    mark.refresh_from_db()
    assert mark.ended_at is not None
    assert not StepMark.objects.filter(owner=world.executive, ended_at__isnull=True).exists()
    page = executive.get(url(world, "practice_home")).content.decode()
    assert "not marked yet" in page
