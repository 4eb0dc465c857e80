"""Step 7's look at the goals' measures: baseline, latest reading, target, the chart, and the share
of the way from the baseline to the target — for the outcomes pages and the closing report.

Goals and measures are ``Part.GOALS``; readings, the chart and the share are ``Part.PROGRESS``
(a sponsor sees them only when the agreement shares progress)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from stepwise.engagements.access import Access, Part
from stepwise.plans.models import Goal, Measure, Reading
from stepwise.plans.selectors import goals_visible, measure_chart


def share_of_way(*, baseline: Decimal, target: Decimal, latest: Decimal | None) -> Decimal | None:
    """How far ``latest`` has moved from ``baseline`` towards ``target``, in percent (whole
    numbers, half up): 0 at the baseline, 100 at the target, over 100 past it, below 0 when it
    moved away. It works the same when the target is below the baseline (fewer hours, fewer
    complaints). None with no reading, or when the target equals the baseline (no way to go)."""
    if latest is None or target == baseline:
        return None
    share = (latest - baseline) / (target - baseline) * 100
    return share.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def share_words(share: Decimal | None, *, has_reading: bool) -> str:
    """The share in words, for a reader who cannot see the chart."""
    if not has_reading:
        return _("no readings yet")
    if share is None:
        return _("the target is the baseline: no way to measure")
    if share >= 100:
        return _("target reached (%(share)s%% of the way)") % {"share": share}
    if share < 0:
        return _("moved away from the target (%(share)s%% of the way)") % {"share": share}
    return _("%(share)s%% of the way to the target") % {"share": share}


@dataclass
class MeasureRow:
    measure: Measure
    readings: list[Reading] = field(default_factory=list)
    latest: Reading | None = None
    share: Decimal | None = None
    words: str = ""
    chart: str = ""


@dataclass
class GoalMeasures:
    goal: Goal
    measures: list[MeasureRow]


def measure_rows(access: Access, *, charts: bool = True) -> list[GoalMeasures]:
    """Each visible goal with its measures; readings, shares and charts only for those who read
    progress. A fixed number of queries (the plan's prefetch), whatever the number of goals."""
    sees_progress = access.can_read(Part.PROGRESS)
    rows = []
    for goal in goals_visible(access):
        measures = []
        for measure in goal.measures.all():
            row = MeasureRow(measure=measure)
            if sees_progress:
                row.readings = list(measure.readings.all())
                row.latest = row.readings[-1] if row.readings else None
                row.share = share_of_way(
                    baseline=measure.baseline,
                    target=measure.target,
                    latest=row.latest.value if row.latest else None,
                )
                row.words = share_words(row.share, has_reading=row.latest is not None)
                row.chart = measure_chart(measure) if charts else ""
            measures.append(row)
        rows.append(GoalMeasures(goal=goal, measures=measures))
    return rows
