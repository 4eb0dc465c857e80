"""Messages between the executive and the coach, the coach's inbox and the reply-time figures."""

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.meetings.demo import demo_messages
from stepwise.meetings.models import Message, Preferences
from stepwise.meetings.selectors.messaging import (
    reply_time_by_month,
    reply_time_summary,
    unanswered_for_coach,
    unanswered_messages,
)
from stepwise.meetings.services.messaging import message_mark_answered, message_send

NEW_YORK = ZoneInfo("America/New_York")


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)  # type: ignore[misc,arg-type]


@pytest.fixture
def world(world: World) -> World:
    """The coach works Monday to Thursday in New York."""
    world.coach.time_zone = "America/New_York"
    world.coach.save()
    Preferences.objects.create(user=world.coach, working_days="1234")
    return world


def send(world: World, *, by: str = "executive", at: datetime, body: str = "A question about my plan.") -> Message:
    author = world.coach if by == "coach" else world.executive
    return message_send(engagement=world.engagement, author=author, body=body, token=uuid.uuid4(), now=at)


def thread_url(world: World) -> str:
    return reverse("message_list", kwargs={"public_id": world.engagement.public_id})


def test_a_message_to_the_coach_is_due_one_business_day_later_in_the_coach_time_zone(world: World) -> None:
    message = send(world, at=ny(2027, 2, 4, 20, 0))  # Thursday evening; Friday is not a working day
    assert message.to_coach
    assert message.created_at == ny(2027, 2, 4, 20, 0)
    assert message.reply_due_at == ny(2027, 2, 8, 20, 0)  # Monday, same time


def test_the_agreement_in_force_sets_the_reply_commitment(world: World) -> None:
    Agreement.objects.filter(pk=world.agreement.pk).update(reply_business_days=2)
    agreement_sign_by_all(world)
    message = send(world, at=ny(2027, 2, 4, 20, 0))
    assert message.reply_due_at == ny(2027, 2, 9, 20, 0)


def test_the_coach_replying_answers_every_waiting_message_with_its_business_days(world: World) -> None:
    first = send(world, at=ny(2027, 2, 4, 20, 0))  # Thursday 20:00 → 4 hours of Thursday count
    second = send(world, at=ny(2027, 2, 6, 10, 0))  # Saturday: nothing until Monday
    reply = send(world, by="coach", at=ny(2027, 2, 8, 12, 0))  # Monday noon
    first.refresh_from_db()
    second.refresh_from_db()
    assert not reply.to_coach and reply.reply_due_at is None
    assert first.answered_at == second.answered_at == ny(2027, 2, 8, 12, 0)
    assert first.reply_business_days == Decimal("0.67")
    assert second.reply_business_days == Decimal("0.50")
    # A later message from the executive waits for the next reply.
    third = send(world, at=ny(2027, 2, 8, 13, 0))
    assert third.answered_at is None


def test_the_executive_sends_from_the_page_and_the_coach_is_told_by_mail(
    world: World, fresh_outbox: list, run_worker: Callable[[], int]
) -> None:
    client = client_for(world.executive)
    token = str(uuid.uuid4())
    data = {"body": "Can we talk about Tom's promotion & my role in it?", "token": token}
    assert client.post(thread_url(world), data).status_code == 302
    assert client.post(thread_url(world), data).status_code == 302  # a double click
    assert Message.objects.filter(engagement=world.engagement).count() == 1
    run_worker()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [world.coach.email]
    assert "Erin Executive" in sent.subject
    assert "Can we talk about Tom's promotion & my role in it?" in sent.body
    assert thread_url(world) in sent.body
    assert "asks for your reply by" in sent.body
    page = client.get(thread_url(world))
    assert "Tom&#x27;s promotion" in page.content.decode()


def test_the_coach_reply_mails_the_executive(world: World, fresh_outbox: list, run_worker: Callable[[], int]) -> None:
    send(world, at=timezone.now() - timedelta(hours=3))
    run_worker()
    mail.outbox.clear()
    response = client_for(world.coach).post(thread_url(world), {"body": "Yes, Thursday.", "token": str(uuid.uuid4())})
    assert response.status_code == 302
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.executive.email]]
    assert "Yes, Thursday." in mail.outbox[0].body
    assert "asks for your reply" not in mail.outbox[0].body
    assert Message.objects.get(to_coach=True).answered_at is not None


def test_an_empty_message_is_refused_beside_the_field(world: World) -> None:
    response = client_for(world.executive).post(thread_url(world), {"body": "   ", "token": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "Write your message before sending it." in response.content.decode()
    assert not Message.objects.exists()


def test_the_thread_reads_oldest_first_in_the_reader_time_zone(world: World) -> None:
    send(world, at=datetime(2027, 2, 4, 9, 0, tzinfo=UTC), body="First, from the executive.")
    send(world, by="coach", at=datetime(2027, 2, 4, 15, 0, tzinfo=UTC), body="Then the coach.")
    page = client_for(world.executive).get(thread_url(world)).content.decode()  # the executive is in London
    assert page.index("First, from the executive.") < page.index("Then the coach.")
    assert "Thu 4 Feb 2027, 09:00" in page
    coach_page = client_for(world.coach).get(thread_url(world)).content.decode()
    assert "Thu 4 Feb 2027, 04:00" in coach_page  # New York


@pytest.mark.parametrize("role", ["sponsor", "admin", "outsider", "other_coach"])
def test_people_outside_the_conversation_get_404(world: World, role: str) -> None:
    send(world, at=ny(2027, 2, 4, 20, 0))
    client = client_for(getattr(world, role))
    assert client.get(thread_url(world)).status_code == 404
    assert client.post(thread_url(world), {"body": "Hi", "token": str(uuid.uuid4())}).status_code == 404
    assert Message.objects.count() == 1


def test_only_the_coach_marks_a_message_answered(world: World) -> None:
    message = send(world, at=datetime(2027, 2, 4, 9, 0, tzinfo=UTC))
    url = reverse("message_answered", kwargs={"public_id": world.engagement.public_id, "message_id": message.public_id})
    assert client_for(world.executive).post(url).status_code == 403
    assert client_for(world.sponsor).post(url).status_code == 404
    message.refresh_from_db()
    assert message.answered_at is None
    assert client_for(world.coach).post(url).status_code == 302
    message.refresh_from_db()
    assert message.answered_at is not None and message.reply_business_days is not None
    # Twice changes nothing.
    answered_at = message.answered_at
    assert client_for(world.coach).post(url).status_code == 302
    message.refresh_from_db()
    assert message.answered_at == answered_at


def test_marking_answered_after_a_call_counts_business_days(world: World) -> None:
    message = send(world, at=ny(2027, 2, 1, 9, 0))  # Monday 09:00
    message_mark_answered(message=message, coach=world.coach, now=ny(2027, 2, 2, 15, 0))
    assert message.reply_business_days == Decimal("1.25")
    assert message.reply_due_at == ny(2027, 2, 2, 9, 0)
    assert message.answered_at == ny(2027, 2, 2, 15, 0)  # late: past Tuesday 09:00


def test_monthly_figures_count_in_time_late_and_open(world: World) -> None:
    now = ny(2027, 3, 10, 12, 0)
    on_time = send(world, at=ny(2027, 2, 1, 9, 0))
    send(world, by="coach", at=ny(2027, 2, 1, 17, 0))  # 0.33 business days
    late = send(world, at=ny(2027, 2, 8, 9, 0))
    send(world, by="coach", at=ny(2027, 2, 9, 21, 0))  # 1.5 business days: late
    send(world, at=ny(2027, 2, 25, 9, 0))  # Thursday: due Monday 1 March 09:00, never answered
    send(world, at=ny(2027, 3, 10, 9, 0))  # still within its day
    send(world, at=ny(2027, 2, 28, 22, 0))  # already 1 March in UTC, still February for the coach
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.reply_business_days == Decimal("0.33")
    assert late.reply_business_days == Decimal("1.50")

    february, march = reply_time_by_month(world.engagement, now=now)
    assert february.label == "February 2027"
    assert (february.received, february.answered, february.on_time, february.open_overdue) == (4, 2, 1, 2)
    assert february.average_business_days == Decimal("0.92")
    assert february.on_time_percent == 25
    assert (march.received, march.answered, march.on_time, march.open_overdue) == (1, 0, 0, 0)
    # The commitment in this line is the agreement's (1 by default).
    assert reply_time_summary(world.engagement, now=now) == (
        "0 of 1 message answered within 1 business day this month; 2 are waiting past their deadline: reply now."
    )
    # On the last evening of February, nothing waiting is due yet (Friday and the weekend are off).
    assert reply_time_summary(world.engagement, now=ny(2027, 2, 28, 23, 0)) == (
        "1 of 4 messages answered within 1 business day this month."
    )
    # February's messages still waiting are named in March's line.
    assert reply_time_summary(world.engagement, now=ny(2027, 3, 2, 9, 0)) == (
        "No messages from the executive this month; 2 are waiting past their deadline: reply now."
    )
    assert reply_time_summary(world.engagement, now=ny(2027, 5, 1, 0, 0)) == (
        "No messages from the executive this month; 3 are waiting past their deadline: reply now."
    )
    assert reply_time_summary(world.engagement, now=ny(2027, 1, 20, 0, 0)) == (
        "No messages from the executive this month."
    )


def test_the_messages_page_shows_the_figures_and_a_chart_from_two_months(world: World) -> None:
    earlier, recent = timezone.now() - timedelta(days=70), timezone.now() - timedelta(days=2)
    send(world, at=earlier)
    page = client_for(world.executive).get(thread_url(world)).content.decode()
    assert "Reply times" in page and earlier.astimezone(NEW_YORK).strftime("%B %Y") in page and "<svg" not in page
    send(world, at=recent)
    page = client_for(world.coach).get(thread_url(world)).content.decode()
    assert recent.astimezone(NEW_YORK).strftime("%B %Y") in page
    assert "<svg" in page and "% answered within the commitment" in page


def test_the_inbox_lists_waiting_messages_soonest_due_first_with_their_state(world: World) -> None:
    now = ny(2027, 2, 9, 10, 0)  # Tuesday 10:00
    overdue = send(world, at=ny(2027, 2, 8, 9, 0), body="Overdue one")  # due Tue 09:00
    later = send(world, at=ny(2027, 2, 9, 9, 30), body="Later one")  # due Wed 09:30
    close = send(world, at=ny(2027, 2, 8, 13, 0), body="Close one")  # due Tue 13:00
    rows = unanswered_for_coach(world.coach, now=now)
    assert [(r.message, r.state) for r in rows] == [(overdue, "overdue"), (close, "close"), (later, "on_time")]
    assert rows[0].executive_name == "Erin Executive"
    assert rows[0].url.endswith(f"#message-{overdue.public_id}")
    assert [r.state_label for r in rows] == ["overdue", "due within 4 business hours", "on time"]
    send(world, by="coach", at=now)
    assert unanswered_for_coach(world.coach, now=now) == []


def test_the_inbox_page_is_for_coaches(world: World) -> None:
    send(world, at=timezone.now() - timedelta(days=10), body="Are we still on for Thursday?")
    page = client_for(world.coach).get(reverse("inbox"))
    assert page.status_code == 200
    assert "Are we still on for Thursday?" in page.content.decode() and "overdue" in page.content.decode()
    other = client_for(world.other_coach).get(reverse("inbox"))
    assert other.status_code == 200 and "Are we still on" not in other.content.decode()
    for role in ("executive", "sponsor", "admin", "outsider"):
        assert client_for(getattr(world, role)).get(reverse("inbox")).status_code == 404
    anonymous = client_for(None).get(reverse("inbox"))
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(queries)


def test_the_thread_and_the_inbox_make_as_many_queries_for_80_messages_as_for_1(world: World) -> None:
    client = client_for(world.coach)
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    send(world, at=start)
    counts = [(_queries(client, thread_url(world)), _queries(client, reverse("inbox")))]
    for i in range(1, 80):  # more than a page of the inbox waiting
        send(world, at=start + timedelta(days=i * 2), by="coach" if i % 3 == 0 else "executive")
    counts.append((_queries(client, thread_url(world)), _queries(client, reverse("inbox"))))
    assert counts[0] == counts[1], counts


def rows(page: str) -> list[str]:
    return re.findall(r"<td data-label=\"Message\">([^<]+)</td>", page)


def test_the_inbox_shows_50_messages_a_page_soonest_due_first_and_counts_them_all(world: World) -> None:
    start = timezone.now() - timedelta(days=100)  # every one past its deadline
    for i in range(55):
        send(world, at=start + timedelta(days=i), body=f"Question {i:02}")
    client = client_for(world.coach)
    first = client.get(reverse("inbox")).content.decode()
    assert rows(first) == [f"Question {i:02}" for i in range(50)]
    assert "55 messages waiting" in first and "55 past their deadline" in first and "Page 1 of 2" in first
    assert 'href="?page=2" rel="next">Next page</a>' in first
    second = client.get(reverse("inbox"), {"page": "2"}).content.decode()
    assert rows(second) == [f"Question {i:02}" for i in range(50, 55)]
    assert "Page 2 of 2" in second
    assert rows(client.get(reverse("inbox"), {"page": "first"}).content.decode()) == rows(first)
    assert rows(client.get(reverse("inbox"), {"page": "7"}).content.decode()) == rows(second)


def test_marking_answered_from_the_inbox_goes_back_to_the_same_page(world: World) -> None:
    start = datetime(2027, 1, 11, 14, 0, tzinfo=UTC)
    messages = [send(world, at=start + timedelta(days=i), body=f"Question {i:02}") for i in range(52)]
    client = client_for(world.coach)
    assert '<input type="hidden" name="page" value="2">' in client.get(reverse("inbox"), {"page": "2"}).content.decode()
    url = reverse(
        "message_answered", kwargs={"public_id": world.engagement.public_id, "message_id": messages[51].public_id}
    )
    response = client.post(url, {"next": "inbox", "page": "2"})
    assert response.status_code == 302 and response["Location"] == reverse("inbox") + "?page=2"
    response = client.post(url, {"next": "inbox", "page": "<script>"})
    assert response.status_code == 302 and response["Location"] == reverse("inbox")
    assert rows(client.get(reverse("inbox"), {"page": "2"}).content.decode()) == ["Question 50"]


def test_the_demo_thread_has_a_late_answer_and_one_still_waiting(world: World) -> None:
    now = datetime(2027, 3, 17, 15, 0, tzinfo=UTC)
    sent = demo_messages(world.engagement, now=now)
    assert len(sent) == 5
    assert all(m.created_at < now for m in sent)
    answered = [m for m in Message.objects.filter(to_coach=True) if m.answered_at]
    assert any(m.answered_at > m.reply_due_at for m in answered)  # type: ignore[operator]
    assert any(m.answered_at <= m.reply_due_at for m in answered)  # type: ignore[operator]
    assert [r.state for r in unanswered_for_coach(world.coach, now=now)] == ["overdue"]


def test_the_inbox_reads_the_waiting_messages_from_their_own_index(world: World) -> None:
    """A practice keeps years of answered messages; the inbox must not walk them. (PostgreSQL
    scans a table this small whatever its indexes, so it is told not to, to show the index fits.)"""
    waiting = send(world, at=timezone.now() - timedelta(days=3))
    # The years of answered messages, from the same author: with one row each, the author's
    # index and the waiting one cost the same and PostgreSQL's choice between them was a toss.
    answered = timezone.now() - timedelta(days=400)
    Message.objects.bulk_create(
        Message(
            engagement=world.engagement,
            author=waiting.author,
            body="An old question.",
            created_at=answered,
            reply_due_at=answered,
            answered_at=answered,
            token=uuid.uuid4(),
        )
        for _ in range(300)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_message")  # what the planner knows of the table
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        plans = [
            unanswered_messages(world.coach)[:50].explain(),
            unanswered_messages(world.coach).filter(reply_due_at__lte=timezone.now()).explain(),
        ]
    for plan in plans:
        assert "message_waiting" in plan, plan
