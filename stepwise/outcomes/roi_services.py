"""ROI by the Phillips method: the writes (benefits, estimates, costs) and the one read the ROI page,
the closing report and its PDF share (:func:`roi_read`, three queries whatever the numbers).

Who writes what: the coach keeps the benefits and the costs (``Part.ROI``); an estimate belongs
to its estimator — the executive writes the executive's, the sponsor the sponsor's, and the coach
either, as they heard it (``estimators_for``).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from stepwise.engagements.access import Access, Part
from stepwise.engagements.models import Engagement
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_claim
from stepwise.plans.models import Measure
from stepwise.users.models import User

from .models import Benefit, Cost, Estimate
from .roi import BenefitLine, CostLine, EstimateFigures, Roi, roi_compute


def estimators_for(access: Access) -> list[str]:
    """The estimators whose estimates this person may write: the coach enters either, the
    executive and the sponsor their own."""
    if not access.can_write(Part.ROI_ESTIMATES):
        return []
    if access.is_coach:
        return [Estimate.Estimator.EXECUTIVE.value, Estimate.Estimator.SPONSOR.value]
    mine: list[str] = []
    if access.is_executive:
        mine.append(Estimate.Estimator.EXECUTIVE.value)
    if access.is_sponsor:
        mine.append(Estimate.Estimator.SPONSOR.value)
    return mine


def require_estimator(access: Access, estimator: str) -> None:
    """A 403 for writing someone else's estimate (which this person may read)."""
    access.require_write(Part.ROI_ESTIMATES)
    if estimator not in estimators_for(access):
        raise PermissionDenied(_("This estimate is someone else's: you may read it but not change it."))


# --- benefits -----------------------------------------------------------------------------------


@transaction.atomic
def benefit_save(
    *,
    engagement: Engagement,
    description: str,
    measure: Measure | None,
    intangible: bool,
    benefit: Benefit | None = None,
    token: UUID | None = None,
    revision: int | None = None,
) -> Benefit:
    """Add a benefit (once per form: ``token``) or change one (``revision``: ``StaleEdit`` when
    someone saved it since the form was drawn)."""
    if measure is not None and measure.goal.engagement_id != engagement.pk:
        raise ValidationError({"measure": _("Choose one of this engagement's measures.")})
    if benefit is not None:
        current = revision_claim(benefit, revision=revision)
        return _benefit_write(current, description=description, measure=measure, intangible=intangible)
    return submit_once(
        token=token,
        make=lambda: _benefit_write(
            Benefit(engagement=engagement), description=description, measure=measure, intangible=intangible
        ),
        find=lambda made: engagement.roi_benefits.filter(public_id=made).first(),
    )


def _benefit_write(benefit: Benefit, *, description: str, measure: Measure | None, intangible: bool) -> Benefit:
    if intangible and benefit.pk and benefit.estimates.exists():
        raise ValidationError(
            {
                "intangible": _(
                    "This benefit has estimates of its value. An intangible benefit is never converted to money: "
                    "remove its estimates first, or leave it tangible."
                )
            }
        )
    benefit.description = description.strip()
    benefit.measure = measure
    benefit.intangible = intangible
    benefit.full_clean()
    benefit.save()
    return benefit


@transaction.atomic
def benefit_remove(*, benefit: Benefit) -> None:
    benefit.delete()


# --- estimates ----------------------------------------------------------------------------------


@transaction.atomic
def estimate_save(
    *,
    benefit: Benefit,
    estimator: str,
    annual_value: Decimal,
    share_percent: Decimal,
    confidence_percent: Decimal,
    supported: bool,
    basis: str,
    entered_by: User,
    estimate: Estimate | None = None,
    token: UUID | None = None,
    revision: int | None = None,
) -> Estimate:
    """Add an estimate of ``benefit`` by ``estimator`` (once per form) or change one (``revision``).
    Refused, with a message beside the field, for an intangible benefit, a second estimate by the
    same estimator, a negative value, or a share or confidence outside 0–100."""
    values = {
        "annual_value": annual_value,
        "share_percent": share_percent,
        "confidence_percent": confidence_percent,
        "supported": supported,
        "basis": basis.strip(),
        "entered_by": entered_by,
    }
    if benefit.intangible:
        raise ValidationError(_("This benefit is intangible: it is listed beside the ROI and never given a value."))
    if estimate is not None:
        current = revision_claim(estimate, revision=revision)
        return _estimate_write(current, **values)
    return submit_once(
        token=token,
        make=lambda: _estimate_write(Estimate(benefit=benefit, estimator=estimator), **values),
        find=lambda made: benefit.estimates.filter(public_id=made).first(),
    )


def _estimate_write(estimate: Estimate, **values: Any) -> Estimate:
    for name, value in values.items():
        setattr(estimate, name, value)
    taken = ValidationError(
        {
            "estimator": _("%(who)s has an estimate of this benefit already: change that one instead.")
            % {"who": estimate.get_estimator_display().capitalize()}
        }
    )
    if Estimate.objects.filter(benefit=estimate.benefit, estimator=estimate.estimator).exclude(pk=estimate.pk).exists():
        raise taken
    estimate.full_clean(exclude=["benefit"])
    try:
        with transaction.atomic():
            estimate.save()
    except IntegrityError:  # two first estimates by the same estimator at once
        raise taken from None
    return estimate


@transaction.atomic
def estimate_remove(*, estimate: Estimate) -> None:
    estimate.delete()


# --- costs --------------------------------------------------------------------------------------


@transaction.atomic
def cost_save(
    *,
    engagement: Engagement,
    kind: str,
    description: str,
    amount: Decimal | None,
    hours: Decimal | None,
    hourly_rate: Decimal | None,
    cost: Cost | None = None,
    token: UUID | None = None,
    revision: int | None = None,
) -> Cost:
    """Add a cost (once per form) or change one (``revision``). Time (the executive's, the
    stakeholders') is hours × a loaded hourly rate; every other cost is an amount."""
    values = {
        "kind": kind,
        "description": description.strip(),
        "amount": amount,
        "hours": hours,
        "hourly_rate": hourly_rate,
    }
    if cost is not None:
        current = revision_claim(cost, revision=revision)
        return _cost_write(current, **values)
    return submit_once(
        token=token,
        make=lambda: _cost_write(Cost(engagement=engagement), **values),
        find=lambda made: engagement.roi_costs.filter(public_id=made).first(),
    )


def _cost_write(cost: Cost, **values: Any) -> Cost:
    for name, value in values.items():
        setattr(cost, name, value)
    errors: dict[str, str] = {}
    if cost.is_time:
        cost.amount = None
        if cost.hours is None:
            errors["hours"] = _("Give the hours spent: time is counted as hours × the loaded hourly rate.")
        if cost.hourly_rate is None:
            errors["hourly_rate"] = _("Give the loaded hourly rate: salary with benefits and overheads, per hour.")
    else:
        cost.hours = cost.hourly_rate = None
        if cost.amount is None:
            errors["amount"] = _("Give the amount of this cost.")
    for name in ("amount", "hours", "hourly_rate"):
        value = getattr(cost, name)
        if value is not None and value < 0:
            errors[name] = _("A cost is never negative: give 0 or more.")
    if errors:
        raise ValidationError(errors)
    cost.full_clean()
    cost.save()
    return cost


@transaction.atomic
def cost_remove(*, cost: Cost) -> None:
    cost.delete()


# --- the read -----------------------------------------------------------------------------------


@dataclass
class RoiRead:
    """What the ROI page, the closing report and the PDF show: the rows and the arithmetic."""

    benefits: list[Benefit]  # tangible ones, with ``line`` (their BenefitLine) set
    intangibles: list[Benefit]
    costs: list[Cost]
    roi: Roi


def roi_read(engagement: Engagement) -> RoiRead:
    """Benefits with their estimates and measures, and costs, in three queries."""
    rows = list(
        engagement.roi_benefits.select_related("measure").prefetch_related(
            Prefetch("estimates", queryset=Estimate.objects.order_by("estimator"))
        )
    )
    costs = list(engagement.roi_costs.all())
    tangible = [b for b in rows if not b.intangible]
    lines = []
    for benefit in tangible:
        line = BenefitLine(
            label=benefit.description,
            estimates=tuple(
                EstimateFigures(
                    value=e.annual_value,
                    share=e.share_percent,
                    confidence=e.confidence_percent,
                    supported=e.supported,
                    label=e.get_estimator_display(),
                )
                for e in benefit.estimates.all()
            ),
        )
        # For the page: each stored estimate beside its figures (``used`` is the line's choice).
        benefit.line = line  # type: ignore[attr-defined]
        benefit.rows = list(zip(benefit.estimates.all(), line.estimates, strict=True))  # type: ignore[attr-defined]
        lines.append(line)
    cost_lines = [
        CostLine(label=str(c), amount=None if c.is_time else c.amount, hours=c.hours, rate=c.hourly_rate) for c in costs
    ]
    return RoiRead(
        benefits=tangible,
        intangibles=[b for b in rows if b.intangible],
        costs=costs,
        roi=roi_compute(benefits=lines, costs=cost_lines),
    )
