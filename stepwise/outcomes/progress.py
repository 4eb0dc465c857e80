"""Step 7 (post-coaching follow-up) as the tracker, the next steps and the engagement page read it.

Where the step stands, in order: no mini-survey planned (not started), one planned or open
(under way: the worker sends and closes it), one closed with the change measured (the coach
releases its suggestions, then enters the ROI), the ROI entered (the executive estimates the
benefits the coach listed), the closing report ready (done: a mini-survey closed and released,
benefits and costs entered, every benefit that takes money estimated), and the engagement closed
(done, whatever else: nothing in it can change but its sustain plan, which the executive keeps).

Every fact is an ``Exists`` on the engagement's row, so the home page still reads every
engagement in one query."""

from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, gettext_lazy

from stepwise.engagements.access import Access, Part, Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import NextStep, Party, State, StepContribution, StepProgress
from stepwise.feedback.models import Comment, Questionnaire, ReportVersion, Round
from stepwise.plans.models import Goal

from .models import Benefit, Cost, Estimate, MiniSurvey


def _minis() -> Any:
    return MiniSurvey.objects.filter(engagement=OuterRef("pk"))


class FollowUpStep(StepContribution):
    step = Step.FOLLOW_UP

    def annotations(self, *, user: Any = None) -> dict[str, Any]:
        closed = _minis().filter(round__status=Round.Status.CLOSED)
        released_360 = Round.objects.filter(
            engagement=OuterRef("pk"), kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.CLOSED
        ).filter(Exists(ReportVersion.objects.filter(round=OuterRef("pk"), released_at__isnull=False)))
        tangible = Benefit.objects.filter(engagement=OuterRef("pk"), intangible=False)
        estimates = Estimate.objects.filter(benefit=OuterRef("pk"))
        return {
            "mini_any": Exists(_minis()),
            "mini_closed": Exists(closed),
            # Suggestions wait for the coach's release (a mini-survey without any waits for nothing).
            "mini_unreleased": Exists(
                closed.filter(released_at__isnull=True).filter(Exists(Comment.objects.filter(round=OuterRef("round"))))
            ),
            # A released 360 and an approved goal: the mini-surveys can be planned (mini.mini_survey_plan).
            "mini_can_plan": Exists(released_360)
            & Exists(Goal.objects.filter(engagement=OuterRef("pk"), approval=Goal.Approval.APPROVED)),
            "roi_benefit_any": Exists(Benefit.objects.filter(engagement=OuterRef("pk"))),
            "roi_cost_any": Exists(Cost.objects.filter(engagement=OuterRef("pk"))),
            "roi_unestimated": Exists(tangible.filter(~Exists(estimates))),
            "roi_executive_owes": Exists(
                tangible.filter(~Exists(estimates.filter(estimator=Estimate.Estimator.EXECUTIVE)))
            ),
        }

    @staticmethod
    def _roi_entered(engagement: Engagement) -> bool:
        return bool(getattr(engagement, "roi_benefit_any", False) and getattr(engagement, "roi_cost_any", False))

    def stage(self, engagement: Engagement) -> str:
        """Where the step stands, as one of ``STAGES``' keys."""
        if engagement.status == Engagement.Status.CLOSED:
            return "closed"
        closed = getattr(engagement, "mini_closed", False)
        released = closed and not getattr(engagement, "mini_unreleased", False)
        if released and self._roi_entered(engagement) and not getattr(engagement, "roi_unestimated", False):
            return "report_ready"
        if self._roi_entered(engagement):
            return "roi_entered"
        if closed:
            return "measured"
        if getattr(engagement, "mini_any", False):
            return "planned"
        return "none"

    def progress(self, engagement: Engagement) -> StepProgress:
        stage = self.stage(engagement)
        if stage in ("report_ready", "closed"):
            return StepProgress(State.DONE)
        if stage == "none":
            return StepProgress(State.NOT_STARTED)
        if getattr(engagement, "mini_unreleased", False):
            return StepProgress(State.UNDER_WAY, Party.COACH)
        if stage == "measured":  # the coach enters the ROI
            return StepProgress(State.UNDER_WAY, Party.COACH)
        if getattr(engagement, "roi_executive_owes", False):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        if getattr(engagement, "roi_unestimated", False):  # the coach may enter what the sponsor estimates
            return StepProgress(State.UNDER_WAY, Party.COACH)
        return StepProgress(State.UNDER_WAY)  # a mini-survey planned or open: the worker sends and closes it

    def next_step(self, engagement: Engagement, roles: Collection[Role], current: Step) -> NextStep | None:
        # Step 7 follows a released 360, whatever step the tracker is at (a 360 runs beside step 5).
        if engagement.status == Engagement.Status.CLOSED:
            if Role.EXECUTIVE in roles:
                return NextStep(gettext("Keep to your sustain plan: its check-ins are reminded by mail."), "sustain")
            return None
        if Role.COACH in roles:
            if not getattr(engagement, "mini_any", False) and getattr(engagement, "mini_can_plan", False):
                return NextStep(
                    gettext("Plan the mini-surveys that re-measure the change with the same stakeholders."),
                    "mini_surveys",
                )
            if getattr(engagement, "mini_unreleased", False):
                return NextStep(
                    gettext("Read the mini-survey's suggestions and release them to the executive."), "change"
                )
            if getattr(engagement, "mini_closed", False) and not self._roi_entered(engagement):
                return NextStep(gettext("Enter the ROI: the benefits of the coaching and its costs."), "roi")
        return None

    def blocking_step(self, engagement: Engagement, roles: Collection[Role]) -> NextStep | None:
        # Asked of the executive in person, like a goal waiting for the sponsor: it comes before
        # whatever the current step says (which, with a step done by hand, may speak of others).
        closed = engagement.status == Engagement.Status.CLOSED
        if Role.EXECUTIVE in roles and getattr(engagement, "roi_executive_owes", False) and not closed:
            return NextStep(gettext("Estimate the value of the benefits your coach listed for the ROI."), "roi")
        return None

    def summary(self, access: Access) -> dict[str, Any]:
        if not access.can_read(Part.CHANGE):
            return {}
        engagement = access.engagement
        if not hasattr(engagement, "mini_any"):  # the engagement page's comes annotated (with_progress)
            engagement = Engagement.objects.filter(pk=engagement.pk).annotate(**self.annotations()).get()
        stage = self.stage(engagement)
        return {"step7": {"stage": stage, "text": str(STAGES[stage])}}


STAGES = {
    "none": gettext_lazy("No mini-survey planned yet."),
    "planned": gettext_lazy("A mini-survey is planned; none has closed yet."),
    "measured": gettext_lazy("A mini-survey has closed: the change is measured."),
    "roi_entered": gettext_lazy("The ROI's benefits and costs are entered."),
    "report_ready": gettext_lazy("The closing report is ready."),
    "closed": gettext_lazy("The engagement is closed; its sustain plan goes on."),
}
STEP = FollowUpStep()
