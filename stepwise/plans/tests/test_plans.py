"""Steps 3–4: goals and their deep dive, key actions, measures and readings, the sponsor's approval,
the plan page and its PDF."""

import io
import re
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.dashboard.selectors import engagements_with_progress, step_of
from stepwise.engagements.models import Engagement
from stepwise.plans import services
from stepwise.plans.models import Goal, GoalDecision, KeyAction, Measure, Reading
from stepwise.worksheets.models import Assessment, TemplateVersion, Worksheet

TODAY = timezone.localdate()


def signed(world: World, **sharing: bool) -> Agreement:
    if sharing:
        Agreement.objects.filter(pk=world.agreement.pk).update(**sharing)
        world.agreement.refresh_from_db()
    world.agreement = agreement_sign_by_all(world)
    return world.agreement


def goal_make(world: World, title: str = "Delegate the weekly report to my deputy by 31 March 2027") -> Goal:
    return services.goal_create(engagement=world.engagement, title=title, token=uuid.uuid4())


def goal_url(goal: Goal, name: str = "goal_detail") -> str:
    return reverse(name, kwargs={"public_id": goal.engagement.public_id, "goal_id": goal.public_id})


def plan_url(world: World, name: str = "plan_detail") -> str:
    return reverse(name, kwargs={"public_id": world.engagement.public_id})


def form_data(goal: Goal, **changes: Any) -> dict[str, Any]:
    """What the goal page posts for ``goal`` as saved, with ``changes`` typed in."""
    goal.refresh_from_db()
    data: dict[str, Any] = {
        "title": goal.title,
        "different": goal.different,
        "why_me": goal.why_me,
        "measured_how": goal.measured_how,
        "success_when": goal.success_when,
        "revision": goal.revision,
    }
    actions = list(goal.actions.all())
    measures = list(goal.measures.all())
    data.update({"actions-TOTAL_FORMS": len(actions), "actions-INITIAL_FORMS": len(actions)})
    for i, a in enumerate(actions):
        data.update(
            {
                f"actions-{i}-id": a.public_id,
                f"actions-{i}-description": a.description,
                f"actions-{i}-target_date": a.target_date.isoformat() if a.target_date else "",
                f"actions-{i}-owner": a.owner,
                f"actions-{i}-status": a.status,
                f"actions-{i}-completed_on": a.completed_on.isoformat() if a.completed_on else "",
            }
        )
    data.update({"measures-TOTAL_FORMS": len(measures), "measures-INITIAL_FORMS": len(measures)})
    for i, m in enumerate(measures):
        data.update(
            {
                f"measures-{i}-id": m.public_id,
                f"measures-{i}-name": m.name,
                f"measures-{i}-unit": m.unit,
                f"measures-{i}-baseline": str(m.baseline),
                f"measures-{i}-target": str(m.target),
            }
        )
    data.update(changes)
    return data


def add_action(data: dict[str, Any], description: str, target: Any = "", status: str = "not_started") -> None:
    i = int(data["actions-TOTAL_FORMS"])
    data.update(
        {
            f"actions-{i}-description": description,
            f"actions-{i}-target_date": target.isoformat() if target else "",
            f"actions-{i}-owner": "",
            f"actions-{i}-status": status,
            f"actions-{i}-completed_on": "",
            "actions-TOTAL_FORMS": i + 1,
        }
    )


def add_measure(data: dict[str, Any], name: str, unit: str, baseline: str, target: str) -> None:
    i = int(data["measures-TOTAL_FORMS"])
    data.update(
        {
            f"measures-{i}-name": name,
            f"measures-{i}-unit": unit,
            f"measures-{i}-baseline": baseline,
            f"measures-{i}-target": target,
            "measures-TOTAL_FORMS": i + 1,
        }
    )


def full_goal(world: World, title: str = "Delegate the weekly report to my deputy by 31 March 2027") -> Goal:
    """A goal with its deep dive, three actions (one overdue) and a measure with two readings."""
    goal = goal_make(world, title)
    data = form_data(
        goal,
        different="My deputy runs the weekly report; I review it in ten minutes.",
        why_me="I get Friday afternoons back for strategy.",
        measured_how="Hours I spend on the report each week.",
        success_when="The report goes out on time without me touching it.",
        pain="I stay the bottleneck and my deputy leaves.",
    )
    add_action(data, "Walk my deputy through the report", TODAY + timedelta(days=10))
    add_action(data, "Agree the review checklist", TODAY - timedelta(days=3))
    add_action(data, "Hand over the first report", TODAY + timedelta(days=20))
    add_measure(data, "Hours on the report", "h", "6", "1")
    response = client_for(world.executive).post(goal_url(goal), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = goal.measures.get()
    services.reading_add(measure=measure, taken_on=TODAY - timedelta(days=14), value=Decimal(6), user=world.executive)
    services.reading_add(measure=measure, taken_on=TODAY - timedelta(days=7), value=Decimal(4), user=world.executive)
    goal.refresh_from_db()
    return goal


def pdf_text(response: Any) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def assessment_done(world: World) -> None:
    """Step 2 done: a worksheet submitted and the coach's assessment shared."""
    Assessment.objects.create(engagement=world.engagement, author=world.coach, shared_with_executive=True)
    Worksheet.objects.create(
        engagement=world.engagement,
        version=TemplateVersion.objects.filter(template__slug="thought-starters").latest("number"),
        assigned_by=world.coach,
        status=Worksheet.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def step(world: World) -> int:
    return step_of(engagements_with_progress(Engagement.objects.filter(pk=world.engagement.pk)).get())


# Goals


def test_the_same_create_form_sent_twice_makes_one_goal(world: World) -> None:
    client = client_for(world.executive)
    data = {"title": "Run shorter staff meetings", "token": str(uuid.uuid4())}
    first = client.post(plan_url(world, "goal_create"), data)
    second = client.post(plan_url(world, "goal_create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Goal.objects.filter(engagement=world.engagement).count() == 1


def test_an_empty_goal_is_refused_beside_the_field(world: World) -> None:
    response = client_for(world.executive).post(plan_url(world, "goal_create"), {"title": "  ", "token": uuid.uuid4()})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Goal.objects.exists()


def test_the_create_page_shows_the_smart_check_of_what_was_typed(world: World) -> None:
    response = client_for(world.executive).post(
        plan_url(world, "smart_check"), {"title": "Be a better leader", "measured_how": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-criterion="measurable" data-met="no"' in page
    assert 'data-criterion="time_bound" data-met="no"' in page
    good = client_for(world.executive).post(
        plan_url(world, "smart_check"),
        {"title": "Delegate the weekly board report to my deputy by 31 March 2027, cutting my hours on it from 6 to 1"},
    )
    assert 'data-criterion="time_bound" data-met="yes"' in good.content.decode()
    assert 'data-criterion="measurable" data-met="yes"' in good.content.decode()


def test_the_deep_dive_actions_and_measures_save_together_and_show_on_the_plan(world: World) -> None:
    goal = full_goal(world)
    assert [a.description for a in goal.actions.all()] == [
        "Walk my deputy through the report",
        "Agree the review checklist",
        "Hand over the first report",
    ]
    assert all(a.owner == world.executive.full_name for a in goal.actions.all())
    # As a browser reads it: each run of spaces and line breaks is one space.
    page = " ".join(client_for(world.coach).get(plan_url(world)).content.decode().split())
    assert "I get Friday afternoons back for strategy." in page
    assert "3 key actions · 0 done" in page
    assert "1 overdue" in page
    assert page.count('class="overdue"') == 1
    assert "from 6 to 1 h" in page
    assert "latest 4 h" in page
    assert "40% of the way" in page
    assert "<svg" in page and "Target: 1" in page


def test_a_goal_page_warns_about_past_dates_and_dates_after_the_engagement(world: World) -> None:
    goal = goal_make(world)
    data = form_data(goal)
    add_action(data, "Late already", TODAY - timedelta(days=2))
    add_action(data, "After the end", world.engagement.end_date + timedelta(days=30))
    assert client_for(world.executive).post(goal_url(goal), data).status_code == 302
    page = client_for(world.executive).get(goal_url(goal)).content.decode()
    assert "This date has passed, so the action shows as overdue." in page
    assert "after the engagement ends on" in page
    assert world.engagement.end_date.strftime("%-d %B %Y") in page


def test_five_action_rows_are_offered_and_more_may_be_added(world: World) -> None:
    goal = goal_make(world)
    page = client_for(world.executive).get(goal_url(goal)).content.decode()
    assert 'name="actions-TOTAL_FORMS" value="5"' in page
    data = form_data(goal)
    for n in range(7):
        add_action(data, f"Action {n + 1}", TODAY + timedelta(days=n + 1))
    assert client_for(world.executive).post(goal_url(goal), data).status_code == 302
    assert goal.actions.count() == 7
    page = client_for(world.executive).get(goal_url(goal)).content.decode()
    assert 'name="actions-TOTAL_FORMS" value="8"' in page  # the seven and one blank row


def test_a_completion_date_in_the_future_is_refused_and_nothing_typed_is_lost(world: World) -> None:
    goal = goal_make(world)
    data = form_data(goal, why_me="Typed and must survive.")
    add_action(data, "Finish it", TODAY + timedelta(days=5), status="done")
    data["actions-0-completed_on"] = (TODAY + timedelta(days=1)).isoformat()
    response = client_for(world.executive).post(goal_url(goal), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This date is in the future" in page
    assert "Typed and must survive." in page
    assert not KeyAction.objects.exists()


def test_done_without_a_date_is_done_today_and_undone_clears_it(world: World) -> None:
    goal = goal_make(world)
    data = form_data(goal)
    add_action(data, "Finish it", TODAY + timedelta(days=5), status="done")
    client_for(world.executive).post(goal_url(goal), data)
    action = KeyAction.objects.get()
    assert action.completed_on == TODAY
    client_for(world.executive).post(goal_url(goal), form_data(goal, **{"actions-0-status": "in_progress"}))
    action.refresh_from_db()
    assert action.completed_on is None


def test_a_target_equal_to_the_baseline_gets_a_clear_message(world: World) -> None:
    goal = goal_make(world)
    data = form_data(goal, different="Kept while the measure is wrong.")
    add_measure(data, "Engagement score", "%", "70", "70")
    response = client_for(world.executive).post(goal_url(goal), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The target equals the baseline" in page
    assert "Kept while the measure is wrong." in page
    assert not Measure.objects.exists()
    goal.refresh_from_db()
    assert goal.different == ""


def test_two_people_editing_at_once_do_not_overwrite_each_other(world: World) -> None:
    goal = goal_make(world)
    coach_form = form_data(goal, different="The coach's wording.")
    executive_form = form_data(goal, different="The executive's wording.")
    assert client_for(world.coach).post(goal_url(goal), coach_form).status_code == 302
    response = client_for(world.executive).post(goal_url(goal), executive_form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this goal while you were editing it" in page
    assert "The executive&#x27;s wording." in page  # what they typed is still in the form
    assert "The coach&#x27;s wording." in page  # and the saved version beside it
    goal.refresh_from_db()
    assert goal.different == "The coach's wording."
    # Having compared, they save again from the page they were given: it now carries the new revision.
    assert f'name="revision" value="{goal.revision}"' in page
    executive_form["revision"] = goal.revision
    assert client_for(world.executive).post(goal_url(goal), executive_form).status_code == 302


def test_a_double_submit_of_the_goal_page_adds_the_new_action_once(world: World) -> None:
    goal = goal_make(world)
    data = form_data(goal)
    add_action(data, "Book the offsite", TODAY + timedelta(days=9))
    client = client_for(world.executive)
    assert client.post(goal_url(goal), data).status_code == 302
    assert client.post(goal_url(goal), data).status_code == 302
    assert goal.actions.count() == 1


def test_values_from_the_retirement_party_can_be_linked(world: World) -> None:
    from stepwise.worksheets import services as worksheet_services
    from stepwise.worksheets.models import WorksheetTemplate

    worksheet = worksheet_services.worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.get(slug="retirement-party"),
        assigned_by=world.coach,
        due_date=None,
    )
    worksheet_services.worksheet_save(
        worksheet=worksheet,
        raw={"values": [{"value": "Integrity"}, {"value": "Growth"}]},
    )
    goal = goal_make(world)
    page = client_for(world.executive).get(goal_url(goal)).content.decode()
    assert 'value="Integrity"' in page and 'value="Growth"' in page
    response = client_for(world.executive).post(goal_url(goal), form_data(goal, values=["Growth"]))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.values == ["Growth"]
    bad = client_for(world.executive).post(goal_url(goal), form_data(goal, values=["Not mine"]))
    assert bad.status_code == 400


def test_the_five_lists_count_towards_three_answers(world: World) -> None:
    goal = goal_make(world)
    data = form_data(goal, shift_stop="- Rewriting my team's slides\n2. Answering mail in meetings\n", shift_start="")
    client_for(world.executive).post(goal_url(goal), data)
    goal.refresh_from_db()
    assert goal.shift_answers("stop") == ["Rewriting my team's slides", "Answering mail in meetings"]
    page = client_for(world.executive).get(goal_url(goal)).content.decode()
    assert "2 of at least 3" in page


# Measures and readings


def reading_url(measure: Measure) -> str:
    return reverse(
        "reading_add", kwargs={"public_id": measure.goal.engagement.public_id, "measure_id": measure.public_id}
    )


def test_a_reading_in_another_unit_is_refused_with_the_measure_s_unit(world: World) -> None:
    goal = full_goal(world)
    measure = goal.measures.get()
    response = client_for(world.executive).post(
        reading_url(measure), {"taken_on": TODAY.isoformat(), "value": "3 days"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This measure is counted in h, not “days”" in page
    assert 'value="3 days"' in page
    assert measure.readings.count() == 2
    ok = client_for(world.executive).post(reading_url(measure), {"taken_on": TODAY.isoformat(), "value": "3 h"})
    assert ok.status_code == 302
    assert measure.readings.get(taken_on=TODAY).value == Decimal(3)


def test_the_same_reading_twice_is_kept_once_and_a_different_one_for_the_day_is_refused(world: World) -> None:
    goal = full_goal(world)
    measure = goal.measures.get()
    client = client_for(world.executive)
    assert client.post(reading_url(measure), {"taken_on": TODAY.isoformat(), "value": "2"}).status_code == 302
    assert client.post(reading_url(measure), {"taken_on": TODAY.isoformat(), "value": "2"}).status_code == 302
    assert measure.readings.filter(taken_on=TODAY).count() == 1
    response = client.post(reading_url(measure), {"taken_on": TODAY.isoformat(), "value": "5"})
    assert response.status_code == 400
    assert "There is already a reading for" in response.content.decode()
    assert measure.readings.get(taken_on=TODAY).value == Decimal(2)


def test_a_reading_in_the_future_is_refused(world: World) -> None:
    measure = full_goal(world).measures.get()
    response = client_for(world.executive).post(
        reading_url(measure), {"taken_on": (TODAY + timedelta(days=3)).isoformat(), "value": "2"}
    )
    assert response.status_code == 400
    assert "in the future" in response.content.decode()


def test_a_reading_can_be_removed(world: World) -> None:
    measure = full_goal(world).measures.get()
    reading = measure.readings.earliest("taken_on")
    url = reverse("reading_remove", kwargs={"public_id": world.engagement.public_id, "reading_id": reading.public_id})
    assert client_for(world.executive).post(url).status_code == 302
    assert not Reading.objects.filter(pk=reading.pk).exists()


# The sponsor


def test_the_sponsor_approves_a_goal_and_a_later_change_asks_again(world: World, run_worker) -> None:
    signed(world)
    assessment_done(world)
    goal = full_goal(world)
    run_worker()
    mail.outbox.clear()
    assert client_for(world.executive).post(goal_url(goal, "goal_ask_approval")).status_code == 302
    client_for(world.executive).post(goal_url(goal, "goal_ask_approval"))  # a double click mails once
    run_worker()
    (asked,) = [m for m in mail.outbox if world.sponsor.email in m.to]
    assert "for your approval" in asked.subject
    assert goal_url(goal) in asked.body

    sponsor = client_for(world.sponsor)
    page = sponsor.get(goal_url(goal)).content.decode()
    assert "Your approval is asked" in page
    assert "I get Friday afternoons back" not in page  # the executive's reasons stay private
    goal.refresh_from_db()
    response = sponsor.post(goal_url(goal), {"decision": "approved", "comment": "Good one.", "revision": goal.revision})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.APPROVED and goal.approved_by == world.sponsor
    decision = GoalDecision.objects.get()
    assert decision.comment == "Good one." and decision.snapshot["title"] == goal.title
    run_worker()
    assert any(world.executive.email in m.to and "Goal approved" in m.subject for m in mail.outbox)
    assert step(world) == 5  # deep dive done, approved, actions and a measure: on to step 5

    # A change to what was approved sends it back, with the change shown word by word.
    mail.outbox.clear()
    new_title = "Delegate the weekly report to my deputy by 28 February 2027"
    assert client_for(world.executive).post(goal_url(goal), form_data(goal, title=new_title)).status_code == 302
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.PENDING
    run_worker()
    (again,) = [m for m in mail.outbox if world.sponsor.email in m.to]
    assert "changed since you approved it" in again.subject
    page = sponsor.get(goal_url(goal)).content.decode()
    assert "The goal changed since you approved it" in page
    assert "<del>" in page and "31 March" in page and "<ins>" in page and "28 February" in page
    assert step(world) == 3
    # A private change (the executive's reasons) does not bother the sponsor again.
    sponsor.post(goal_url(goal), {"decision": "approved", "comment": "", "revision": goal.revision})
    client_for(world.executive).post(goal_url(goal), form_data(goal, why_me="Time with my family."))
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.APPROVED


def test_the_sponsor_asks_for_changes_with_a_comment(world: World, run_worker) -> None:
    signed(world)
    goal = full_goal(world)
    services.goal_ask_approval(goal=goal)
    goal.refresh_from_db()
    sponsor = client_for(world.sponsor)
    missing = sponsor.post(goal_url(goal), {"decision": "changes", "comment": "", "revision": goal.revision})
    assert missing.status_code == 400
    assert "Say which changes you would like" in missing.content.decode()
    sponsor.post(
        goal_url(goal), {"decision": "changes", "comment": "Include the board pack.", "revision": goal.revision}
    )
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.CHANGES
    page = client_for(world.executive).get(goal_url(goal)).content.decode()
    assert "Include the board pack." in page
    assert "Save and send the changed goal to the sponsor" in page

    # Changing what the sponsor decided on sends it back, saying so and showing what changed.
    run_worker()
    mail.outbox.clear()
    changed = form_data(goal, success_when="The board pack goes out on time without me.")
    assert client_for(world.executive).post(goal_url(goal), changed).status_code == 302
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.PENDING
    run_worker()
    (again,) = [m for m in mail.outbox if world.sponsor.email in m.to]
    assert "changed as you asked" in again.subject
    page = sponsor.get(goal_url(goal)).content.decode()
    assert "The goal changed since you asked for changes" in page
    assert '<ins><span class="visually-hidden">added: </span>board pack</ins>' in page


def test_the_executive_is_told_to_send_goals_then_to_wait(world: World) -> None:
    from stepwise.dashboard.selectors import engagements_for_home, next_action

    signed(world)
    assessment_done(world)
    goal = goal_make(world)
    client_for(world.executive).post(
        goal_url(goal), form_data(goal, different="d", why_me="w", measured_how="m", success_when="s")
    )

    def hint() -> str:
        (engagement,) = engagements_for_home(world.executive)
        return next_action(engagement, world.executive)

    assert hint() == "Ask your sponsor to approve each goal, from the goal's page."
    services.goal_ask_approval(goal=goal)
    assert hint() == "Waiting for the sponsor to approve your goals."
    (engagement,) = engagements_for_home(world.sponsor)
    assert next_action(engagement, world.sponsor) == "A coaching goal is waiting for your approval."


def test_a_sponsor_deciding_on_a_goal_changed_meanwhile_is_told_to_read_it_again(world: World) -> None:
    signed(world)
    goal = full_goal(world)
    services.goal_ask_approval(goal=goal)
    goal.refresh_from_db()
    seen = goal.revision
    client_for(world.executive).post(goal_url(goal), form_data(goal, success_when="Changed meanwhile."))
    response = client_for(world.sponsor).post(goal_url(goal), {"decision": "approved", "revision": seen})
    assert response.status_code == 409
    assert "The goal was changed while you were reading it" in response.content.decode()
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.PENDING
    assert not GoalDecision.objects.exists()


def test_without_approval_in_the_agreement_there_is_nothing_to_approve(world: World) -> None:
    signed(world, sponsor_approves_goals=False)
    assessment_done(world)
    goal = full_goal(world)
    response = client_for(world.executive).post(goal_url(goal, "goal_ask_approval"))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.NOT_ASKED
    assert client_for(world.sponsor).post(goal_url(goal), {"decision": "approved", "revision": 1}).status_code == 403
    assert step(world) == 5


def test_the_sponsor_sees_only_what_the_agreement_shares(world: World) -> None:
    goal = full_goal(world)
    sponsor = client_for(world.sponsor)
    assert sponsor.get(plan_url(world)).status_code == 404  # no agreement in force yet
    signed(world, sponsor_sees_goals=False, sponsor_approves_goals=False)
    assert sponsor.get(plan_url(world)).status_code == 404
    assert sponsor.get(goal_url(goal)).status_code == 404
    engagement_page = sponsor.get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()
    assert "Development plan" not in engagement_page


def test_goals_without_progress_hide_status_and_readings_from_the_sponsor(world: World) -> None:
    signed(world, sponsor_sees_progress=False)
    full_goal(world)
    page = client_for(world.sponsor).get(plan_url(world)).content.decode()
    assert "Delegate the weekly report" in page
    assert "Walk my deputy through the report" in page
    assert "overdue" not in page and "latest 4 h" not in page and "<svg" not in page
    assert "I get Friday afternoons back" not in page and "my deputy leaves" not in page
    with_progress = client_for(world.coach).get(plan_url(world)).content.decode()
    assert "overdue" in with_progress


# The plan and its PDF


def test_the_plan_pdf_reads_back_with_goals_actions_measures_and_overdue(world: World) -> None:
    goal = full_goal(world)
    client_for(world.executive).post(
        goal_url(goal), form_data(goal, resources_need="A deputy with time\nA template", shift_start="Delegating early")
    )
    response = client_for(world.executive).get(plan_url(world, "plan_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    for expected in (
        "Development plan",
        "Delegate the weekly report to my deputy",
        "Walk my deputy through the report",
        "overdue",
        "Hours on the report",
        "A deputy with time",
        "Delegating early",
        "I get Friday afternoons back for strategy.",
    ):
        assert expected in text, expected


def test_the_sponsor_s_pdf_leaves_out_the_private_deep_dive(world: World) -> None:
    signed(world)
    full_goal(world)
    text = pdf_text(client_for(world.sponsor).get(plan_url(world, "plan_pdf")))
    assert "Delegate the weekly report" in text
    assert "I get Friday afternoons back" not in text


def test_a_goal_of_another_engagement_is_a_404(world: World) -> None:
    from stepwise.engagements import services as engagement_services

    goal = full_goal(world)
    theirs = engagement_services.engagement_create(
        coach=world.coach,
        organisation=world.organisation,
        title="Another",
        start_date=world.engagement.start_date,
        planned_months=6,
        executive_name="Xavier Exec",
        executive_email="xavier@acme.test",
    )
    url = reverse("goal_detail", kwargs={"public_id": theirs.public_id, "goal_id": goal.public_id})
    assert client_for(world.coach).get(url).status_code == 404


def test_removing_a_goal_removes_its_actions_and_measures(world: World) -> None:
    goal = full_goal(world)
    assert client_for(world.coach).post(goal_url(goal, "goal_delete")).status_code == 302
    assert not Goal.objects.exists() and not KeyAction.objects.exists() and not Reading.objects.exists()


# The tracker


def test_the_tracker_moves_through_steps_3_and_4(world: World) -> None:
    signed(world, sponsor_approves_goals=False)
    assert step(world) == 2
    assessment_done(world)
    assert step(world) == 3
    goal = goal_make(world)
    assert step(world) == 3  # the deep dive is empty
    client_for(world.executive).post(
        goal_url(goal),
        form_data(goal, different="d", why_me="w", measured_how="m", success_when="s"),
    )
    assert step(world) == 4  # no actions or measures yet
    data = form_data(goal)
    add_action(data, "Act", TODAY + timedelta(days=3))
    add_measure(data, "Score", "", "1", "5")
    client_for(world.executive).post(goal_url(goal), data)
    assert step(world) == 5


# Speed


def _plan_with(world: World, goals: int) -> None:
    for n in range(goals):
        goal = goal_make(world, f"Goal number {n}")
        KeyAction.objects.bulk_create(
            KeyAction(goal=goal, description=f"Action {k}", position=k, target_date=TODAY + timedelta(days=k))
            for k in range(4)
        )
        measure = Measure.objects.create(goal=goal, name="Score", unit="%", baseline=10, target=50)
        Reading.objects.bulk_create(
            Reading(measure=measure, taken_on=TODAY - timedelta(days=d), value=20 + d) for d in range(3)
        )


@pytest.mark.parametrize("name", ["plan_detail", "engagement_detail"])
def test_plan_pages_make_the_same_number_of_queries_for_1_and_30_goals(world: World, name: str) -> None:
    signed(world)
    client = client_for(world.executive)
    url = plan_url(world, name) if name != "engagement_detail" else reverse(name, args=[world.engagement.public_id])
    counts = []
    for goals in (1, 29):
        _plan_with(world, goals)
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_goal_page_makes_the_same_number_of_queries_for_1_and_30_actions(world: World) -> None:
    goal = goal_make(world)
    client = client_for(world.executive)
    counts = []
    for actions in (1, 29):
        KeyAction.objects.bulk_create(
            KeyAction(goal=goal, description=f"Action {k}", position=k) for k in range(actions)
        )
        client.get(goal_url(goal))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(goal_url(goal)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_goal_page_makes_the_same_number_of_queries_for_1_and_40_readings_of_4_measures(world: World) -> None:
    goal = goal_make(world)
    client = client_for(world.executive)
    counts = []
    for measures, readings in ((1, 1), (4, 10)):
        goal.measures.all().delete()
        for m in range(measures):
            measure = Measure.objects.create(goal=goal, name=f"Measure {m}", unit="h", baseline=6, target=1)
            Reading.objects.bulk_create(
                Reading(measure=measure, taken_on=TODAY - timedelta(days=7 * d), value=6 - d / 4)
                for d in range(readings)
            )
        client.get(goal_url(goal))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(goal_url(goal))
        assert response.status_code == 200
        assert response.content.decode().count('class="pygal-chart"') == measures
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_sponsor_reads_the_goal_before_the_decision_it_asks_for(world: World) -> None:
    signed(world)
    goal = full_goal(world)
    services.goal_ask_approval(goal=goal)
    page = client_for(world.sponsor).get(goal_url(goal)).content.decode()
    assert page.index(f'<h2 id="goal-{goal.public_id}">') < page.index("Your approval is asked")
    assert page.index("What will be different") < page.index("Record my decision")


def test_an_approved_goal_names_its_approver_once(world: World) -> None:
    signed(world)
    goal = full_goal(world)
    services.goal_ask_approval(goal=goal)
    goal.refresh_from_db()
    client_for(world.sponsor).post(goal_url(goal), {"decision": "approved", "comment": "", "revision": goal.revision})
    today = timezone.localdate()
    for person in (world.executive, world.sponsor):
        page = client_for(person).get(goal_url(goal)).content.decode()
        assert "by the sponsor by" not in page
        assert re.search(
            rf"approved by the sponsor</span>\s*(<span class=\"muted\">)?\(Sam Sponsor, {today:%-d %b %Y}\)", page
        )
