"""Steps 3–4 in the browser: the executive writes a goal and watches the SMART check respond, adds
key actions and a measure, the sponsor approves, and the plan PDF downloads and reads back."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from stepwise.plans.models import Goal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def smart(page, criterion: str):
    return page.locator(f"#smart-check [data-criterion='{criterion}']")


def test_a_goal_is_written_checked_planned_approved_and_downloaded(signed_engagement, new_context, sign_in):
    engagement = signed_engagement
    plan = f"/engagements/{engagement.public_id}/plan/"
    soon = timezone.localdate() + timedelta(days=20)
    deadline = engagement.end_date - timedelta(days=10)

    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test")
    executive.goto(plan)
    # Wait for the new page's load event: htmx binds the live check only then, and a goal typed
    # earlier would get no check (a person cannot type that fast; a test can).
    with executive.expect_navigation(wait_until="load"):
        executive.get_by_role("button", name="Add a goal").click()

    # The SMART check answers as the goal is typed, and changes as it improves.
    title = executive.get_by_label("Your goal, in one or two sentences")
    title.fill("Be a better leader")
    expect(smart(executive, "time_bound")).to_have_attribute("data-met", "no")
    expect(smart(executive, "measurable")).to_have_attribute("data-met", "no")
    expect(smart(executive, "time_bound")).to_contain_text("Try:")
    better = (
        "Delegate the weekly operations review to my three directors by "
        f"{deadline.day} {deadline.strftime('%B %Y')}, cutting my time in it from 6 to 2 hours a week"
    )
    title.fill(better)
    expect(smart(executive, "time_bound")).to_have_attribute("data-met", "yes")
    expect(smart(executive, "measurable")).to_have_attribute("data-met", "yes")
    executive.get_by_role("button", name="Add the goal").click()

    # The deep dive, two key actions and a measure, saved together.
    expect(executive.get_by_role("heading", name="Primary coaching goal: deep dive")).to_be_visible()
    executive.get_by_label("What and how would you like things to be different?").fill(
        "The directors run the review and bring me decisions."
    )
    executive.get_by_label("Why is this goal important to you?").fill("Fridays back for strategy.")
    executive.get_by_label("How will it be measured?").fill("Hours a week in the review.")
    executive.get_by_label("I'll know I have succeeded when…").fill("The review runs well without me.")
    executive.locator("[name='actions-0-description']").fill("Agree the review template")
    executive.locator("[name='actions-0-target_date']").fill(soon.isoformat())
    executive.locator("[name='actions-1-description']").fill("Coach Dana to chair it")
    executive.locator("[name='actions-1-target_date']").fill((soon + timedelta(days=14)).isoformat())
    executive.get_by_role("button", name="Add another measure").click()  # a second blank row, left empty
    executive.locator("[name='measures-0-name']").fill("Hours in the review")
    executive.locator("[name='measures-0-unit']").fill("h")
    executive.locator("[name='measures-0-baseline']").fill("6")
    executive.locator("[name='measures-0-target']").fill("2")
    executive.get_by_role("button", name="Save the goal").click()
    expect(executive.get_by_text("Goal saved.")).to_be_visible()

    # A reading in the wrong unit is refused with the measure's unit; the right one draws the chart.
    executive.get_by_label("Value", exact=True).fill("5 days")
    executive.get_by_role("button", name="Record a reading").click()
    expect(executive.get_by_text("This measure is counted in h")).to_be_visible()
    executive.locator("input[name='value']").fill("5")
    executive.get_by_role("button", name="Record the reading").click()
    expect(executive.get_by_text("Reading recorded")).to_be_visible()
    expect(executive.locator("figure.chart svg")).to_be_visible()

    executive.get_by_role("button", name="Save and ask for approval").click()
    expect(executive.get_by_text("waiting for the sponsor's approval")).to_be_visible()

    # The sponsor approves, from their own browser.
    sponsor = new_context().new_page()
    sign_in(sponsor, email="sam@globex.test")
    expect(sponsor.get_by_text("A coaching goal is waiting for your approval.")).to_be_visible()
    goal = Goal.objects.get(engagement=engagement)
    sponsor.goto(f"{plan}goals/{goal.public_id}/")
    expect(sponsor.get_by_text("Fridays back for strategy.")).to_have_count(0)  # the executive's reasons
    sponsor.get_by_label("Approve this goal").check()
    sponsor.get_by_label("Comment (optional)").fill("Yes — keep me posted.")
    sponsor.get_by_role("button", name="Record my decision").click()
    expect(sponsor.get_by_text("Your decision is recorded")).to_be_visible()

    # The plan shows it all, and downloads as a PDF whose text reads back.
    executive.goto(plan)
    expect(executive.get_by_text("approved by the sponsor")).to_be_visible()
    expect(executive.get_by_text("2 key actions · 0 done")).to_be_visible()
    with executive.expect_download() as download:
        executive.get_by_role("button", name="Download the plan (PDF)").click()
    path = download.value.path()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    for expected in (
        "Delegate the weekly operations review",
        "Agree the review template",
        "Coach Dana to chair it",
        "Hours in the review",
        "approved by the sponsor",
        "Fridays back for strategy.",
    ):
        assert expected in text, expected
