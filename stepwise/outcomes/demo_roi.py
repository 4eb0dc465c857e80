"""Step 7's ROI in the demo practice: benefits (one tied to Evan's review-hours measure), estimates
by the executive and the sponsor, fully loaded costs, and intangibles. Idempotent: an engagement
with benefits already is left as it is."""

from decimal import Decimal

from stepwise.engagements.models import Engagement
from stepwise.plans.models import Measure

from . import roi_services
from .models import Estimate

D = Decimal
REVIEW_HOURS = "Hours a week in the operations review"

# (description, measure name or "", [(estimator, value, share %, confidence %, supported, basis)])
BENEFITS = [
    (
        "Evan's hours freed from the weekly operations review, spent on the growth plan",
        REVIEW_HOURS,
        [
            (
                "executive",
                "39000",
                "70",
                "80",
                True,
                "2.5 hours a week saved × 48 weeks × a loaded rate of 325 an hour.",
            ),
            ("sponsor", "39000", "60", "70", True, "The same hours; some of the change came from the new template."),
        ],
    ),
    (
        "Directors deciding without escalating: fewer delayed orders",
        "",
        [
            (
                "executive",
                "240000",
                "50",
                "70",
                True,
                "Late orders fell from 14 to 9 a month; the margin lost on each.",
            ),
            ("sponsor", "200000", "45", "60", True, "Finance's figure for late-order penalties, first year only."),
        ],
    ),
    (
        "A director stayed who was thinking of leaving",
        "",
        [("executive", "80000", "30", "40", False, "Replacement cost of a director; she has not said why she stayed.")],
    ),
]
INTANGIBLES = [
    "More open debate in the leadership team",
    "Evan's calmer way with bad news, as the stakeholders describe it",
]
# (kind, description, amount, hours, hourly rate)
COSTS = [
    ("fees", "Six months of coaching", "24000", None, None),
    ("assessments", "360 and mini-surveys", "1800", None, None),
    ("executive_time", "Sessions, preparation and follow-ups", None, "60", "325"),
    ("stakeholder_time", "Raters and the sponsor's meetings", None, "30", "180"),
    ("administration", "Scheduling and reports", "900", None, None),
]


def demo_roi(engagement: Engagement) -> None:
    if engagement.roi_benefits.exists():
        return
    measures = {m.name: m for m in Measure.objects.filter(goal__engagement=engagement)}
    sponsors, executives = engagement.sponsors(), engagement.executives()
    people = {"executive": executives[0] if executives else engagement.coach}
    people["sponsor"] = sponsors[0] if sponsors else engagement.coach
    for description, measure_name, estimates in BENEFITS:
        benefit = roi_services.benefit_save(
            engagement=engagement, description=description, measure=measures.get(measure_name), intangible=False
        )
        for estimator, value, share, confidence, supported, basis in estimates:
            roi_services.estimate_save(
                benefit=benefit,
                estimator=Estimate.Estimator(estimator),
                annual_value=D(value),
                share_percent=D(share),
                confidence_percent=D(confidence),
                supported=supported,
                basis=basis,
                entered_by=people[estimator],
            )
    for description in INTANGIBLES:
        roi_services.benefit_save(engagement=engagement, description=description, measure=None, intangible=True)
    for kind, description, amount, hours, rate in COSTS:
        roi_services.cost_save(
            engagement=engagement,
            kind=kind,
            description=description,
            amount=None if amount is None else D(amount),
            hours=None if hours is None else D(hours),
            hourly_rate=None if rate is None else D(rate),
        )
