"""Check-ins between sessions: the executive's rows, what the coach reads, the history, the
'check-in due' hint."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.meetings.demo import demo_checkins
from stepwise.meetings.models import CheckIn, Session
from stepwise.meetings.progress import checkin_due
from stepwise.meetings.selectors.checkins import changes_since_last_session, open_actions
from stepwise.meetings.services.checkins import CheckInRow, checkin_send
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal, KeyAction

START = date(2027, 1, 11)


def plan_make(world: World, *descriptions: str, title: str = "Delegate the weekly report") -> Goal:
    """A goal with key actions (all not started), under a signed agreement."""
    if world.agreement.status != "signed":
        world.agreement = agreement_sign_by_all(world)
    goal = plan_services.goal_create(engagement=world.engagement, title=title, token=uuid.uuid4())
    return plan_services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={},
        actions=[
            {
                "id": None,
                "description": d,
                "target_date": None,
                "owner": "",
                "status": "not_started",
                "completed_on": None,
            }
            for d in descriptions
        ],
        measures=[],
        user=world.executive,
    )


def url(world: World) -> str:
    return reverse("checkin", kwargs={"public_id": world.engagement.public_id})


def form_data(world: World, token: Any = None, **rows: Any) -> dict[str, Any]:
    """What the check-in page posts: every open action as shown, with ``rows`` (by description)
    typed in."""
    data: dict[str, Any] = {"token": str(token or uuid.uuid4()), "action": []}
    for action in open_actions(world.engagement):
        prefix = f"a-{action.public_id}"
        data["action"].append(str(action.public_id))
        last = action.last_progress  # type: ignore[attr-defined]
        data |= {
            f"{prefix}-seen": action.status,
            f"{prefix}-status": action.status,
            f"{prefix}-progress": last if last is not None else 0,
            f"{prefix}-comment": "",
            f"{prefix}-blocker": "",
        }
        for key, value in rows.get(action.description, {}).items():
            data[f"{prefix}-{key}"] = value
    return data


def held(world: World, when: datetime) -> Session:
    return Session.objects.create(
        engagement=world.engagement, starts_at=when, minutes=60, time_zone="Europe/London", status="held"
    )


def test_the_executive_sees_one_row_per_open_action_grouped_by_goal(world: World) -> None:
    plan_make(world, "Hand over the report", "Coach the deputy")
    goal = plan_make(world, "Say no to one meeting a week", title="Protect thinking time")
    KeyAction.objects.create(goal=goal, description="Already finished", status="done", completed_on=START)
    response = client_for(world.executive).get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        page.index("Delegate the weekly report")
        < page.index("Hand over the report")
        < page.index("Protect thinking time")
    )
    assert "Say no to one meeting a week" in page
    assert "Already finished" not in page
    assert "Send my check-in" in page


def test_only_changed_or_commented_rows_are_stored_and_actions_follow(world: World, monkeypatch) -> None:
    plan_make(world, "Hand over the report", "Coach the deputy", "Book the offsite")
    # 20:00 in London is already the next day in Tokyo: "done" is dated in the executive's day.
    world.executive.time_zone = "Asia/Tokyo"
    world.executive.save()
    monkeypatch.setattr("django.utils.timezone.now", lambda: datetime(2027, 2, 3, 20, 0, tzinfo=UTC))
    data = form_data(
        world,
        **{
            "Hand over the report": {"status": "done", "progress": 100},
            "Coach the deputy": {"comment": "First session booked.", "blocker": "Their calendar."},
        },
    )
    response = client_for(world.executive).post(url(world), data)
    assert response.status_code == 302
    stored = {c.key_action.description: c for c in CheckIn.objects.select_related("key_action")}
    assert set(stored) == {"Hand over the report", "Coach the deputy"}
    assert stored["Hand over the report"].status_before == "not_started"
    assert stored["Hand over the report"].status == "done"
    assert stored["Coach the deputy"].blocker == "Their calendar."
    assert stored["Coach the deputy"].author == world.executive
    done = KeyAction.objects.get(description="Hand over the report")
    assert (done.status, done.completed_on) == ("done", date(2027, 2, 4))
    assert KeyAction.objects.get(description="Book the offsite").status == "not_started"
    # The done action leaves the form; the next check-in starts from the stored progress.
    page = client_for(world.executive).get(url(world)).content.decode()
    assert "Hand over the report</strong>" not in page
    assert "First session booked." in page  # in the history


def test_the_same_form_sent_twice_stores_once(world: World) -> None:
    plan_make(world, "Hand over the report")
    data = form_data(world, **{"Hand over the report": {"status": "in_progress", "progress": 30}})
    client = client_for(world.executive)
    assert client.post(url(world), data).status_code == 302
    assert client.post(url(world), data).status_code == 302
    assert CheckIn.objects.count() == 1


def test_a_form_that_changes_nothing_is_refused_with_a_message(world: World) -> None:
    plan_make(world, "Hand over the report")
    response = client_for(world.executive).post(url(world), form_data(world))
    assert response.status_code == 400
    assert "Nothing changed" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_an_action_changed_meanwhile_is_a_409_keeping_what_was_typed(world: World) -> None:
    plan_make(world, "Hand over the report", "Coach the deputy")
    data = form_data(
        world,
        **{
            "Hand over the report": {"status": "in_progress", "progress": 40},
            "Coach the deputy": {"comment": "Booked a first talk."},
        },
    )
    KeyAction.objects.filter(description="Hand over the report").update(status="done", completed_on=START)
    response = client_for(world.executive).post(url(world), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Meanwhile someone changed “Hand over the report”" in page
    assert "Booked a first talk." in page  # what they typed is kept
    assert "it is now “done”" in page
    assert not CheckIn.objects.exists()
    # Sending again from the page as shown (the new status read) goes through.
    resent = {k: v for k, v in data.items()}
    action = KeyAction.objects.get(description="Hand over the report")
    resent[f"a-{action.public_id}-seen"] = "done"
    assert client_for(world.executive).post(url(world), resent).status_code == 302
    assert CheckIn.objects.count() == 2


@pytest.mark.parametrize("progress", ["140", "-5", "lots"])
def test_a_progress_outside_0_to_100_is_a_400_beside_the_field(world: World, progress: str) -> None:
    plan_make(world, "Hand over the report")
    data = form_data(world, **{"Hand over the report": {"progress": progress, "comment": "Keep this comment, please."}})
    response = client_for(world.executive).post(url(world), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "0 to 100" in page
    assert "Keep this comment, please." in page
    assert not CheckIn.objects.exists()


def test_the_service_refuses_a_progress_out_of_range(world: World) -> None:
    goal = plan_make(world, "Hand over the report")
    action = goal.actions.get()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        checkin_send(
            engagement=world.engagement,
            author=world.executive,
            rows=[CheckInRow(action=action, seen="not_started", status="in_progress", progress=101)],
            token=uuid.uuid4(),
            today=START,
        )


def send(world: World, description: str, *, status: str, progress: int, comment: str = "") -> list[CheckIn]:
    action = KeyAction.objects.get(goal__engagement=world.engagement, description=description)
    return checkin_send(
        engagement=world.engagement,
        author=world.executive,
        rows=[CheckInRow(action=action, seen=action.status, status=status, progress=progress, comment=comment)],
        token=uuid.uuid4(),
        today=START,
    )


def backdate(checkins: list[CheckIn], when: datetime) -> None:
    CheckIn.objects.filter(pk__in=[c.pk for c in checkins]).update(created_at=when)


def test_the_coach_reads_what_changed_since_the_last_held_session(world: World) -> None:
    plan_make(world, "Hand over the report", "Coach the deputy")
    backdate(send(world, "Hand over the report", status="in_progress", progress=10, comment="old news"),
             datetime(2027, 1, 20, 9, tzinfo=UTC))  # fmt: skip
    held(world, datetime(2027, 1, 25, 10, tzinfo=UTC))
    Session.objects.create(  # a cancelled session later on does not move the line
        engagement=world.engagement,
        starts_at=datetime(2027, 2, 1, 10, tzinfo=UTC),
        minutes=60,
        time_zone="Europe/London",
        status="cancelled",
    )
    backdate(send(world, "Hand over the report", status="in_progress", progress=50, comment="halfway"),
             datetime(2027, 2, 2, 9, tzinfo=UTC))  # fmt: skip
    backdate(send(world, "Hand over the report", status="done", progress=100, comment="handed over"),
             datetime(2027, 2, 5, 9, tzinfo=UTC))  # fmt: skip
    backdate(send(world, "Coach the deputy", status="in_progress", progress=20),
             datetime(2027, 2, 3, 9, tzinfo=UTC))  # fmt: skip

    changes = changes_since_last_session(world.engagement)
    assert [(c.action, c.comment, c.progress) for c in changes] == [
        ("Hand over the report", "handed over", 100),
        ("Hand over the report", "halfway", 50),
        ("Coach the deputy", "", 20),
    ]
    assert (changes[0].status_before, changes[0].status, changes[0].status_changed) == ("in_progress", "done", True)
    assert changes[0].author == world.executive.full_name
    page = client_for(world.coach).get(url(world)).content.decode()
    assert "What changed since the last session" in page
    assert "handed over" in page and "In progress → done" not in page  # labels are lower case
    assert "in progress → done" in page
    assert "Send my check-in" not in page


def test_with_no_session_held_every_check_in_counts(world: World) -> None:
    plan_make(world, "Hand over the report")
    send(world, "Hand over the report", status="in_progress", progress=10)
    assert len(changes_since_last_session(world.engagement)) == 1


def test_a_status_changed_on_the_plan_after_the_last_check_in_is_reported(world: World) -> None:
    plan_make(world, "Hand over the report")
    backdate(send(world, "Hand over the report", status="in_progress", progress=60),
             timezone.now() - timedelta(days=2))  # fmt: skip
    action = KeyAction.objects.get(description="Hand over the report")
    action.status, action.completed_on = "dropped", None
    action.save()
    changes = changes_since_last_session(world.engagement)
    assert [(c.via_checkin, c.status_before, c.status) for c in changes] == [
        (True, "not_started", "in_progress"),
        (False, "in_progress", "dropped"),
    ]


def test_check_in_due_until_the_executive_sends_one_after_the_last_held_session(world: World) -> None:
    plan_make(world, "Hand over the report")
    assert checkin_due(world.engagement, today=START - timedelta(days=1)) is False  # not started yet
    assert checkin_due(world.engagement, today=START + timedelta(days=3)) is True
    backdate(send(world, "Hand over the report", status="in_progress", progress=10),
             datetime(2027, 1, 14, 9, tzinfo=UTC))  # fmt: skip
    assert checkin_due(world.engagement, today=date(2027, 1, 15)) is False
    held(world, datetime(2027, 1, 20, 10, tzinfo=UTC))
    assert checkin_due(world.engagement, today=date(2027, 1, 20)) is False  # the session is today
    assert checkin_due(world.engagement, today=date(2027, 1, 27)) is True
    KeyAction.objects.update(status="dropped")
    assert checkin_due(world.engagement, today=date(2027, 1, 27)) is False  # nothing open


@pytest.mark.parametrize("role", ["sponsor", "admin", "other_coach", "outsider"])
def test_people_outside_check_ins_get_a_404(world: World, role: str) -> None:
    plan_make(world, "Hand over the report")
    assert client_for(world.user(role)).get(url(world)).status_code == 404


def test_the_coach_cannot_send_a_check_in(world: World) -> None:
    plan_make(world, "Hand over the report")
    data = form_data(world, **{"Hand over the report": {"status": "in_progress", "progress": 30}})
    assert client_for(world.coach).post(url(world), data).status_code == 403
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("who", ["executive", "coach"])
def test_the_check_in_page_makes_the_same_number_of_queries_for_1_and_30_actions(world: World, who: str) -> None:
    goal = plan_make(world, "Action 0")
    client = client_for(getattr(world, who))
    counts = []
    for more in (0, 29):
        actions = KeyAction.objects.bulk_create(
            KeyAction(goal=goal, description=f"Action {k}", position=k) for k in range(1, more + 1)
        )
        for action in actions:
            CheckIn.objects.create(key_action=action, author=world.executive, status="in_progress", progress=10)
        client.get(url(world))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_demo_checkins_leaves_two_check_ins_in_the_past_weeks(world: World) -> None:
    plan_make(world, "Hand over the report", "Coach the deputy")
    made = demo_checkins(world.engagement, today=date(2027, 3, 1))
    assert len({c.token for c in made}) == 2
    dates = sorted({c.created_at.date() for c in CheckIn.objects.all()})
    assert dates == [date(2027, 2, 13), date(2027, 2, 24)]


def test_a_comment_over_its_limit_is_refused_beside_the_field_and_kept_whole(world: World) -> None:
    plan_make(world, "Hand over the report")
    comment = "Two of the three hand-overs are done. " * 60  # 2,280 characters
    data = form_data(world, **{"Hand over the report": {"status": "in_progress", "comment": comment}})
    response = client_for(world.executive).post(url(world), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep this to 2000 characters; it has 2279. Shorten it: what you typed is kept." in page
    assert comment.strip() in page
    assert "js/fields.js" in page  # the browser shows the room left, and cuts nothing short
    assert not CheckIn.objects.exists()


def _weekly_checkins(world: World, description: str, count: int) -> None:
    """``count`` check-ins on one action, a day apart after the last held session, progress 1, 2, …"""
    action = KeyAction.objects.get(goal__engagement=world.engagement, description=description)
    CheckIn.objects.bulk_create(
        CheckIn(
            key_action=action, author=world.executive, status="in_progress", progress=n + 1, comment=f"Update {n + 1}"
        )
        for n in range(count)
    )
    for n, checkin in enumerate(CheckIn.objects.filter(key_action=action).order_by("progress")):
        backdate([checkin], datetime(2027, 2, 1, 9, tzinfo=UTC) + timedelta(days=n))


def test_what_changed_shows_the_three_newest_check_ins_of_an_action_and_counts_the_rest(world: World) -> None:
    plan_make(world, "Hand over the report", "Coach the deputy")
    session = held(world, datetime(2027, 1, 25, 10, tzinfo=UTC))
    _weekly_checkins(world, "Hand over the report", 10)
    _weekly_checkins(world, "Coach the deputy", 1)
    changes = changes_since_last_session(world.engagement)
    assert [(c.action, c.progress, c.earlier) for c in changes] == [
        ("Hand over the report", 10, 0),
        ("Hand over the report", 9, 0),
        ("Hand over the report", 8, 7),
        ("Coach the deputy", 1, 0),
    ]
    one = {"public_id": world.engagement.public_id}
    pages = (
        client_for(world.coach).get(url(world)).content.decode(),
        client_for(world.coach)
        .get(reverse("session_detail", kwargs=one | {"session_id": session.public_id}))
        .content.decode(),
    )
    for page in pages:
        listed = re.search(r'<ul class="(checkin-)?changes">.*?</ul>', page, re.DOTALL)
        assert listed is not None
        assert "Update 10" in listed[0] and "Update 8" in listed[0] and "Update 7" not in listed[0]
        assert "and 7 earlier check-ins on this action since the last session" in listed[0]


@pytest.mark.parametrize("page", ["checkin", "session_detail"])
def test_the_coachs_pages_make_the_same_number_of_queries_for_1_and_60_check_ins(world: World, page: str) -> None:
    plan_make(world, "Hand over the report", "Coach the deputy")
    session = held(world, datetime(2027, 1, 25, 10, tzinfo=UTC))
    kwargs = {"public_id": world.engagement.public_id}
    path = reverse(page, kwargs=kwargs if page == "checkin" else kwargs | {"session_id": session.public_id})
    client = client_for(world.coach)
    counts = []
    for description, more in (("Hand over the report", 1), ("Coach the deputy", 59)):
        _weekly_checkins(world, description, more)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
