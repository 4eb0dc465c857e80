"""Access-walk rows for step 7's ROI, measures and closing report (merged into PAGES by
test_access_walk.py).

DESIGN.md: "ROI and closing report: executive read, coach write, sponsor read, admin read".
The coach keeps benefits and costs; each estimator writes their own estimate (the executive and
the sponsor theirs, the coach either), so another's estimate is a 403. The measures page is the
goals' (``Part.GOALS``): the practice admin has no part in it, and the sponsor reads it only
under an agreement that shares the goals — rows built on ``goal_made`` (signed, sharing) show
the sponsor's 200, those on the world's draft agreement their 404.
"""

from decimal import Decimal
from typing import Any
from uuid import uuid4

from stepwise.conftest import World
from stepwise.outcomes import roi_services
from stepwise.outcomes.models import Benefit, Estimate
from tests.walk import POST_ONLY, Page, codes, engagement_kwargs, goal_made

ROI_READERS = codes(admin=200, coach=200, executive=200, sponsor=200, anonymous=302, others=404)
COACH_WRITES = codes(coach=200, admin=403, executive=403, sponsor=403, anonymous=302, others=404)
COACH_POSTS = codes(coach=302, admin=403, executive=403, sponsor=403, anonymous=302, others=404)
ESTIMATORS_WRITE = codes(coach=200, executive=200, sponsor=200, admin=403, anonymous=302, others=404)
ESTIMATORS_POST = codes(coach=302, executive=302, sponsor=302, admin=403, anonymous=302, others=404)
# The executive's estimate: the coach and the executive change it; the sponsor reads it only.
OWN_ESTIMATE_WRITE = codes(coach=200, executive=200, sponsor=403, admin=403, anonymous=302, others=404)
OWN_ESTIMATE_POST = codes(coach=302, executive=302, sponsor=403, admin=403, anonymous=302, others=404)


def _benefit_made(world: World) -> Benefit:
    goal = goal_made(world)
    benefit = roi_services.benefit_save(
        engagement=world.engagement,
        description="Hours freed from the weekly report",
        measure=goal.measures.get(),
        intangible=False,
    )
    roi_services.cost_save(
        engagement=world.engagement, kind="fees", description="", amount=Decimal(9000), hours=None, hourly_rate=None
    )
    return benefit


def _benefit(world: World) -> dict[str, Any]:
    return engagement_kwargs(world) | {"benefit_id": _benefit_made(world).public_id}


def _estimate(world: World) -> dict[str, Any]:
    benefit = _benefit_made(world)
    estimate = roi_services.estimate_save(
        benefit=benefit,
        estimator=Estimate.Estimator.EXECUTIVE,
        annual_value=Decimal(20000),
        share_percent=Decimal(50),
        confidence_percent=Decimal(80),
        supported=True,
        basis="Six hours a week at my rate.",
        entered_by=world.executive,
    )
    return engagement_kwargs(world) | {"estimate_id": estimate.public_id}


def _cost(world: World) -> dict[str, Any]:
    _benefit_made(world)
    return engagement_kwargs(world) | {"cost_id": world.engagement.roi_costs.get().public_id}


def _signed(world: World) -> dict[str, Any]:
    _benefit_made(world)
    return engagement_kwargs(world)


def _estimate_form(world: World) -> dict[str, Any]:
    # The coach chooses the estimator; the executive and the sponsor estimate as themselves.
    return {
        "estimator": "executive",
        "annual_value": "12000",
        "share_percent": "40",
        "confidence_percent": "70",
        "supported": "on",
        "revision": "0",
        "token": str(uuid4()),
    }


PAGES: dict[str, Page] = {
    "roi_detail": Page(_signed, get=ROI_READERS),
    "roi_benefit_add": Page(
        engagement_kwargs,
        get=COACH_WRITES,
        post=COACH_POSTS,
        data=lambda w: {"description": "Fewer escalations to the board", "token": str(uuid4())},
    ),
    "roi_benefit_edit": Page(
        _benefit,
        get=COACH_WRITES,
        post=COACH_POSTS,
        data=lambda w: {"description": "Hours freed each week", "revision": "0"},
    ),
    "roi_benefit_remove": Page(_benefit, get=POST_ONLY, post=COACH_POSTS),
    "roi_estimate_add": Page(_benefit, get=ESTIMATORS_WRITE, post=ESTIMATORS_POST, data=_estimate_form),
    "roi_estimate_edit": Page(_estimate, get=OWN_ESTIMATE_WRITE, post=OWN_ESTIMATE_POST, data=_estimate_form),
    "roi_estimate_remove": Page(_estimate, get=POST_ONLY, post=OWN_ESTIMATE_POST),
    "roi_cost_add": Page(
        engagement_kwargs,
        get=COACH_WRITES,
        post=COACH_POSTS,
        data=lambda w: {"kind": "executive_time", "hours": "12", "hourly_rate": "150", "token": str(uuid4())},
    ),
    "roi_cost_edit": Page(
        _cost, get=COACH_WRITES, post=COACH_POSTS, data=lambda w: {"kind": "fees", "amount": "9500", "revision": "0"}
    ),
    "roi_cost_remove": Page(_cost, get=POST_ONLY, post=COACH_POSTS),
    # Under the world's draft agreement nothing is shared with the sponsor: 404 (the signed case
    # is in stepwise/outcomes/tests/test_closing_report.py).
    "measures_detail": Page(engagement_kwargs, get=codes(coach=200, executive=200, anonymous=302, others=404)),
    "closing_report": Page(_signed, get=ROI_READERS),
    "closing_report_pdf": Page(_signed, get=ROI_READERS),
}
