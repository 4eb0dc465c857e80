"""Steps 3 and 4 as the tracker, the next steps and the engagement page read them."""

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext

from stepwise.agreements.models import Agreement
from stepwise.engagements.access import Access, Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import NextStep, Party, State, StepContribution, StepProgress

from .models import Goal, KeyAction, Measure
from .selectors import plan_summary

if TYPE_CHECKING:
    from stepwise.users.models import User


def planning_done(engagement: Engagement) -> bool:
    """Step 3 is done when every goal has its deep dive (what will be different, why, how it is
    measured, what success looks like) and, where the agreement asks for it, the sponsor's
    approval."""
    if not getattr(engagement, "has_goals", False) or getattr(engagement, "goals_incomplete", True):
        return False
    return not (getattr(engagement, "approval_required", False) and getattr(engagement, "goals_unapproved", True))


class DevelopmentPlanningStep(StepContribution):
    step = Step.DEVELOPMENT_PLANNING

    def annotations(self, *, user: "User | None" = None) -> dict[str, Any]:
        goals = Goal.objects.filter(engagement=OuterRef("pk"))
        signed = Agreement.objects.filter(engagement=OuterRef("pk"), status=Agreement.Status.SIGNED)
        return {
            "has_goals": Exists(goals),
            "goals_incomplete": Exists(
                goals.filter(Q(different="") | Q(why_me="") | Q(measured_how="") | Q(success_when=""))
            ),
            "goals_unapproved": Exists(goals.exclude(approval=Goal.Approval.APPROVED)),
            "goals_pending": Exists(goals.filter(approval=Goal.Approval.PENDING)),
            "goals_unsent": Exists(goals.filter(approval__in=[Goal.Approval.NOT_ASKED, Goal.Approval.CHANGES])),
            "approval_required": Subquery(signed.order_by("-version").values("sponsor_approves_goals")[:1]),
        }

    def progress(self, engagement: Engagement) -> StepProgress:
        if planning_done(engagement):
            return StepProgress(State.DONE)
        if getattr(engagement, "goals_pending", False):
            return StepProgress(State.UNDER_WAY, Party.SPONSOR)
        if getattr(engagement, "has_goals", False):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        return StepProgress(State.NOT_STARTED)

    def blocking_step(self, engagement: Engagement, roles: Collection[Role]) -> NextStep | None:
        if Role.SPONSOR in roles and getattr(engagement, "goals_pending", False):
            return NextStep(gettext("A coaching goal is waiting for your approval."), "plan")
        return None

    def next_step(self, engagement: Engagement, roles: Collection[Role], current: Step) -> NextStep | None:
        if Role.EXECUTIVE not in roles or current != Step.DEVELOPMENT_PLANNING:
            return None
        if getattr(engagement, "has_goals", False) and not getattr(engagement, "goals_incomplete", True):
            if getattr(engagement, "goals_unsent", False):
                return NextStep(gettext("Ask your sponsor to approve each goal, from the goal's page."), "plan")
            return NextStep(gettext("Waiting for the sponsor to approve your goals."), "plan", mine=False)
        return NextStep(gettext("Write your primary coaching goals and take each through the deep dive."), "plan")

    def summary(self, access: Access) -> dict[str, Any]:
        return {"plan": plan_summary(access)}


class ActionPlansStep(StepContribution):
    """Step 4 is done when every goal has key actions and a measure."""

    step = Step.ACTION_PLANS

    def annotations(self, *, user: "User | None" = None) -> dict[str, Any]:
        goals = Goal.objects.filter(engagement=OuterRef("pk"))
        return {
            "goals_unplanned": Exists(
                goals.filter(
                    ~Exists(KeyAction.objects.filter(goal=OuterRef("pk")))
                    | ~Exists(Measure.objects.filter(goal=OuterRef("pk")))
                )
            ),
            "has_plan_parts": Exists(KeyAction.objects.filter(goal__engagement=OuterRef("pk")))
            | Exists(Measure.objects.filter(goal__engagement=OuterRef("pk"))),
        }

    def progress(self, engagement: Engagement) -> StepProgress:
        if getattr(engagement, "has_goals", False) and not getattr(engagement, "goals_unplanned", True):
            return StepProgress(State.DONE)
        if getattr(engagement, "has_plan_parts", False):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        return StepProgress(State.NOT_STARTED)

    def next_step(self, engagement: Engagement, roles: Collection[Role], current: Step) -> NextStep | None:
        if Role.EXECUTIVE in roles and current == Step.ACTION_PLANS:
            return NextStep(gettext("Give each goal its key actions and a measure."), "plan")
        return None


DEVELOPMENT_PLANNING = DevelopmentPlanningStep()
ACTION_PLANS = ActionPlansStep()
