"""Step 5 in the browser: the coach schedules a series on the agreement's cadence, the next
session's agenda shows the open key action, the coach records a past session with notes and a
new action, the executive checks in, and the first progress review is completed and its PDF
read back."""

import io
from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from stepwise.engagements.models import Engagement
from stepwise.meetings.models import CheckIn, Session
from stepwise.plans import services as plan_services
from stepwise.plans.models import KeyAction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def engagement(signed_engagement: Engagement) -> Engagement:
    """The signed engagement with one goal, its key action and a measure."""
    engagement = signed_engagement
    executive = engagement.executives()[0]
    goal = plan_services.goal_create(engagement=engagement, title="Delegate the weekly report", token=uuid4())
    plan_services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={"different": "My team runs it."},
        actions=[
            {
                "id": None,
                "description": "Hand over the weekly report",
                "target_date": None,
                "owner": "",
                "status": "not_started",
                "completed_on": None,
            }
        ],
        measures=[{"id": None, "name": "Hours on the report", "unit": "h", "baseline": 6, "target": 1}],
        user=executive,
    )
    return engagement


def test_schedule_agenda_record_check_in_and_review(engagement, new_context, sign_in):
    sessions = f"/engagements/{engagement.public_id}/sessions/"
    tomorrow = timezone.localdate() + timedelta(days=1)
    yesterday = timezone.localdate() - timedelta(days=1)

    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(sessions)
    coach.get_by_role("button", name="Schedule sessions").click()
    coach.get_by_label("Date").fill(tomorrow.isoformat())
    coach.get_by_label("Time:", exact=True).fill("10:00")
    coach.get_by_label("A series following the agreement's cadence").check()
    coach.get_by_role("button", name="Schedule", exact=True).click()
    expect(coach.get_by_text("sessions scheduled")).to_be_visible()
    planned = Session.objects.filter(engagement=engagement, status="scheduled").count()
    assert planned > 5

    # The next session's agenda is built from the open key action.
    coach.get_by_role("link", name=tomorrow.strftime("%a %-d %b %Y, 10:00")).click()
    expect(coach.get_by_text("Key action: Hand over the weekly report")).to_be_visible()

    # Yesterday's session, held but not entered: recorded with notes and a new action.
    coach.goto(sessions + "new/")
    coach.get_by_label("Date").fill(yesterday.isoformat())
    coach.get_by_label("Time:", exact=True).fill("09:00")
    coach.get_by_label("It has already taken place").check()
    coach.get_by_role("button", name="Schedule", exact=True).click()
    expect(coach.get_by_role("heading", name="Record the session of")).to_be_visible()
    coach.get_by_label("Hand over the weekly report").check()
    coach.get_by_label("Shared notes").fill("We rehearsed the hand-over with Dana.")
    first = coach.get_by_role("group", name="New action 1")
    first.get_by_label("New action item").fill("Ask Dana to run next week's report")
    first.get_by_label("Goal").select_option(label="Delegate the weekly report")
    coach.get_by_role("button", name="Save the record").click()
    expect(coach.get_by_text("Session recorded.")).to_be_visible()
    expect(coach.get_by_text("Ask Dana to run next week's report")).to_be_visible()
    assert KeyAction.objects.filter(session__isnull=False, description__startswith="Ask Dana").exists()

    # The executive reads the notes and checks in on the open actions.
    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test")
    executive.goto(f"/engagements/{engagement.public_id}/check-in/")
    row = executive.locator("fieldset", has_text="Hand over the weekly report")
    row.get_by_label("Status").select_option(label="in progress")
    row.get_by_label("Progress (%)").fill("40")
    row.get_by_label("What blocks it").fill("Dana is on leave until Tuesday")
    executive.get_by_role("button", name="Send my check-in").click()
    expect(executive.get_by_text("Dana is on leave until Tuesday").first).to_be_visible()
    assert CheckIn.objects.filter(blocker__startswith="Dana is on leave").count() == 1

    # The coach sees the change on the check-in page, then prepares and completes the first review.
    coach.goto(f"/engagements/{engagement.public_id}/check-in/")
    expect(coach.get_by_text("Dana is on leave until Tuesday").first).to_be_visible()
    coach.goto(f"/engagements/{engagement.public_id}/reviews/")
    coach.get_by_role("button", name="Prepare this review").first.click()
    coach.get_by_label("Your review and feedback").fill("Erin started the hand-over; keep going.")
    coach.get_by_role("button", name="Save my feedback").click()
    coach.get_by_role("button", name="Complete this review").click()
    expect(coach.get_by_text("Completed on")).to_be_visible()
    with coach.expect_download() as download:
        coach.get_by_role("button", name="Download the review (PDF)").click()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    assert "Erin started the hand-over" in text
    # The first review's period ended before today's check-in: the PDF names the goal by its measure.
    assert "Hours on the report" in text and "(Delegate the weekly report)" in text
