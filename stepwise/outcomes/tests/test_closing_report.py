"""The measures page and the closing report (page and PDF): what each reader sees, what the
agreement withholds from the sponsor, and flat query counts."""

import io
import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.feedback.models import Group
from stepwise.outcomes import roi_services
from stepwise.outcomes.measures import share_of_way, share_words
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal, Measure, Reading

from .minis_made import goal_approved, mini_answered

D = Decimal
SECRET_GOAL = "Stop micromanaging the finance team"


def url(world: World, name: str) -> str:
    return reverse(name, kwargs={"public_id": world.engagement.public_id})


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))


def signed(world: World, **sharing: bool) -> None:
    if sharing:
        Agreement.objects.filter(pk=world.agreement.pk).update(**sharing)
        world.agreement.refresh_from_db()
    world.agreement = agreement_sign_by_all(world)


def goal_with_measure(world: World, title: str = SECRET_GOAL, readings: int = 2) -> Goal:
    goal = plan_services.goal_create(engagement=world.engagement, title=title, token=uuid.uuid4())
    measure = Measure.objects.create(goal=goal, name="Hours on approvals", unit="h", baseline=10, target=4)
    for k in range(readings):
        Reading.objects.create(measure=measure, taken_on=date(2026, 1, 5) + timedelta(days=7 * k), value=10 - 2 * k)
    return goal


def roi_made(world: World, goal: Goal) -> None:
    benefit = roi_services.benefit_save(
        engagement=world.engagement,
        description="Manager hours freed",
        measure=goal.measures.get(),
        intangible=False,
    )
    roi_services.estimate_save(
        benefit=benefit,
        estimator="sponsor",
        annual_value=D(50000),
        share_percent=D(60),
        confidence_percent=D(50),
        supported=True,
        basis="Finance's figure for the hours",
        entered_by=world.sponsor,
    )
    roi_services.benefit_save(
        engagement=world.engagement, description="Trust in the team", measure=None, intangible=True
    )
    roi_services.cost_save(
        engagement=world.engagement, kind="fees", description="", amount=D(10000), hours=None, hourly_rate=None
    )


# --- the share of the way ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "share"),
    [
        (10, 4, 7, 50),  # the target below the baseline: fewer hours is the way
        (10, 4, 4, 100),
        (10, 4, 2, 133),  # past the target
        (10, 4, 12, -33),  # moved away
        (20, 60, 30, 25),
        (20, 60, None, None),  # no reading
        (5, 5, 6, None),  # the target is the baseline: no way to go
    ],
)
def test_the_share_of_the_way_from_baseline_to_target(baseline, target, latest, share):
    latest = None if latest is None else D(latest)
    expected = None if share is None else D(share)
    assert share_of_way(baseline=D(baseline), target=D(target), latest=latest) == expected


def test_the_share_in_words():
    assert share_words(None, has_reading=False) == "no readings yet"
    assert share_words(D(133), has_reading=True) == "target reached (133% of the way)"
    assert share_words(D(-33), has_reading=True) == "moved away from the target (-33% of the way)"
    assert share_words(D(50), has_reading=True) == "50% of the way to the target"


# --- the measures page --------------------------------------------------------------------------


def test_the_measures_page_shows_baseline_latest_target_share_and_chart(world: World):
    signed(world)
    goal_with_measure(world)
    response = client_for(world.executive).get(url(world, "measures_detail"))
    page = text(response)
    assert "Baseline 10 Latest reading 8 (12 Jan 2026) Target 4 Share of the way 33% of the way to the target" in page
    assert "<svg" in response.content.decode()


def test_a_sponsor_without_progress_sees_the_measures_but_no_readings(world: World):
    signed(world, sponsor_sees_progress=False)
    goal_with_measure(world)
    response = client_for(world.sponsor).get(url(world, "measures_detail"))
    page = text(response)
    assert response.status_code == 200 and "Hours on approvals" in page and "Target 4" in page
    assert "Latest reading" not in page and "Share of the way" not in page and "% of the way" not in page
    assert "<svg" not in response.content.decode()


def test_a_sponsor_whose_agreement_shares_no_goals_cannot_open_the_measures(world: World):
    signed(world, sponsor_sees_goals=False, sponsor_approves_goals=False)
    goal_with_measure(world)
    assert client_for(world.sponsor).get(url(world, "measures_detail")).status_code == 404


# --- the closing report -------------------------------------------------------------------------


def test_the_sponsor_downloads_the_closing_report_pdf_with_everything_shared(world: World):
    signed(world)
    goal = goal_with_measure(world)
    roi_made(world, goal)
    response = client_for(world.sponsor).get(url(world, "closing_report_pdf"))
    assert response.status_code == 200
    pdf = pdf_text(response)
    for seen in (
        "Closing report",
        "Acme",
        "Attendance against the agreed cadence",
        SECRET_GOAL,
        "Hours on approvals",
        "No mini-survey has closed yet.",
        "50,000.00 × 60 % × 50 % = 15,000.00",
        "Net benefit = 15,000.00 − 10,000.00 = 5,000.00",
        "ROI = 5,000.00 ÷ 10,000.00 × 100 = 50.0 %",
        "Benefit–cost ratio = 15,000.00 ÷ 10,000.00 = 1.50",
        "Trust in the team",
        "Finance's figure for the hours",
        "Of several estimates of one benefit, the lowest is used.",
    ):
        assert seen in pdf, seen


@pytest.mark.parametrize("name", ["closing_report", "closing_report_pdf"])
def test_nothing_the_agreement_withholds_appears_for_the_sponsor(world: World, name: str):
    signed(world, sponsor_sees_goals=False, sponsor_approves_goals=False, sponsor_sees_progress=False)
    goal = goal_with_measure(world)
    roi_made(world, goal)
    response = client_for(world.sponsor).get(url(world, name))
    assert response.status_code == 200
    shown = pdf_text(response) if name.endswith("pdf") else text(response)
    assert SECRET_GOAL not in shown
    assert "Hours on approvals" not in shown  # the measure's name, also behind the ROI's benefit
    assert "The agreement does not share the goals with the sponsor." in shown
    assert "Manager hours freed" in shown and "ROI = 5,000.00" in shown  # the ROI is the sponsor's to read
    # The coach reading the same report sees the goal.
    coach = client_for(world.coach).get(url(world, name))
    assert SECRET_GOAL in (pdf_text(coach) if name.endswith("pdf") else text(coach))


def test_the_sponsor_sees_goals_but_not_progress_when_only_goals_are_shared(world: World):
    signed(world, sponsor_sees_progress=False)
    goal_with_measure(world)
    page = text(client_for(world.sponsor).get(url(world, "closing_report")))
    assert SECRET_GOAL in page
    assert "Latest reading" not in page and "key actions done" not in page


def test_the_practice_admin_reads_the_report_without_goals(world: World):
    signed(world)
    goal_with_measure(world)
    page = text(client_for(world.admin).get(url(world, "closing_report")))
    assert SECRET_GOAL not in page and "Attendance against the agreed cadence" in page


def _goals(world: World, n: int) -> None:
    Goal.objects.filter(engagement=world.engagement).delete()
    for k in range(n):
        goal = goal_with_measure(world, f"Goal {k}", readings=3)
        if k == 0:
            roi_made(world, goal)


@pytest.mark.parametrize("role", ["coach", "sponsor"])
def test_the_closing_report_makes_the_same_number_of_queries_for_1_and_8_goals(world: World, role: str):
    signed(world)
    client = client_for(world.user(role))
    counts = []
    for n in (1, 8):
        _goals(world, n)
        client.get(url(world, "closing_report"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world, "closing_report")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_measures_page_makes_the_same_number_of_queries_for_1_and_8_goals(world: World):
    signed(world)
    client = client_for(world.executive)
    counts = []
    for n in (1, 8):
        _goals(world, n)
        client.get(url(world, "measures_detail"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world, "measures_detail")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_closing_report_shows_the_measured_change_naming_goals_only_for_who_sees_them(world: World):
    goal_approved(world, SECRET_GOAL)
    mini_answered(world, date(2027, 4, 11), {Group.PEER: [[(2, 4)], [(1, 3)], [(2, 1)], [(1, 2)]]})
    coach = text(client_for(world.coach).get(url(world, "closing_report")))
    assert "From the mini-survey of 11 April 2027, answered by 4 stakeholders" in coach
    assert SECRET_GOAL in coach and "95% interval" in coach

    # A later agreement shares no goals: the sponsor reads the change of "Goal 1", not its title.
    in_force = Agreement.objects.in_force_for(world.engagement)
    assert in_force is not None
    Agreement.objects.filter(pk=in_force.pk).update(
        sponsor_sees_goals=False, sponsor_approves_goals=False, sponsor_sees_progress=False
    )
    response = client_for(world.sponsor).get(url(world, "closing_report_pdf"))
    sponsor = pdf_text(response)
    assert "answered by 4 stakeholders" in sponsor and "Goal 1" in sponsor
    assert SECRET_GOAL not in sponsor
