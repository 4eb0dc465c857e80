"""Mail when the other party writes in the practice: the executive hears of the coach's comments,
the coach of the executive's shares (one mail for a burst) and answers; each can switch it off.
The mail names the entry's date and links to the page; it never quotes what was written."""

from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World, client_for
from stepwise.meetings.models import ReminderSent
from stepwise.practice import services
from stepwise.practice.models import MarkKind, Program
from stepwise.practice.notices import SHARE_KIND

from .test_pages import entry_make, url

pytestmark = pytest.mark.django_db

SECRET = "I cut Priya off in the stand-up."


def share(world: World, entry_id: object) -> None:
    response = client_for(world.executive).post(url(world, "practice_entry_share", entry_id=entry_id), {"shared": "1"})
    assert response.status_code == 302


def test_the_executive_is_mailed_when_the_coach_comments_without_the_comments_text(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    entry = entry_make(world, shared=True, text=SECRET)
    run_worker()
    mail.outbox.clear()  # the share's own mail to the coach
    response = client_for(world.coach).post(
        url(world, "practice_entry_comment", entry_id=entry.public_id),
        {"token": str(uuid4()), "text": "Did you tell Priya why?"},
    )
    assert response.status_code == 302
    queued = DBTaskResult.objects.filter(task_path="stepwise.lib.mail.mail_deliver").order_by("-enqueued_at").first()
    assert queued is not None
    assert "Priya" not in str(queued.args_kwargs)  # the queue holds references, never the words
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.executive.email]
    assert world.coach.full_name in message.subject
    assert "Did you tell Priya why?" not in message.body and SECRET not in message.body
    assert reverse("practice_entry", args=[world.engagement.public_id, entry.public_id]) in message.body
    assert "token" not in message.body.lower()


def test_the_executive_is_mailed_when_the_coach_comments_on_a_mark(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    step = Program.objects.get(builtin=True).steps.get(number=8)
    mark = services.mark_set(owner=world.executive, step=step, kind=MarkKind.STRUGGLE, why="Hard")
    response = client_for(world.coach).post(
        url(world, "practice_mark_comment", mark_id=mark.public_id), {"token": str(uuid4()), "text": "Start small."}
    )
    assert response.status_code == 302
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.executive.email]]
    assert "step 8" in mail.outbox[0].body and "Start small." not in mail.outbox[0].body


def test_the_coach_is_mailed_once_for_a_burst_of_shares_then_again_an_hour_later(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    today = timezone.localdate()
    entries = [entry_make(world, text=f"Day {i}", day=today - timedelta(days=i)) for i in range(3)]
    for entry in entries:
        share(world, entry.public_id)
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.coach.email]]
    body = mail.outbox[0].body
    assert world.executive.full_name in mail.outbox[0].subject
    assert reverse("practice_entry", args=[world.engagement.public_id, entries[0].public_id]) in body
    assert "Day 0" not in body
    # An hour on, the next share is news again.
    ReminderSent.objects.filter(kind=SHARE_KIND).update(created_at=timezone.now() - timedelta(minutes=61))
    later = entry_make(world, text="Later", day=today - timedelta(days=5))
    share(world, later.public_id)
    run_worker()
    assert len(mail.outbox) == 2


def test_a_share_taken_back_before_the_mail_goes_sends_nothing(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    entry = entry_make(world)
    share(world, entry.public_id)
    client_for(world.executive).post(url(world, "practice_entry_share", entry_id=entry.public_id), {"shared": "0"})
    run_worker()
    assert mail.outbox == []


def test_the_coach_is_mailed_when_the_executive_answers_a_comment(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    entry = entry_make(world, shared=True)
    services.comment_add(author=world.coach, text="Why?", entry=entry, engagement=world.engagement)
    run_worker()
    mail.outbox.clear()
    response = client_for(world.executive).post(
        url(world, "practice_entry_comment", entry_id=entry.public_id), {"token": str(uuid4()), "text": "Because."}
    )
    assert response.status_code == 302
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.coach.email]]
    assert "Because." not in mail.outbox[0].body


def test_each_person_switches_their_own_mails_off(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    executive, coach = client_for(world.executive), client_for(world.coach)
    page = executive.get(url(world, "practice_notices")).content.decode()
    assert 'name="mail_comments"' in page and 'name="mail_shares"' not in page
    page = coach.get(url(world, "practice_notices")).content.decode()
    assert 'name="mail_shares"' in page and 'name="mail_comments"' not in page
    assert executive.post(url(world, "practice_notices"), {}).status_code == 302
    assert coach.post(url(world, "practice_notices"), {}).status_code == 302
    entry = entry_make(world)
    share(world, entry.public_id)
    coach.post(url(world, "practice_entry_comment", entry_id=entry.public_id), {"token": str(uuid4()), "text": "Hm."})
    run_worker()
    assert mail.outbox == []
    assert 'name="mail_comments" checked' not in executive.get(url(world, "practice_notices")).content.decode()
    executive.post(url(world, "practice_notices"), {"mail_comments": "on"})
    coach.post(url(world, "practice_entry_comment", entry_id=entry.public_id), {"token": str(uuid4()), "text": "Hm?"})
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.executive.email]]
