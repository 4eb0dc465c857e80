"""The demo's ROI: realistic benefits, estimates by both estimators, costs and intangibles."""

import uuid
from decimal import Decimal

from stepwise.conftest import World
from stepwise.outcomes.demo_roi import REVIEW_HOURS, demo_roi
from stepwise.outcomes.roi_services import roi_read
from stepwise.plans import services as plan_services
from stepwise.plans.models import Measure


def test_the_demo_roi_is_conservative_and_made_once(world: World):
    goal = plan_services.goal_create(engagement=world.engagement, title="Hand over the review", token=uuid.uuid4())
    measure = Measure.objects.create(goal=goal, name=REVIEW_HOURS, unit="h", baseline=6, target=1)
    demo_roi(world.engagement)
    demo_roi(world.engagement)  # idempotent
    read = roi_read(world.engagement)
    assert len(read.benefits) == 3 and len(read.intangibles) == 2 and len(read.costs) == 5
    assert read.benefits[0].measure == measure
    # 39,000 × 60 % × 70 % (the sponsor's, lower) + 200,000 × 45 % × 60 % + 0 (unsupported)
    assert read.roi.total_benefit == Decimal(16380) + Decimal(54000)
    assert read.roi.total_cost == Decimal(24000 + 1800 + 60 * 325 + 30 * 180 + 900)
    assert read.roi.roi_percent == Decimal("36.4") and read.roi.bcr == Decimal("1.36")
