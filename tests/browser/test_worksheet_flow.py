"""Step 2 in the browser: the executive fills the intake over two visits, the coach reads it,
and the sponsor sees it only once it is shared."""

from datetime import date

import pytest
from playwright.sync_api import expect

from stepwise.conftest import participant_join
from stepwise.engagements import services as engagement_services
from stepwise.users.models import User
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import Worksheet, WorksheetTemplate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Quiet-harbour-lanterns-27"
RATINGS = (
    "willing_to_change",
    "success_distance",
    "senior_leader_effectiveness",
    "team_leadership_effectiveness",
    "job_satisfaction",
)


@pytest.fixture
def intake() -> Worksheet:
    coach = User.objects.create_user(
        email="cora@practice.test", password=PASSWORD, full_name="Cora Coach", is_coach=True
    )
    User.objects.create_user(email="erin@globex.test", password=PASSWORD, full_name="Erin Executive")
    User.objects.create_user(email="sam@globex.test", password=PASSWORD, full_name="Sam Sponsor")
    engagement = engagement_services.engagement_create(
        coach=coach,
        organisation=engagement_services.organisation_create(name="Globex"),
        title="Erin — leading Europe",
        start_date=date(2027, 1, 11),
        planned_months=6,
        executive_name="Erin Executive",
        executive_email="erin@globex.test",
        sponsor_name="Sam Sponsor",
        sponsor_email="sam@globex.test",
    )
    for participant in engagement.participants.all():  # they accept their invitations
        participant_join(participant)
    worksheet_services.templates_install()  # a transactional test starts from empty tables
    template = WorksheetTemplate.objects.get(slug="thought-starters")
    return worksheet_services.worksheet_assign(
        engagement=engagement, template=template, assigned_by=coach, due_date=None
    )


def test_the_intake_survives_a_closed_tab_is_submitted_read_and_shared(intake, new_context, sign_in, live_server):
    path = f"/engagements/{intake.engagement.public_id}/worksheets/{intake.public_id}/"

    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test", password=PASSWORD)
    executive.goto(path)
    executive.get_by_label("What are your expectations from our coaching relationship?").fill(
        "Honest feedback, and a plan I keep."
    )
    executive.locator("input[name='q-job_satisfaction'][value='6']").check()
    expect(executive.locator("[data-autosave-status]")).to_contain_text("Saved at")
    executive.close()  # mid-way: the tab is closed

    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test", password=PASSWORD)
    executive.goto(path)
    expectations = executive.get_by_label("What are your expectations from our coaching relationship?")
    expect(expectations).to_have_value("Honest feedback, and a plan I keep.")
    expect(executive.locator("input[name='q-job_satisfaction'][value='6']")).to_be_checked()

    # Submitting too early names what is missing, beside the question.
    executive.get_by_role("button", name="Submit to my coach").click()
    expect(executive.get_by_text("Give all 3 answers.").first).to_be_visible()
    expect(expectations).to_have_value("Honest feedback, and a plan I keep.")

    for key in ("career_changes", "three_month_goals"):
        for i in range(3):
            executive.locator(f"input[name='q-{key}-{i}']").fill(f"{key.replace('_', ' ')} {i + 1}")
    executive.get_by_label("If you could change one thing in your job right now what would it be?").fill(
        "Fewer meetings."
    )
    for key in RATINGS:
        executive.locator(f"input[name='q-{key}'][value='7']").check()
    executive.get_by_label("What would you say are your greatest strengths? Accomplishments?").fill(
        "Calm under pressure."
    )
    executive.get_by_label("In one sentence, how would you describe your previous year, professionally?").fill(
        "Growth."
    )
    executive.get_by_role("button", name="Submit to my coach").click()
    expect(executive.get_by_text("Submitted. Your coach has been told")).to_be_visible()

    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test", password=PASSWORD)
    coach.goto(path)
    expect(coach.get_by_text("Honest feedback, and a plan I keep.")).to_be_visible()
    coach.goto(f"/engagements/{intake.engagement.public_id}/worksheets/")
    expect(coach.locator("figure.chart svg")).to_be_visible()

    sponsor = new_context().new_page()
    sign_in(sponsor, email="sam@globex.test", password=PASSWORD)
    assert sponsor.goto(path).status == 404

    executive.goto(path)
    executive.get_by_role("button", name="Share with the sponsor").click()
    expect(executive.get_by_text("Shared with the sponsor.")).to_be_visible()
    assert sponsor.goto(path).status == 200
    expect(sponsor.get_by_text("Honest feedback, and a plan I keep.")).to_be_visible()


def test_a_worksheet_open_in_two_tabs_never_overwrites_the_newer_answers(intake, new_context, sign_in):
    path = f"/engagements/{intake.engagement.public_id}/worksheets/{intake.public_id}/"
    context = new_context()  # one person, one browser: two tabs share the sign-in
    first = context.new_page()
    sign_in(first, email="erin@globex.test", password=PASSWORD)
    first.goto(path)
    second = context.new_page()
    second.goto(path)
    label = "What are your expectations from our coaching relationship?"

    first.get_by_label(label).fill("Written in the first tab.")
    expect(first.locator("[data-autosave-status]")).to_contain_text("Saved at")
    with first.expect_response(lambda response: "autosave" in response.url) as saved:
        first.get_by_label(label).fill("Written in the first tab, then changed.")
    assert saved.value.status == 200  # the tab saves again on the revision its last save wrote

    second.get_by_label(label).fill("Written in the second tab.")
    expect(second.locator("[data-autosave-status]")).to_contain_text("saved in another tab or window")
    expect(second.get_by_label(label)).to_have_value("Written in the second tab.")  # kept on the page
    intake.refresh_from_db()
    assert intake.answers["expectations"] == "Written in the first tab, then changed."
