"""The ROI pages: the coach enters benefits and costs, the executive and the sponsor their own
estimates; the arithmetic is on the page; bad input is refused beside the field with nothing lost;
a form sent twice makes one row; two editors never overwrite each other; queries stay flat."""

import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.outcomes import roi_services
from stepwise.outcomes.models import Benefit, Cost, Estimate

D = Decimal


def url(world: World, name: str, **ids: object) -> str:
    return reverse(name, kwargs={"public_id": world.engagement.public_id, **ids})


def text(response) -> str:
    """The page's text, tags out and spaces squeezed: what a reader sees."""
    body = response.content.decode()
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


def benefit_make(world: World, description: str = "Hours freed from the weekly report", **more) -> Benefit:
    return roi_services.benefit_save(
        engagement=world.engagement,
        description=description,
        measure=more.get("measure"),
        intangible=more.get("intangible", False),
    )


def estimate_make(world: World, benefit: Benefit, estimator: str, value, share, confidence, supported=True):
    return roi_services.estimate_save(
        benefit=benefit,
        estimator=estimator,
        annual_value=D(value),
        share_percent=D(share),
        confidence_percent=D(confidence),
        supported=supported,
        basis="",
        entered_by=world.coach,
    )


def cost_make(world: World, kind: str = "fees", amount=None, hours=None, rate=None) -> Cost:
    return roi_services.cost_save(
        engagement=world.engagement,
        kind=kind,
        description="",
        amount=None if amount is None else D(amount),
        hours=None if hours is None else D(hours),
        hourly_rate=None if rate is None else D(rate),
    )


def test_the_coach_enters_benefits_and_costs_and_the_arithmetic_is_on_the_page(world: World):
    coach = client_for(world.coach)
    response = coach.post(
        url(world, "roi_benefit_add"), {"description": "Fewer escalations", "token": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    benefit = Benefit.objects.get(engagement=world.engagement)
    estimate = {
        "estimator": "executive",
        "annual_value": "120000",
        "share_percent": "50",
        "confidence_percent": "80",
        "supported": "on",
        "token": str(uuid.uuid4()),
    }
    assert coach.post(url(world, "roi_estimate_add", benefit_id=benefit.public_id), estimate).status_code == 302
    sponsor_estimate = estimate | {"estimator": "sponsor", "annual_value": "100000", "share_percent": "40"}
    sponsor_estimate |= {"confidence_percent": "70", "token": str(uuid.uuid4())}
    assert coach.post(url(world, "roi_estimate_add", benefit_id=benefit.public_id), sponsor_estimate).status_code == 302
    assert (
        coach.post(url(world, "roi_cost_add"), {"kind": "fees", "amount": "30000", "token": str(uuid.uuid4())})
    ).status_code == 302
    time = {"kind": "executive_time", "hours": "40", "hourly_rate": "150", "token": str(uuid.uuid4())}
    assert coach.post(url(world, "roi_cost_add"), time).status_code == 302
    coach.post(
        url(world, "roi_benefit_add"), {"description": "A calmer team", "intangible": "on", "token": str(uuid.uuid4())}
    )

    page = text(coach.get(url(world, "roi_detail")))
    assert "120,000.00 × 50 % × 80 % = 48,000.00" in page
    assert "100,000.00 × 40 % × 70 % = 28,000.00 the lowest: used" in page
    assert "40 h × 150.00 an hour = 6,000.00" in page
    assert "Net benefit = 28,000.00 − 36,000.00 = -8,000.00" in page
    assert "ROI = -8,000.00 ÷ 36,000.00 × 100 = -22.2 %" in page
    assert "Benefit–cost ratio = 28,000.00 ÷ 36,000.00 = 0.78" in page
    assert "A calmer team" in page.split("never converted to money")[1]
    for rule in ("the lowest is used", "counts as zero", "Only the first year", "All costs are included"):
        assert rule in page


def test_an_unsupported_estimate_shows_as_zero_and_no_costs_shows_a_message(world: World):
    benefit = benefit_make(world)
    estimate_make(world, benefit, "executive", 5000, 100, 100, supported=False)
    page = text(client_for(world.sponsor).get(url(world, "roi_detail")))
    assert "not supported by evidence: counts as 0.00" in page
    assert "No costs are entered yet, so there is no ROI or benefit–cost ratio to show" in page
    assert "ROI =" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("share_percent", "120", "Give a percentage from 0 to 100."),
        ("confidence_percent", "-5", "Give a percentage from 0 to 100."),
        ("annual_value", "-1", "Give 0 or more: a value is never negative."),
    ],
)
def test_an_estimate_out_of_range_is_refused_beside_its_field_and_kept(world: World, field, value, message):
    benefit = benefit_make(world)
    data = {"annual_value": "1000", "share_percent": "50", "confidence_percent": "50", "basis": "My own notes"}
    data |= {field: value, "token": str(uuid.uuid4())}
    response = client_for(world.executive).post(url(world, "roi_estimate_add", benefit_id=benefit.public_id), data)
    assert response.status_code == 400
    body = response.content.decode()
    field_html = body[body.index(f'name="{field}"') - 600 : body.index(f'name="{field}"') + 100]
    assert message in field_html
    assert f'value="{value}"' in field_html and "My own notes" in body
    assert not Estimate.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "fees", "amount": "-10"}, "amount", "Give 0 or more"),
        ({"kind": "executive_time", "hours": "-2", "hourly_rate": "100"}, "hours", "Give 0 or more"),
        ({"kind": "stakeholder_time", "hours": "5"}, "hourly_rate", "Give the loaded hourly rate"),
        ({"kind": "assessments"}, "amount", "Give the amount of this cost."),
    ],
)
def test_a_bad_cost_is_refused_beside_its_field(world: World, data, field, message):
    response = client_for(world.coach).post(url(world, "roi_cost_add"), data | {"token": str(uuid.uuid4())})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body[body.index(f'name="{field}"') - 600 : body.index(f'name="{field}"')]
    assert not Cost.objects.exists()


def test_a_benefit_form_sent_twice_makes_one_benefit(world: World):
    client = client_for(world.coach)
    data = {"description": "Fewer escalations", "token": str(uuid.uuid4())}
    first, second = client.post(url(world, "roi_benefit_add"), data), client.post(url(world, "roi_benefit_add"), data)
    assert first.status_code == second.status_code == 302
    assert Benefit.objects.filter(engagement=world.engagement).count() == 1


def test_two_coaches_tabs_editing_a_cost_do_not_overwrite_each_other(world: World):
    cost = cost_make(world, amount=1000)
    client = client_for(world.coach)
    edit = url(world, "roi_cost_edit", cost_id=cost.public_id)
    assert client.post(edit, {"kind": "fees", "amount": "1200", "revision": "0"}).status_code == 302
    stale = client.post(edit, {"kind": "fees", "amount": "900", "revision": "0"})
    assert stale.status_code == 409
    assert "Someone else saved this" in stale.content.decode() and 'value="900"' in stale.content.decode()
    cost.refresh_from_db()
    assert cost.amount == D(1200)


def test_the_executive_writes_their_own_estimate_and_reads_the_sponsors(world: World):
    agreement_sign_by_all(world)
    benefit = benefit_make(world)
    sponsors = estimate_make(world, benefit, "sponsor", 1000, 50, 50)
    executive = client_for(world.executive)
    data = {"annual_value": "2000", "share_percent": "50", "confidence_percent": "50", "token": str(uuid.uuid4())}
    assert executive.post(url(world, "roi_estimate_add", benefit_id=benefit.public_id), data).status_code == 302
    assert Estimate.objects.get(benefit=benefit, estimator="executive").entered_by == world.executive
    edit_sponsors = url(world, "roi_estimate_edit", estimate_id=sponsors.public_id)
    assert executive.get(edit_sponsors).status_code == 403
    assert executive.post(edit_sponsors, data | {"revision": "0"}).status_code == 403
    assert executive.post(url(world, "roi_benefit_add"), {"description": "Mine"}).status_code == 403
    page = executive.get(url(world, "roi_detail")).content.decode()
    assert edit_sponsors not in page and "Add a benefit" not in page


def test_the_sponsors_own_lower_estimate_is_the_one_used(world: World):
    benefit = benefit_make(world)
    estimate_make(world, benefit, "executive", 10000, 100, 100)
    cost_make(world, amount=1000)
    sponsor = client_for(world.sponsor)
    data = {"annual_value": "4000", "share_percent": "50", "confidence_percent": "50", "supported": "on"}
    assert sponsor.post(url(world, "roi_estimate_add", benefit_id=benefit.public_id), data).status_code == 302
    page = text(sponsor.get(url(world, "roi_detail")))
    assert "1,000.00 the lowest: used" in page
    assert "Net benefit = 1,000.00 − 1,000.00 = 0.00" in page


def test_a_second_estimate_by_the_same_estimator_is_refused_with_a_message(world: World):
    benefit = benefit_make(world)
    estimate_make(world, benefit, "executive", 1000, 50, 50)
    data = {"annual_value": "3000", "share_percent": "50", "confidence_percent": "50", "token": str(uuid.uuid4())}
    response = client_for(world.executive).post(url(world, "roi_estimate_add", benefit_id=benefit.public_id), data)
    assert response.status_code == 400
    assert "The executive has an estimate of this benefit already" in response.content.decode()
    assert Estimate.objects.get().annual_value == D(1000)


def test_an_intangible_benefit_takes_no_estimate(world: World):
    benefit = benefit_make(world, "A calmer team", intangible=True)
    data = {"annual_value": "3000", "share_percent": "50", "confidence_percent": "50", "token": str(uuid.uuid4())}
    response = client_for(world.executive).post(url(world, "roi_estimate_add", benefit_id=benefit.public_id), data)
    assert response.status_code == 400
    assert "never given a value" in response.content.decode()
    assert not Estimate.objects.exists()


def _roi_with(world: World, n: int) -> None:
    Benefit.objects.filter(engagement=world.engagement).delete()
    Cost.objects.filter(engagement=world.engagement).delete()
    for k in range(n):
        benefit = benefit_make(world, f"Benefit {k}")
        estimate_make(world, benefit, "executive", 1000 + k, 50, 50)
        estimate_make(world, benefit, "sponsor", 900 + k, 50, 50)
        benefit_make(world, f"Intangible {k}", intangible=True)
        cost_make(world, amount=100 + k)
        cost_make(world, "executive_time", hours=2, rate=100)


@pytest.mark.parametrize("role", ["coach", "sponsor"])
def test_the_roi_page_makes_the_same_number_of_queries_for_1_and_12_benefits(world: World, role: str):
    agreement_sign_by_all(world)
    client = client_for(world.user(role))
    counts = []
    for n in (1, 12):
        _roi_with(world, n)
        client.get(url(world, "roi_detail"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world, "roi_detail")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_only_estimates_still_missing_are_offered(world: World):
    benefit = benefit_make(world)
    estimate_make(world, benefit, "executive", 1000, 50, 50)
    add = url(world, "roi_estimate_add", benefit_id=benefit.public_id)
    coach_form = client_for(world.coach).get(add).content.decode()
    assert '<option value="sponsor"' in coach_form and '<option value="executive"' not in coach_form
    assert add not in client_for(world.executive).get(url(world, "roi_detail")).content.decode()
    assert add in client_for(world.sponsor).get(url(world, "roi_detail")).content.decode()
