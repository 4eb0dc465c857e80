"""Step 7 on the tracker, the home page's Next line and the engagement page: no mini-survey
planned, planned, one closed with the change, the ROI entered, the closing report ready; what
the coach and the executive are told to do next; the home page's queries do not grow."""

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.dashboard.selectors import engagements_with_progress, next_step, step_progress, tracker
from stepwise.engagements.access import Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import Party, State
from stepwise.feedback import answering, release
from stepwise.feedback.models import Group
from stepwise.feedback.tests.rounds_made import answered, round_made
from stepwise.outcomes import closing, mini, roi_services
from stepwise.outcomes.models import Benefit, MiniSurvey
from stepwise.outcomes.progress import STEP

from .minis_made import Answer, goal_approved, mini_answered

pytestmark = pytest.mark.django_db

DAY = date(2027, 4, 11)
ANSWERS: dict[str, list[list[Answer]]] = {Group.PEER: [[(2, 4)], [(1, 3)], [(0, 1)], [(3, 4)]]}


def _read(world: World) -> Engagement:
    return engagements_with_progress(Engagement.objects.filter(pk=world.engagement.pk)).get()


def _step7(world: World) -> tuple[State, Party]:
    progress = step_progress(_read(world), Step.FOLLOW_UP)
    return progress.state, progress.waiting_on


def _next(world: World, role: Role) -> str:
    engagement = _read(world)
    found = STEP.blocking_step(engagement, {role}) or STEP.next_step(engagement, {role}, Step.FOLLOW_UP)
    return found.text if found else ""


def _released_360(world: World) -> None:
    round, raters = round_made(world.engagement, sizes={"peer": 4}, title="First 360")
    answered(round, raters)
    round = answering.round_close(round=round)
    version = release.report_version_make(round=round)
    assert version is not None
    release.report_release(round=round, number=version.number, by=world.coach)


def _benefit(world: World) -> Benefit:
    return roi_services.benefit_save(
        engagement=world.engagement, description="Fewer escalations", measure=None, intangible=False, token=uuid4()
    )


def _cost(world: World) -> None:
    roi_services.cost_save(
        engagement=world.engagement, kind="fees", description="", amount=Decimal(9000), hours=None, hourly_rate=None
    )


def _estimate(world: World, benefit: Benefit) -> None:
    roi_services.estimate_save(
        benefit=benefit,
        estimator="executive",
        annual_value=Decimal(20000),
        share_percent=Decimal(50),
        confidence_percent=Decimal(80),
        supported=True,
        basis="The incident log",
        entered_by=world.executive,
        token=uuid4(),
    )


def test_without_a_mini_survey_step_7_is_not_started_and_the_coach_plans_once_a_360_is_released(world: World):
    goal_approved(world, "Delegate the weekly report")
    assert _step7(world) == (State.NOT_STARTED, Party.NOBODY)
    assert _next(world, Role.COACH) == ""  # no released 360 yet
    _released_360(world)
    assert _next(world, Role.COACH) == "Plan the mini-surveys that re-measure the change with the same stakeholders."
    assert _next(world, Role.EXECUTIVE) == ""
    page = client_for(world.coach).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert "No mini-survey planned yet." in page.content.decode()


def test_a_planned_mini_survey_is_under_way_waiting_on_nobody(world: World):
    goal_approved(world, "Delegate the weekly report")
    _released_360(world)
    mini.mini_survey_plan(
        engagement=world.engagement, opens_on=date(2099, 1, 5), stakeholders=[world.stakeholder], today=DAY
    )
    assert _step7(world) == (State.UNDER_WAY, Party.NOBODY)
    assert _next(world, Role.COACH) == ""
    page = client_for(world.executive).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert "A mini-survey is planned; none has closed yet." in page.content.decode()


def test_a_closed_mini_survey_asks_the_coach_to_release_then_to_enter_the_roi(world: World):
    goal_approved(world, "Delegate the weekly report")
    round = mini_answered(world, DAY, ANSWERS, suggestion="Keep it up.")
    assert _step7(world) == (State.UNDER_WAY, Party.COACH)
    assert _next(world, Role.COACH) == "Read the mini-survey's suggestions and release them to the executive."
    mini.mini_survey_release(mini=MiniSurvey.objects.get(round=round), by=world.coach)
    assert _step7(world) == (State.UNDER_WAY, Party.COACH)
    assert _next(world, Role.COACH) == "Enter the ROI: the benefits of the coaching and its costs."
    page = client_for(world.coach).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert "A mini-survey has closed: the change is measured." in page.content.decode()


def test_the_executive_is_asked_for_an_estimate_then_the_closing_report_is_ready(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, ANSWERS)  # no suggestion written: nothing to release
    benefit = _benefit(world)
    _cost(world)
    assert _step7(world) == (State.UNDER_WAY, Party.EXECUTIVE)
    assert _next(world, Role.EXECUTIVE) == "Estimate the value of the benefits your coach listed for the ROI."
    assert _next(world, Role.COACH) == ""
    page = client_for(world.executive).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert "The ROI&#x27;s benefits and costs are entered." in page.content.decode()
    _estimate(world, benefit)
    assert _step7(world) == (State.DONE, Party.NOBODY)
    assert _next(world, Role.EXECUTIVE) == ""
    assert [step.state for step in tracker(_read(world))][-1] == State.DONE
    page = client_for(world.coach).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert "The closing report is ready." in page.content.decode()


def test_a_closed_engagement_has_step_7_done_and_the_executive_keeps_the_sustain_plan(world: World):
    goal_approved(world, "Delegate the weekly report")
    _benefit(world)  # an estimate still owed: closing ends the asking
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    assert _step7(world) == (State.DONE, Party.NOBODY)
    assert _next(world, Role.EXECUTIVE) == "Keep to your sustain plan: its check-ins are reminded by mail."
    assert _next(world, Role.COACH) == ""
    page = client_for(world.executive).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    text = page.content.decode()
    assert "The engagement is closed; its sustain plan goes on." in text
    assert "This engagement is closed: it is read-only, except its sustain plan and its mini-surveys." in text
    assert "Close the engagement" not in text


def test_the_executive_sees_the_estimate_request_on_the_home_page(world: World):
    goal_approved(world, "Delegate the weekly report")
    _benefit(world)
    home = client_for(world.executive).get(reverse("home")).content.decode()
    assert "Estimate the value of the benefits your coach listed for the ROI." in home
    assert (
        next_step(_read(world), world.sponsor).text
        != "Estimate the value of the benefits your coach listed for the ROI."
    )


def _home_queries(world: World) -> int:
    client = client_for(world.coach)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def test_the_home_page_reads_as_many_queries_with_one_mini_survey_as_with_many(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, ANSWERS)
    one = _home_queries(world)
    for months in (3, 6):
        mini_answered(world, date(2027, 4 + months, 11), ANSWERS)
    for _ in range(3):
        _estimate(world, _benefit(world))
        _cost(world)
    assert _home_queries(world) == one
