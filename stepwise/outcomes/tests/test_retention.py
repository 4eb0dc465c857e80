"""Item 8, retention: the worker removes the coaching content of engagements closed longer than
the practice keeps it, exactly what its record says, nothing of another engagement, and keeps
what the closing report and the ROI need. The practice admin sets the time and sees what is due."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, agreement_sign_by_all, client_for, engagement_make, participant_join
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement, Participant
from stepwise.meetings.models import Session
from stepwise.meetings.services.messaging import message_send
from stepwise.meetings.services.sessions import agenda_add, private_note_save
from stepwise.outcomes import closing, sustain
from stepwise.outcomes.models import Closure, RetentionRecord
from stepwise.outcomes.retention import CONTENT, retention_counts, retention_ends_on, retention_setting_save
from stepwise.outcomes.tasks_retention import retention_tick
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal, Measure, Reading
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import WorksheetTemplate


def content_make(engagement: Engagement, coach, executive) -> None:
    """Some of everything: a goal with its deep dive, action, measure and reading, a session with
    notes and an agenda, a message, a worksheet, the sustain plan with a check-in."""
    goal = plan_services.goal_create(engagement=engagement, title="Delegate the weekly report", token=uuid4())
    plan_services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={"different": "My team runs it.", "pain": "Late every Friday."},
        actions=[
            {
                "id": None,
                "description": "Hand over the report",
                "target_date": None,
                "owner": "",
                "status": "not_started",
                "completed_on": None,
            }
        ],
        measures=[{"id": None, "name": "Hours on the report", "unit": "h", "baseline": 6, "target": 1}],
        user=executive,
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    plan_services.reading_add(measure=goal.measures.get(), taken_on=yesterday, value=Decimal(4), user=executive)
    session = Session.objects.create(
        engagement=engagement,
        starts_at=datetime(2027, 2, 1, 10, tzinfo=UTC),
        minutes=60,
        time_zone="Europe/London",
        where="https://meet.example/abc",
    )
    agenda_add(session=session, text="The Friday report", user=executive)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD, shared_notes="The Friday report.")
    private_note_save(session=session, author=coach, text="Seems tired.")
    message_send(
        engagement=engagement,
        author=executive,
        body="Can we move Thursday?",
        token=uuid4(),
        now=datetime(2027, 2, 3, 9, tzinfo=UTC),
    )
    worksheet_services.worksheet_assign(
        engagement=engagement,
        template=WorksheetTemplate.objects.get(slug="thought-starters"),
        assigned_by=coach,
        due_date=None,
    )
    sustain.sustain_plan_save(engagement=engagement, keep_doing="A weekly hour with my deputy.", revision=None)
    sustain.sustain_checkin_add(
        engagement=engagement, due_on=max(engagement.start_date, timezone.localdate()) + timedelta(days=20)
    )


@pytest.fixture
def two(world: World) -> tuple[Engagement, Engagement]:
    """The world's engagement, and another of the same coach holding the same content."""
    agreement_sign_by_all(world)
    other = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="olly@acme.test")
    other_executive = participant_join(other.participants.get(role=Participant.Role.EXECUTIVE))
    engagement_services.stakeholder_save(
        engagement=other, name="Quinn Peer", email="quinn@acme.test", relationship="peer"
    )
    content_make(world.engagement, world.coach, world.executive)
    content_make(other, world.coach, other_executive)
    return world.engagement, other


def closed_days_ago(engagement: Engagement, by, days: int) -> None:
    closure = closing.engagement_close(engagement=engagement, by=by)
    Closure.objects.filter(pk=closure.pk).update(closed_on=timezone.localdate() - timedelta(days=days))


def test_the_worker_removes_exactly_what_the_record_says_and_nothing_of_another_engagement(
    world: World, two, run_worker: Callable[[], int]
):
    mine, other = two
    retention_setting_save(retention_days=30, revision=None)
    closed_days_ago(mine, world.coach, 31)
    before, other_before = retention_counts(mine), retention_counts(other)
    assert before["meetings.PrivateNote"] == 1 and before["outcomes.SustainPlan"] == 1

    retention_tick.enqueue()
    run_worker()

    record = RetentionRecord.objects.get(engagement=mine)
    after = retention_counts(mine)
    deleted_tables = {item.label(mine) for item in CONTENT if item.blank is None and item.blank_row is None}
    for table in deleted_tables:
        assert after[table] == 0, table
        assert record.deleted[table] == before[table], table
    assert record.anonymised == {
        "meetings.Session": 1,
        "plans.GoalDecision": before["plans.GoalDecision"],
        "plans.Goal": 1,
        "engagements.Stakeholder": 1,
    }
    assert retention_counts(other) == other_before
    assert RetentionRecord.objects.filter(engagement=other).count() == 0


def test_what_the_closing_report_and_roi_need_is_kept(world: World, two, run_worker):
    mine, other = two
    retention_setting_save(retention_days=30, revision=None)
    closed_days_ago(mine, world.coach, 31)
    retention_tick.enqueue()
    run_worker()

    goal = Goal.objects.get(engagement=mine)
    assert goal.title == "Delegate the weekly report"
    assert goal.different == "" and goal.pain == ""
    assert Reading.objects.filter(measure__goal=goal).count() == 1
    assert Measure.objects.get(goal=goal).baseline == 6
    session = Session.objects.get(engagement=mine)
    assert session.status == Session.Status.HELD and session.shared_notes == ""
    stakeholder = mine.stakeholders.get()
    assert stakeholder.name == "Stakeholder" and stakeholder.relationship == "peer"
    assert "pat@acme.test" not in stakeholder.email
    assert other.stakeholders.get().name == "Quinn Peer"


def test_nothing_is_removed_before_the_retention_ends(world: World, two, run_worker):
    mine, _other = two
    retention_setting_save(retention_days=30, revision=None)
    closed_days_ago(mine, world.coach, 30)  # its last day is today
    before = retention_counts(mine)

    retention_tick.enqueue()
    run_worker()

    assert retention_counts(mine) == before
    assert not RetentionRecord.objects.exists()
    assert retention_ends_on(mine) == timezone.localdate()


def test_a_second_run_changes_nothing(world: World, two, run_worker):
    mine, _other = two
    retention_setting_save(retention_days=1, revision=None)
    closed_days_ago(mine, world.coach, 5)
    retention_tick.enqueue()
    run_worker()
    first = RetentionRecord.objects.get()

    retention_tick.enqueue()
    run_worker()

    assert list(RetentionRecord.objects.all()) == [first]


def test_an_open_engagement_has_no_retention_end(world: World):
    assert retention_ends_on(world.engagement) is None


def overview() -> str:
    return reverse("retention_overview")


def test_the_practice_admin_sees_what_is_due_and_what_was_done(world: World, two, run_worker):
    mine, other = two
    retention_setting_save(retention_days=30, revision=None)
    closed_days_ago(mine, world.coach, 40)
    closed_days_ago(other, world.coach, 10)
    admin = client_for(world.admin)

    body = admin.get(overview()).content.decode()
    assert "due: removed at the worker" in body
    assert body.count("due: removed at the worker") == 1

    retention_tick.enqueue()
    run_worker()
    body = admin.get(overview()).content.decode()
    assert "meetings.PrivateNote" in body
    assert "Processed on" in body
    assert "due: removed at the worker" not in body


@pytest.mark.parametrize(
    "days, message", [("0", "at least one day"), ("-5", "at least one day"), ("many", "whole number")]
)
def test_a_retention_of_no_days_is_refused_with_a_message(world: World, days, message):
    response = client_for(world.admin).post(overview(), {"retention_days": days, "revision": "0"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert retention_ends_on(world.engagement) is None


def test_two_admins_editing_the_retention_do_not_overwrite_each_other(world: World):
    admin = client_for(world.admin)
    assert admin.post(overview(), {"retention_days": "365", "revision": "0"}).status_code == 302
    stale = admin.post(overview(), {"retention_days": "90", "revision": "0"})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Someone else saved this" in body
    assert "The setting saved meanwhile: 365 days." in body
    assert 'value="90"' in body


def test_the_sustain_plan_of_an_engagement_past_retention_takes_no_more_writes(world: World, two, run_worker):
    mine, _other = two
    retention_setting_save(retention_days=1, revision=None)
    closed_days_ago(mine, world.coach, 5)
    retention_tick.enqueue()
    run_worker()
    executive = client_for(world.executive)
    url = reverse("sustain_plan", kwargs={"public_id": mine.public_id})
    assert "<textarea" not in executive.get(url).content.decode()

    response = executive.post(url, {"keep_doing": "Back again?", "revision": "0"})

    assert response.status_code == 403
    assert "removed this engagement&#x27;s coaching content" in response.content.decode()
    assert retention_counts(mine)["outcomes.SustainPlan"] == 0
