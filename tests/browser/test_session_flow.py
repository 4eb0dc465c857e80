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

from stepwise.agreements import services as agreement_services
from stepwise.conftest import participant_join
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.meetings.models import CheckIn, Session
from stepwise.plans import services as plan_services
from stepwise.plans.models import KeyAction
from stepwise.users.models import User
from stepwise.worksheets.services import templates_install

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Seven-steps-up-the-hill-84"


@pytest.fixture
def engagement() -> Engagement:
    templates_install()
    coach = User.objects.create_user(
        email="cora@practice.test", password=PASSWORD, full_name="Cora Coach", is_coach=True, time_zone="Europe/London"
    )
    executive = User.objects.create_user(
        email="erin@globex.test", password=PASSWORD, full_name="Erin Executive", time_zone="Europe/London"
    )
    sponsor = User.objects.create_user(email="sam@globex.test", password=PASSWORD, full_name="Sam Sponsor")
    engagement = engagement_services.engagement_create(
        coach=coach,
        organisation=engagement_services.organisation_create(name="Globex"),
        title="Erin — leading Europe",
        start_date=timezone.localdate() - timedelta(days=40),
        planned_months=6,
        executive_name="Erin Executive",
        executive_email="erin@globex.test",
        sponsor_name="Sam Sponsor",
        sponsor_email="sam@globex.test",
    )
    for participant in engagement.participants.all():  # they accept their invitations
        participant_join(participant)
    agreement = agreement_services.agreement_open(agreement=agreement_services.agreement_start(engagement=engagement))
    for person in (coach, executive, sponsor):
        agreement_services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )
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
    sign_in(coach, email="cora@practice.test", password=PASSWORD)
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
    sign_in(executive, email="erin@globex.test", password=PASSWORD)
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
    assert "Hand over the weekly report" in text or "Delegate the weekly report" in text
