"""Step 2 as the tracker, the next steps and the engagement page read it."""

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext

from stepwise.engagements.access import Access, Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import NextStep, Party, State, StepContribution, StepProgress

from .charts import ratings_chart
from .models import Assessment, Worksheet

if TYPE_CHECKING:
    from stepwise.users.models import User


class AssessmentStep(StepContribution):
    step = Step.ASSESSMENT

    def annotations(self, *, user: "User | None" = None) -> dict[str, Any]:
        worksheets = Worksheet.objects.filter(engagement=OuterRef("pk"))
        shared = Assessment.objects.filter(engagement=OuterRef("pk"), shared_with_executive=True)
        # Step 2 is done when the executive has submitted a worksheet and the coach has shared
        # the assessment with them.
        return {
            "worksheet_assigned": Exists(worksheets),
            "worksheet_submitted": Exists(worksheets.filter(status=Worksheet.Status.SUBMITTED)),
            "assessment_shared": Exists(shared),
            "assessment_done": Exists(shared) & Exists(worksheets.filter(status=Worksheet.Status.SUBMITTED)),
        }

    def progress(self, engagement: Engagement) -> StepProgress:
        if getattr(engagement, "assessment_done", False):
            return StepProgress(State.DONE)
        if getattr(engagement, "worksheet_submitted", False):
            return StepProgress(State.UNDER_WAY, Party.COACH)  # the coach shares the assessment
        if getattr(engagement, "worksheet_assigned", False):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        return StepProgress(State.NOT_STARTED)

    def next_step(self, engagement: Engagement, roles: Collection[Role], current: Step) -> NextStep | None:
        if current != Step.ASSESSMENT:
            return None
        waiting_on = self.progress(engagement).waiting_on
        if Role.EXECUTIVE in roles:
            if waiting_on == Party.EXECUTIVE:
                return NextStep(gettext("Fill in the worksheets your coach assigned, then submit them."), "worksheets")
            return NextStep(gettext("Your coach assigns your worksheets and writes the assessment."), mine=False)
        if Role.COACH in roles:
            if waiting_on == Party.COACH:
                return NextStep(gettext("Write the assessment and share it with the executive."), "worksheets")
            if waiting_on == Party.NOBODY:
                return NextStep(gettext("Assign the intake worksheet to the executive."), "worksheets")
        return None

    def summary(self, access: Access) -> dict[str, Any]:
        return {"ratings_chart": ratings_chart(access)}


STEP = AssessmentStep()
