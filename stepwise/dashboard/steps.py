"""The steps the product has an app for, in the engagement's order: each step app's own
contribution (``<app>/progress.py``). Adding a step app is writing its ``progress.py`` and adding
its line here; a step without a line shows as not started."""

from stepwise.agreements import progress as agreements
from stepwise.engagements.steps import StepContribution
from stepwise.feedback import progress as feedback
from stepwise.meetings import progress as meetings
from stepwise.outcomes import progress as outcomes
from stepwise.plans import progress as plans
from stepwise.worksheets import progress as worksheets

STEPS: tuple[StepContribution, ...] = (
    agreements.STEP,
    worksheets.STEP,
    plans.DEVELOPMENT_PLANNING,
    plans.ACTION_PLANS,
    meetings.STEP,
    feedback.STEP,
    outcomes.STEP,
)
