"""Step 6 on the tracker, in each person's next step and on the engagement page."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, agreement_in_force
from stepwise.dashboard.selectors import engagements_with_progress, step_progress
from stepwise.engagements.access import Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import Party, State, StepProgress
from stepwise.feedback import answering, practice, services
from stepwise.feedback.models import Rater, ReportVersion
from stepwise.feedback.progress import STEP

TODAY = timezone.localdate


def annotated(world: World) -> Engagement:
    return engagements_with_progress(Engagement.objects.filter(pk=world.engagement.pk)).get()


def next_for(world: World, role: Role) -> str:
    found = STEP.next_step(annotated(world), {role}, Step.ACCOUNTABILITY)
    return found.text if found else ""


def test_each_person_is_told_what_the_360_needs_of_them_as_the_round_goes(world):
    # The world's round is open and the executive has not answered about themselves.
    assert next_for(world, Role.EXECUTIVE) == "Answer the 360 questionnaire about yourself."
    assert next_for(world, Role.COACH) == ""
    answering.response_submit(answerer=answering.answerer_for_self(world.round), answers={})
    assert next_for(world, Role.EXECUTIVE) == ""

    agreement_in_force(world)
    second = services.round_create(
        engagement=world.engagement, title="Second", opens_on=TODAY(), closes_on=TODAY() + timedelta(days=14)
    )
    assert next_for(world, Role.EXECUTIVE) == "Nominate your raters for the 360."
    assert step_progress(annotated(world), Step.FEEDBACK_360) == StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
    services.rater_nominate(round=second, stakeholder=world.stakeholder)
    assert next_for(world, Role.COACH) == "Approve the raters of the 360 round."
    assert next_for(world, Role.EXECUTIVE) == ""
    services.raters_approve(round=second, by=world.coach, revision=None)
    assert next_for(world, Role.COACH) == "Open the 360 round: the raters get their links."
    services.round_launch(round=second, revision=None)
    assert next_for(world, Role.COACH) == ""
    assert next_for(world, Role.EXECUTIVE) == "Answer the 360 questionnaire about yourself."

    answering.round_close(round=world.round)
    assert next_for(world, Role.COACH) == "Read the 360 report and release it to the executive."
    ReportVersion.objects.create(round=world.round, number=1, batch=1, released_at=timezone.now())
    assert next_for(world, Role.COACH) == ""


def test_the_coach_is_not_told_to_open_a_round_before_the_agreement_is_in_force(world):
    answering.round_close(round=world.round)
    ReportVersion.objects.create(round=world.round, number=1, batch=1, released_at=timezone.now())
    draft = services.round_create(
        engagement=world.engagement, title="Early", opens_on=TODAY(), closes_on=TODAY() + timedelta(days=14)
    )
    services.rater_nominate(round=draft, stakeholder=world.stakeholder)
    services.raters_approve(round=draft, by=world.coach, revision=None)
    assert next_for(world, Role.COACH) != "Open the 360 round: the raters get their links."
    agreement_in_force(world)
    assert next_for(world, Role.COACH) == "Open the 360 round: the raters get their links."


def test_the_coach_is_told_to_close_a_round_whose_closing_date_has_come(world):
    agreement_in_force(world)
    today = services.round_create(engagement=world.engagement, title="Short", opens_on=TODAY(), closes_on=TODAY())
    services.rater_nominate(round=today, stakeholder=world.stakeholder)
    services.raters_approve(round=today, by=world.coach, revision=None)
    services.round_launch(round=today, revision=None)
    assert next_for(world, Role.COACH) == "Close the 360 round: its closing date has come."
    assert step_progress(annotated(world), Step.FEEDBACK_360) == StepProgress(State.UNDER_WAY, Party.COACH)


def test_the_step_is_done_once_the_report_of_a_closed_round_is_released(world):
    assert step_progress(annotated(world), Step.FEEDBACK_360) == StepProgress(State.UNDER_WAY)
    answering.round_close(round=world.round)
    assert step_progress(annotated(world), Step.FEEDBACK_360) == StepProgress(State.UNDER_WAY, Party.COACH)
    ReportVersion.objects.create(round=world.round, number=1, batch=1, released_at=timezone.now())
    assert step_progress(annotated(world), Step.FEEDBACK_360) == StepProgress(State.DONE)


def test_an_engagement_without_a_round_has_not_started_the_360(world):
    world.round.delete()
    assert step_progress(annotated(world), Step.FEEDBACK_360) == StepProgress(State.NOT_STARTED)


def test_the_engagement_page_links_the_360_with_its_counts_for_the_coach_and_executive_only(world, client_as):
    path = reverse("engagement_detail", args=[world.engagement.public_id])
    for person in (world.coach, world.executive):
        page = re.sub(r"\s+", " ", client_as(person).get(path).content.decode())
        assert "Step 6 · Stakeholder 360" in page
        assert "0 of 1 raters answered" in page
        assert reverse("round_list", args=[world.engagement.public_id]) in page
    page = client_as(world.sponsor).get(path).content.decode()
    assert "Stakeholder 360" not in page


def test_after_the_release_the_executive_is_told_to_follow_up_until_every_participant_is_met(world):
    answering.response_submit(answerer=answering.answerer_for_rater(world.rater), answers={})
    answering.response_submit(answerer=answering.answerer_for_self(world.round), answers={})
    answering.round_close(round=world.round)
    assert next_for(world, Role.EXECUTIVE) == ""  # not before the coach releases the report
    ReportVersion.objects.create(round=world.round, number=1, batch=1, released_at=timezone.now())
    follow_up = "Meet each person who took part in your 360 to thank them, and record it."
    assert next_for(world, Role.EXECUTIVE) == follow_up
    values = practice.FollowUpValues(met_on=TODAY(), thanked=True, shared="", actions="")
    rater = Rater.objects.get(pk=world.rater.pk)  # its round closed since the world was built
    practice.follow_up_save(rater=rater, revision=0, values=values, today=TODAY())
    assert next_for(world, Role.EXECUTIVE) == ""


def test_a_closed_rounds_page_leads_to_the_report_and_the_follow_ups(world, client_as):
    answering.response_submit(answerer=answering.answerer_for_rater(world.rater), answers={})
    answering.round_close(round=world.round)
    path = reverse("round_detail", args=[world.engagement.public_id, world.round.public_id])
    report = reverse("round_report", args=[world.engagement.public_id, world.round.public_id])
    follow_ups = reverse("follow_up_list", args=[world.engagement.public_id, world.round.public_id])
    coach = client_as(world.coach).get(path).content.decode()
    executive = client_as(world.executive).get(path).content.decode()
    assert f'href="{report}"' in coach and "Only you read it until you release it." in coach
    assert f'href="{report}"' not in executive and "then releases it to you" in executive
    assert "met 0 of 1" in executive and f'href="{follow_ups}"' in executive

    ReportVersion.objects.create(round=world.round, number=1, batch=1, released_at=timezone.now())
    assert f'href="{report}"' in client_as(world.executive).get(path).content.decode()
