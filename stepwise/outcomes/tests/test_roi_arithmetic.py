"""The Phillips arithmetic (stepwise/outcomes/roi.py): fixed examples worked by hand, and the
method's rules as properties that hold for every input."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stepwise.outcomes.roi import BenefitLine, CostLine, EstimateFigures, roi_compute

D = Decimal

money = st.decimals(min_value=0, max_value=D("9999999999.99"), places=2, allow_nan=False, allow_infinity=False)
percent = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
estimates = st.builds(EstimateFigures, value=money, share=percent, confidence=percent, supported=st.booleans())
benefits = st.lists(estimates, max_size=3).map(lambda e: BenefitLine(label="b", estimates=tuple(e)))
positive = st.decimals(min_value=D("0.01"), max_value=D("9999999999.99"), places=2)
amount_costs = st.builds(CostLine, label=st.just("c"), amount=money)
time_costs = st.builds(
    CostLine,
    label=st.just("t"),
    hours=st.decimals(min_value=0, max_value=9999, places=2),
    rate=st.decimals(min_value=0, max_value=99999, places=2),
)
costs = st.lists(st.one_of(amount_costs, time_costs), max_size=4)
some_cost = st.builds(CostLine, label=st.just("fees"), amount=positive)


def test_a_worked_example_line_by_line():
    executive = EstimateFigures(value=D(120000), share=D(50), confidence=D(80), supported=True)  # 48,000
    sponsor = EstimateFigures(value=D(100000), share=D(40), confidence=D(70), supported=True)  # 28,000
    hours = BenefitLine(label="Hours freed", estimates=(executive, sponsor))
    roi = roi_compute(
        benefits=[hours],
        costs=[
            CostLine(label="fees", amount=D(30000)),
            CostLine(label="executive's time", hours=D(40), rate=D(150)),  # 6,000
        ],
    )
    assert executive.adjusted == D(48000)
    assert hours.used is sponsor and hours.adjusted == D(28000)
    assert roi.total_benefit == D(28000)
    assert roi.total_cost == D(36000)
    assert roi.net_benefit == D(-8000)
    assert roi.roi_percent == D("-22.2")  # -8,000 ÷ 36,000 × 100 = -22.22…
    assert roi.bcr == D("0.78")


def test_no_costs_gives_no_ratio_rather_than_a_division_by_zero():
    roi = roi_compute(
        benefits=[BenefitLine("b", (EstimateFigures(D(10), D(100), D(100), True),))],
        costs=[CostLine("zero", amount=D(0))],
    )
    assert roi.has_costs is False
    assert roi.roi_percent is None and roi.bcr is None
    assert roi.net_benefit == D(10)


def test_a_benefit_without_estimates_counts_as_zero():
    assert BenefitLine("b", ()).adjusted == 0 and BenefitLine("b", ()).used is None


@pytest.mark.parametrize(
    "figures",
    [
        {"value": D(-1), "share": D(50), "confidence": D(50)},
        {"value": D(1), "share": D("100.01"), "confidence": D(50)},
        {"value": D(1), "share": D(50), "confidence": D(-1)},
    ],
)
def test_figures_outside_their_range_are_refused(figures):
    with pytest.raises(ValueError):
        EstimateFigures(supported=True, **figures)


def test_a_negative_cost_is_refused():
    with pytest.raises(ValueError):
        CostLine("c", amount=D(-5))


@given(st.lists(benefits, max_size=4), costs, some_cost)
def test_roi_and_the_benefit_cost_ratio_agree(lines, cost_lines, fees):
    roi = roi_compute(benefits=lines, costs=[*cost_lines, fees])
    assert roi.roi_exact is not None and roi.bcr_exact is not None and roi.roi_percent is not None
    assert roi.roi_exact == (roi.bcr_exact - 1) * 100
    # And their rounded forms as printed: ROI % to 0.1, BCR to 0.01.
    bcr = Decimal(roi.bcr_exact.numerator) / roi.bcr_exact.denominator
    assert abs(roi.roi_percent - (bcr - 1) * 100) <= D("0.05")


@given(
    st.lists(benefits.filter(lambda b: b.estimates), min_size=1, max_size=4),
    costs,
    some_cost,
    st.data(),
)
def test_lowering_any_estimate_never_raises_the_roi(lines, cost_lines, fees, data):
    before = roi_compute(benefits=lines, costs=[*cost_lines, fees])
    b = data.draw(st.integers(0, len(lines) - 1))
    e = data.draw(st.integers(0, len(lines[b].estimates) - 1))
    estimate = lines[b].estimates[e]
    field = data.draw(st.sampled_from(["value", "share", "confidence", "supported"]))
    if field == "supported":
        lowered = replace(estimate, supported=False)
    else:
        current = getattr(estimate, field)
        lowered = replace(estimate, **{field: data.draw(st.decimals(min_value=0, max_value=current, places=2))})
    changed = list(lines)
    changed[b] = BenefitLine(
        label="b", estimates=tuple(lowered if i == e else x for i, x in enumerate(lines[b].estimates))
    )
    after = roi_compute(benefits=changed, costs=[*cost_lines, fees])
    assert after.roi_exact is not None and before.roi_exact is not None
    assert after.bcr_exact is not None and before.bcr_exact is not None
    assert after.roi_exact <= before.roi_exact
    assert after.bcr_exact <= before.bcr_exact


@given(st.lists(estimates, min_size=1, max_size=5))
def test_the_lowest_estimate_is_the_one_used(figures):
    line = BenefitLine("b", tuple(figures))
    assert line.adjusted == min(f.adjusted for f in figures)
    used = line.used
    assert used is not None and used in figures and used.adjusted == line.adjusted


@given(estimates)
def test_an_unsupported_estimate_counts_as_zero(estimate):
    unsupported = replace(estimate, supported=False)
    assert unsupported.adjusted == 0
    assert BenefitLine("b", (unsupported, replace(estimate, supported=True))).adjusted == 0


@given(estimates)
def test_the_adjusted_benefit_is_value_times_share_times_confidence(estimate):
    supported = replace(estimate, supported=True)
    expected = Fraction(supported.value) * Fraction(supported.share) / 100 * Fraction(supported.confidence) / 100
    assert Fraction(supported.adjusted) == expected


@given(st.lists(benefits, max_size=4), costs, some_cost)
def test_net_benefit_is_benefits_less_every_cost(lines, cost_lines, fees):
    roi = roi_compute(benefits=lines, costs=[*cost_lines, fees])
    assert roi.total_cost == sum((c.total for c in cost_lines), D(0)) + fees.amount
    assert roi.net_benefit == sum((b.adjusted for b in lines), D(0)) - roi.total_cost
