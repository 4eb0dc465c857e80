"""Step 5: scheduling sessions on the cadence, agendas, recording, private notes, attendance."""

import re
import uuid
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, client_for
from stepwise.engagements.models import Engagement
from stepwise.meetings.models import AgendaItem, Session
from stepwise.meetings.selectors import sessions as read
from stepwise.meetings.services import sessions as service
from stepwise.plans.models import KeyAction
from tests.walk import goal_made

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def started(world: World) -> World:
    """The world's engagement started three weeks ago, under a signed agreement, with a goal
    that has one open key action."""
    today = timezone.localdate()
    Engagement.objects.filter(pk=world.engagement.pk).update(start_date=today - timedelta(days=21))
    world.refresh()
    goal_made(world)
    return world


def at(days: int, hour: int = 10) -> datetime:
    """``days`` from today at ``hour`` o'clock London time."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def session_make(world: World, days: int, **fields: Any) -> Session:
    fields.setdefault("status", Session.Status.HELD if days < 0 else Session.Status.SCHEDULED)
    return Session.objects.create(
        engagement=world.engagement, starts_at=at(days), minutes=60, time_zone="Europe/London", **fields
    )


def url(world: World, name: str, session: Session | None = None) -> str:
    kwargs: dict[str, Any] = {"public_id": world.engagement.public_id}
    if session is not None:
        kwargs["session_id"] = session.public_id
    return reverse(name, kwargs=kwargs)


def schedule_data(when: datetime, **changes: Any) -> dict[str, Any]:
    data = {
        "date": when.date().isoformat(),
        "time": when.strftime("%H:%M"),
        "time_zone": "Europe/London",
        "minutes": "60",
        "where": "https://meet.example/erin",
        "repeat": "single",
        "later_per_month": "2",
        "token": str(uuid.uuid4()),
    }
    return data | changes


def test_the_coach_schedules_one_session_and_a_double_submit_keeps_one(started):
    client = client_for(started.coach)
    data = schedule_data(at(3))
    response = client.post(url(started, "session_schedule"), data)
    assert response.status_code == 302
    assert client.post(url(started, "session_schedule"), data).status_code == 302
    (session,) = Session.objects.all()
    assert session.starts_at == at(3)
    assert session.where == "https://meet.example/erin"
    page = client_for(started.executive).get(url(started, "session_list")).content.decode()
    assert reverse("session_detail", args=[started.engagement.public_id, session.public_id]) in page


def test_a_past_time_cannot_be_scheduled_but_can_be_recorded_as_held(started):
    client = client_for(started.coach)
    response = client.post(url(started, "session_schedule"), schedule_data(at(-2)))
    assert response.status_code == 400
    assert "cannot be scheduled" in response.content.decode()
    assert not Session.objects.exists()
    response = client.post(url(started, "session_schedule"), schedule_data(at(-2), held="on"))
    (session,) = Session.objects.all()
    assert session.status == Session.Status.HELD
    assert response["Location"] == url(started, "session_record", session)
    # Entered after the fact, it is still recorded with the agenda it would have had.
    page = client.get(response["Location"]).content.decode()
    assert "Hand over the report" in page
    data = {"revision": "0", "shared_notes": "Late entry", "new-TOTAL_FORMS": "0", "new-INITIAL_FORMS": "0"}
    assert client.post(response["Location"], data).status_code == 302
    assert list(session.agenda.values_list("kind", "text")) == [("action", "Hand over the report")]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone", "is not a time zone we know"),
        ({"minutes": "5"}, "minutes", "at least 15 minutes"),
        ({"minutes": "600"}, "minutes", "at most 480 minutes"),
        ({"minutes": "an hour"}, "minutes", "whole minutes"),
    ],
)
def test_bad_time_zones_and_durations_are_refused_beside_the_field(started, changes, field, message):
    response = client_for(started.coach).post(url(started, "session_schedule"), schedule_data(at(3), **changes))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert "https://meet.example/erin" in response.content.decode()  # what was typed is kept
    assert not Session.objects.exists()


def test_a_series_follows_the_agreements_cadence_to_the_end(started):
    engagement = started.engagement
    first = at(1)
    response = client_for(started.coach).post(url(started, "session_schedule"), schedule_data(first, repeat="series"))
    assert response.status_code == 302
    sessions = list(Session.objects.order_by("starts_at"))
    assert len({s.series for s in sessions}) == 1
    assert all(s.starts_at.astimezone(LONDON).hour == 10 for s in sessions)  # the same wall-clock time, DST or not
    assert sessions[-1].starts_at.date() < engagement.end_date
    status = read.cadence_for(engagement, today=timezone.localdate())
    assert all(p.end <= first.date() for p in status.slipping)  # only the weeks before the series began
    later = [s for s in sessions if s.starts_at.date() >= engagement.start_date + timedelta(days=31)]
    assert 2 * (engagement.planned_months - 1) - 1 <= len(later) <= 2 * (engagement.planned_months - 1)


def test_an_overlap_with_another_session_of_the_coach_warns_and_can_be_confirmed(started):
    session_make(started, 3)
    client = client_for(started.coach)
    data = schedule_data(at(3).replace(minute=30))
    response = client.post(url(started, "session_schedule"), data)
    assert response.status_code == 400
    assert "overlaps" in response.content.decode()
    assert Session.objects.count() == 1
    assert client.post(url(started, "session_schedule"), data | {"confirm_overlap": "on"}).status_code == 302
    assert Session.objects.count() == 2


def test_the_agenda_gathers_open_actions_what_was_left_open_and_added_items(started):
    last = session_make(started, -7)
    AgendaItem.objects.create(session=last, text="Talk about the board meeting", covered=False)
    AgendaItem.objects.create(session=last, text="Covered already", covered=True)
    upcoming = session_make(started, 2)
    response = client_for(started.executive).post(
        url(started, "session_agenda_add", upcoming), {"text": "How to say no to my boss"}
    )
    assert response.status_code == 302
    page = client_for(started.coach).get(url(started, "session_detail", upcoming)).content.decode()
    assert "Hand over the report" in page  # the open key action
    assert "Talk about the board meeting" in page  # left open last time
    assert "Covered already" not in page
    assert "How to say no to my boss" in page
    empty = client_for(started.executive).post(url(started, "session_agenda_add", upcoming), {"text": "  "})
    assert empty.status_code == 400


def test_recording_stores_notes_the_agenda_covered_and_new_actions_in_the_plan(started):
    session = session_make(started, 0, status=Session.Status.SCHEDULED)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(minutes=30))
    action = KeyAction.objects.get()
    goal = action.goal
    client = client_for(started.coach)
    data = {
        "revision": "0",
        "shared_notes": "We rehearsed the hand-over conversation.",
        "covered": [f"action:{action.public_id}"],
        "new-TOTAL_FORMS": "1",
        "new-INITIAL_FORMS": "0",
        "new-0-description": "Ask Dana to run the report next week",
        "new-0-goal": str(goal.public_id),
        "new-0-target_date": "",
        "new-0-owner": "",
    }
    response = client.post(url(started, "session_record", session), data)
    assert response.status_code == 302
    assert client.post(url(started, "session_record", session), data).status_code == 302  # sent twice: kept once
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    new = KeyAction.objects.get(session=session)
    assert new.goal == goal and new.description == "Ask Dana to run the report next week"
    (item,) = session.agenda.all()
    assert item.kind == AgendaItem.Kind.ACTION and item.covered
    page = client_for(started.executive).get(url(started, "session_detail", session)).content.decode()
    assert "We rehearsed the hand-over conversation." in page
    assert "Ask Dana to run the report next week" in page
    plan = client_for(started.executive).get(reverse("plan_detail", args=[started.engagement.public_id]))
    assert "Ask Dana to run the report next week" in plan.content.decode()


def test_a_record_saved_meanwhile_is_a_conflict_with_the_text_kept(started):
    session = session_make(started, -1)
    client = client_for(started.coach)
    base = {"new-TOTAL_FORMS": "0", "new-INITIAL_FORMS": "0"}
    client.post(url(started, "session_record", session), base | {"revision": "0", "shared_notes": "First version"})
    response = client.post(
        url(started, "session_record", session), base | {"revision": "0", "shared_notes": "Second version"}
    )
    assert response.status_code == 409
    assert "Second version" in response.content.decode()
    session.refresh_from_db()
    assert session.shared_notes == "First version"


def test_private_notes_are_read_by_their_author_only(started):
    session = session_make(started, -1)
    for person, text in ((started.coach, "Coach's hunch about the team"), (started.executive, "My own worry")):
        response = client_for(person).post(url(started, "session_private_note", session), {"text": text})
        assert response.status_code == 302
    coach_page = client_for(started.coach).get(url(started, "session_detail", session)).content.decode()
    exec_page = client_for(started.executive).get(url(started, "session_detail", session)).content.decode()
    assert "Coach&#x27;s hunch about the team" in coach_page and "My own worry" not in coach_page
    assert "My own worry" in exec_page and "hunch" not in exec_page
    for person in (started.sponsor, started.admin, started.other_coach):
        assert client_for(person).get(url(started, "session_detail", session)).status_code == 404


def test_cancellations_are_counted_for_the_sponsor_without_their_reasons(started, run_worker):
    session = session_make(started, 2)
    response = client_for(started.coach).post(
        url(started, "session_cancel", session),
        {"by_role": "executive", "reason": "Board offsite ran late", "revision": "0"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.cancelled_by_role == "executive"
    run_worker()
    assert [m.to for m in mail.outbox if "cancelled" in m.subject] == [[started.executive.email]]
    sponsor_page = client_for(started.sponsor).get(url(started, "session_list"))
    text = sponsor_page.content.decode()
    assert sponsor_page.status_code == 200
    assert "Cancelled" in text and "by the executive 1" in text and "zero-cancellation" in text
    assert "Board offsite" not in text
    no_reason = client_for(started.coach).post(
        url(started, "session_cancel", session_make(started, 4)), {"by_role": "coach", "reason": "", "revision": "0"}
    )
    assert no_reason.status_code == 400 and "zero-cancellation" in no_reason.content.decode()


def test_moving_a_session_keeps_the_old_one_as_moved_and_carries_the_added_items(started, run_worker):
    session = session_make(started, 2)
    service.agenda_add(session=session, text="Budget talk", user=started.executive)
    target = at(5, hour=15)
    data = {"date": target.date().isoformat(), "time": "15:00", "by_role": "coach", "reason": "Travel", "revision": "0"}
    client = client_for(started.coach)
    response = client.post(url(started, "session_reschedule", session), data)
    assert response.status_code == 302
    assert client.post(url(started, "session_reschedule", session), data).status_code == 302  # once
    session.refresh_from_db()
    moved = session.rescheduled_to
    assert session.status == Session.Status.RESCHEDULED and moved is not None
    assert moved.starts_at == target and Session.objects.count() == 2
    assert list(moved.agenda.values_list("text", flat=True)) == ["Budget talk"]
    run_worker()
    (message,) = [m for m in mail.outbox if "moved" in m.subject]
    assert "15:00" in message.body  # the executive's own zone: London, like the session


def test_a_no_show_needs_the_session_to_have_started(started):
    future = session_make(started, 2)
    response = client_for(started.coach).post(
        url(started, "session_no_show", future), {"by_role": "executive", "reason": "", "revision": "0"}
    )
    assert response.status_code == 400
    past = session_make(started, -1, status=Session.Status.SCHEDULED)
    response = client_for(started.coach).post(
        url(started, "session_no_show", past), {"by_role": "executive", "reason": "", "revision": "0"}
    )
    assert response.status_code == 302
    assert read.attendance_counts(started.engagement).no_shows == 1


def test_the_cadence_warns_when_a_past_week_had_no_session(started):
    session_make(started, -20)
    page = client_for(started.coach).get(url(started, "session_list")).content.decode()
    assert "short" in page
    assert read.cadence_for(started.engagement, today=timezone.localdate()).slipping


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_pages_take_as_many_queries_for_1_session_as_for_100(started):
    first = session_make(started, -1)
    coach, sponsor = client_for(started.coach), client_for(started.sponsor)
    one = (_queries(coach, url(started, "session_list")), _queries(sponsor, url(started, "session_list")))
    detail_one = _queries(coach, url(started, "session_detail", first))
    for day in range(1, 100):
        session_make(started, day % 40 - 20, status=Session.Status.HELD if day % 2 else Session.Status.CANCELLED)
        AgendaItem.objects.create(session=first, text=f"Item {day}")
    many = (_queries(coach, url(started, "session_list")), _queries(sponsor, url(started, "session_list")))
    assert many == one
    assert _queries(coach, url(started, "session_detail", first)) == detail_one


def test_the_engagement_page_shows_step_5_to_each_role_as_far_as_they_may_see(started):
    session_make(started, -3)
    session_make(started, -1, status=Session.Status.CANCELLED, cancelled_by_role="coach", reason="Flu")
    upcoming = session_make(started, 2)
    page = reverse("engagement_detail", args=[started.engagement.public_id])
    coach = client_for(started.coach).get(page).content.decode()
    assert "Step 5 · Sessions and accountability" in coach
    assert reverse("session_detail", args=[started.engagement.public_id, upcoming.public_id]) in coach
    sponsor = client_for(started.sponsor).get(page).content.decode()
    assert "by the coach 1" in sponsor and "Flu" not in sponsor
    assert reverse("session_detail", args=[started.engagement.public_id, upcoming.public_id]) not in sponsor


def test_home_hints_ask_the_coach_to_schedule_and_the_executive_to_check_in(started):
    from stepwise.dashboard.selectors import engagements_for_home, next_action

    def hint(person: Any) -> str:
        (engagement,) = engagements_for_home(person).filter(pk=started.engagement.pk)
        return next_action(engagement, person)

    Engagement.objects.filter(pk=started.engagement.pk).update(step_override=5)
    assert hint(started.coach) == "Schedule the next coaching session."
    session_make(started, -2)
    session_make(started, 3)
    assert hint(started.coach) == ""
    assert hint(started.executive) == "Check in on your key actions before the next session."


def test_the_session_page_says_that_its_buttons_cancel_or_move_the_session(started):
    upcoming = session_make(started, 3)
    page = client_for(started.coach).get(url(started, "session_detail", upcoming)).content.decode()
    cancel = url(started, "session_cancel", upcoming)
    assert re.search(rf'href="{cancel}">Cancel this session</a>', page)
    assert ">Cancel</a>" not in page and "Move this session</a>" in page
