"""ROI by the Phillips method: pure arithmetic over Decimals, no ORM.

The method's conservative rules, as the page and the PDF print them (``RULES``):

- of several estimates of one benefit, the lowest (after adjustment) is used;
- an unsupported estimate counts as zero;
- only the first year of benefit counts (an estimate is a first-year value);
- all costs are included (time at a loaded hourly rate too).

Each estimate's adjusted benefit is value × share from the coaching × confidence. Net benefit is
the sum of the benefits used less the total cost; ROI % = net benefit ÷ costs × 100; the
benefit–cost ratio (BCR) = benefits ÷ costs. With no costs there is no ratio: ``roi_percent``
and ``bcr`` are None and the page says why. Adjusted benefits and totals are exact (Decimal
products of two-place figures); the two ratios are kept exact as Fractions and rounded only to
be shown.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

RULES = (
    _("Of several estimates of one benefit, the lowest is used."),
    _("An estimate not supported by evidence counts as zero."),
    _("Only the first year of benefit counts."),
    _(
        "All costs are included: fees, the time of the executive and the stakeholders at a loaded hourly rate, "
        "assessments and administration."
    ),
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class EstimateFigures:
    """One estimate as the arithmetic needs it."""

    value: Decimal  # the benefit's value in its first year
    share: Decimal  # the share from the coaching, 0–100
    confidence: Decimal  # the estimator's confidence, 0–100
    supported: bool
    label: str = ""  # whose estimate, for the line shown

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("an estimated value is never negative")
        for percent in (self.share, self.confidence):
            if not 0 <= percent <= HUNDRED:
                raise ValueError("a share or a confidence is a percentage, 0–100")

    @property
    def adjusted(self) -> Decimal:
        """value × share × confidence; zero when unsupported (exact)."""
        if not self.supported:
            return Decimal(0)
        return self.value * self.share * self.confidence / (HUNDRED * HUNDRED)


@dataclass(frozen=True)
class BenefitLine:
    label: str
    estimates: tuple[EstimateFigures, ...]

    @property
    def used(self) -> EstimateFigures | None:
        """The lowest adjusted estimate (the first of equals), or None without estimates."""
        return min(self.estimates, key=lambda e: e.adjusted, default=None)

    @property
    def adjusted(self) -> Decimal:
        used = self.used
        return used.adjusted if used is not None else Decimal(0)


@dataclass(frozen=True)
class CostLine:
    label: str
    amount: Decimal | None = None
    hours: Decimal | None = None
    rate: Decimal | None = None

    def __post_init__(self) -> None:
        if any(x is not None and x < 0 for x in (self.amount, self.hours, self.rate)):
            raise ValueError("a cost is never negative")

    @property
    def total(self) -> Decimal:
        if self.amount is not None:
            return self.amount
        return (self.hours or Decimal(0)) * (self.rate or Decimal(0))


@dataclass(frozen=True)
class Roi:
    benefits: tuple[BenefitLine, ...]
    costs: tuple[CostLine, ...]

    @property
    def total_benefit(self) -> Decimal:
        return sum((b.adjusted for b in self.benefits), Decimal(0))

    @property
    def total_cost(self) -> Decimal:
        return sum((c.total for c in self.costs), Decimal(0))

    @property
    def net_benefit(self) -> Decimal:
        return self.total_benefit - self.total_cost

    @property
    def has_costs(self) -> bool:
        return self.total_cost > 0

    @property
    def roi_exact(self) -> Fraction | None:
        """Net benefit ÷ costs × 100, exact; None with no costs (nothing to divide by)."""
        if not self.has_costs:
            return None
        return Fraction(self.net_benefit) / Fraction(self.total_cost) * 100

    @property
    def bcr_exact(self) -> Fraction | None:
        """Benefits ÷ costs, exact; None with no costs."""
        if not self.has_costs:
            return None
        return Fraction(self.total_benefit) / Fraction(self.total_cost)

    @property
    def roi_percent(self) -> Decimal | None:
        """ROI % to one decimal place, for showing."""
        return _rounded(self.roi_exact, Decimal("0.1"))

    @property
    def bcr(self) -> Decimal | None:
        """The benefit–cost ratio to two decimal places, for showing."""
        return _rounded(self.bcr_exact, CENT)


def _rounded(value: Fraction | None, places: Decimal) -> Decimal | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(places, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> Decimal:
    """A sum of money to the cent, for showing (half up, as accountants round)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def roi_compute(*, benefits: Sequence[BenefitLine], costs: Sequence[CostLine]) -> Roi:
    return Roi(benefits=tuple(benefits), costs=tuple(costs))
