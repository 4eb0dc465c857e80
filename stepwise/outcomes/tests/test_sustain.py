"""Item 6, the sustain plan: what the executive keeps doing, check-in dates with a reminder by mail
on each, the answer to "what changes?"; the executive and the coach write it, also after the close;
the sponsor reads it only when the agreement shares progress, and writes nothing."""

from collections.abc import Callable
from datetime import date, timedelta
from uuid import uuid4

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.feedback.models import Group
from stepwise.outcomes import closing, sustain
from stepwise.outcomes.models import SustainChange, SustainCheckIn
from stepwise.outcomes.tasks_retention import retention_tick
from stepwise.plans import services as plan_services

from .minis_made import goal_approved, mini_answered


def plan_text(world: World) -> str:
    plan = sustain.sustain_plan_of(world.engagement)
    assert plan is not None
    return plan.keep_doing


def plan_url(world: World) -> str:
    return reverse("sustain_plan", kwargs={"public_id": world.engagement.public_id})


def add_url(world: World) -> str:
    return reverse("sustain_checkin_add", kwargs={"public_id": world.engagement.public_id})


def later(world: World, days: int) -> date:
    return max(world.engagement.start_date, timezone.localdate()) + timedelta(days=days)


def test_the_executive_writes_what_they_keep_doing_and_adds_a_check_in(world: World):
    executive = client_for(world.executive)
    saved = executive.post(plan_url(world), {"keep_doing": "A weekly hour with my deputy.", "revision": "0"})
    assert saved.status_code == 302
    day = later(world, 30)
    added = executive.post(
        add_url(world),
        {"checkin-due_on": str(day), "checkin-focus": "The Friday report", "checkin-token": str(uuid4())},
        follow=True,
    )
    body = added.content.decode()
    assert "Check-in added: you and the coach are reminded by mail on" in body
    assert "A weekly hour with my deputy." in body
    assert "The Friday report" in body
    assert SustainCheckIn.objects.get().due_on == day


def test_a_check_in_before_the_start_is_refused_next_to_the_field(world: World):
    response = client_for(world.executive).post(
        add_url(world),
        {
            "checkin-due_on": str(world.engagement.start_date - timedelta(days=1)),
            "checkin-focus": "Too early",
            "checkin-token": str(uuid4()),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose a date after the engagement&#x27;s start" in body
    assert 'value="Too early"' in body  # what was typed is kept
    assert not SustainCheckIn.objects.exists()


def test_a_check_in_in_the_past_is_refused_with_a_message(world: World):
    world.engagement.start_date = timezone.localdate() - timedelta(days=90)
    world.engagement.save()
    response = client_for(world.executive).post(
        add_url(world), {"checkin-due_on": str(timezone.localdate() - timedelta(days=1)), "checkin-token": str(uuid4())}
    )
    assert response.status_code == 400
    assert "Choose a date to come" in response.content.decode()


def test_a_check_in_after_the_retention_ends_is_refused(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    response = client_for(world.coach).post(
        add_url(world), {"checkin-due_on": str(later(world, 5000)), "checkin-token": str(uuid4())}
    )
    assert response.status_code == 400
    assert "the practice removes the engagement" in response.content.decode()


def test_the_same_form_sent_twice_adds_one_check_in(world: World):
    data = {"checkin-due_on": str(later(world, 30)), "checkin-token": str(uuid4())}
    executive = client_for(world.executive)
    assert executive.post(add_url(world), data).status_code == 302
    assert executive.post(add_url(world), data).status_code == 302
    assert SustainCheckIn.objects.count() == 1


def test_two_check_ins_on_one_day_are_refused_with_a_message(world: World):
    day = str(later(world, 30))
    executive = client_for(world.executive)
    executive.post(add_url(world), {"checkin-due_on": day, "checkin-token": str(uuid4())})
    again = executive.post(add_url(world), {"checkin-due_on": day, "checkin-token": str(uuid4())})
    assert again.status_code == 400
    assert "There is a check-in on this date already." in again.content.decode()


def test_two_tabs_editing_the_plan_do_not_overwrite_each_other(world: World):
    executive = client_for(world.executive)
    assert executive.post(plan_url(world), {"keep_doing": "First", "revision": "0"}).status_code == 302
    stale = executive.post(plan_url(world), {"keep_doing": "Second", "revision": "0"})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Second" in body  # what they typed, kept
    assert "The version saved meanwhile" in body and "First" in body
    assert plan_text(world) == "First"


def test_the_plan_stays_writable_after_the_close(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    executive = client_for(world.executive)
    page = executive.get(plan_url(world)).content.decode()
    assert "The engagement is closed; this plan stays open" in page
    assert executive.post(plan_url(world), {"keep_doing": "Still the weekly hour.", "revision": "0"}).status_code == 302
    assert plan_text(world) == "Still the weekly hour."


def test_the_sponsor_reads_the_plan_under_an_agreement_sharing_progress_and_writes_nothing(world: World):
    sponsor = client_for(world.sponsor)
    assert sponsor.get(plan_url(world)).status_code == 404  # a draft agreement shares nothing
    agreement_sign_by_all(world)
    sustain.sustain_plan_save(engagement=world.engagement, keep_doing="A weekly hour.", revision=None)
    page = sponsor.get(plan_url(world))
    assert page.status_code == 200
    assert "A weekly hour." in page.content.decode()
    assert "<textarea" not in page.content.decode()
    assert sponsor.post(plan_url(world), {"keep_doing": "Sponsor's idea", "revision": "1"}).status_code == 403


def test_the_answer_to_what_changes_is_kept_per_goal(world: World):
    goal = plan_services.goal_create(engagement=world.engagement, title="Delegate the weekly report", token=uuid4())
    url = reverse("sustain_change", kwargs={"public_id": world.engagement.public_id, "goal_id": goal.public_id})
    assert client_for(world.executive).post(url, {"answer": "", "revision": "0"}).status_code == 400
    assert (
        client_for(world.executive).post(url, {"answer": "Ask two peers monthly.", "revision": "0"}).status_code == 302
    )
    assert SustainChange.objects.get(goal=goal).answer == "Ask two peers monthly."


def test_the_executive_and_the_coach_are_reminded_on_the_check_in_date_once(world: World, run_worker: Callable):
    checkin = sustain.sustain_checkin_add(engagement=world.engagement, due_on=later(world, 10))
    run_worker()
    mail.outbox.clear()

    assert sustain.sustain_reminders_send(today=checkin.due_on - timedelta(days=1)) == 0
    SustainCheckIn.objects.filter(pk=checkin.pk).update(due_on=timezone.localdate())
    retention_tick.enqueue()
    run_worker()
    retention_tick.enqueue()
    run_worker()

    assert sorted(m.to[0] for m in mail.outbox) == [world.coach.email, world.executive.email]
    assert all("Sustain plan check-in today" in m.subject for m in mail.outbox)
    assert all(plan_url(world) in m.body for m in mail.outbox)


def test_reminders_still_go_out_after_the_close(world: World, run_worker: Callable):
    checkin = sustain.sustain_checkin_add(engagement=world.engagement, due_on=later(world, 10))
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    run_worker()
    mail.outbox.clear()
    assert sustain.sustain_reminders_send(today=checkin.due_on) == 1
    run_worker()
    assert len(mail.outbox) == 2


def test_the_plan_asks_what_changes_for_the_goal_the_latest_mini_survey_shows_declining(world: World):
    declining = goal_approved(world, "Delegate the weekly report")
    goal_approved(world, "Listen before deciding")
    answers = [[(-2, 1), (1, 3)], [(-3, 1), (2, 4)], [(-2, 2), (0, 3)], [(-1, 1), (1, 3)], [(-2, 1), (1, 4)]]
    mini_answered(world, date(2027, 4, 11), {Group.PEER: answers})
    page = client_for(world.executive).get(plan_url(world)).content.decode()
    asked = page[page.index("shows these goals declining. What changes?") :]
    assert "Delegate the weekly report" in asked and "Listen before deciding" not in asked
    response = client_for(world.executive).post(
        reverse("sustain_change", kwargs={"public_id": world.engagement.public_id, "goal_id": declining.public_id}),
        {"revision": 0, "answer": "I hand over one report a week, starting Monday."},
    )
    assert response.status_code == 302
    assert SustainChange.objects.get(goal=declining).answer == "I hand over one report a week, starting Monday."
