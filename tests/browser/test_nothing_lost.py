"""What is typed is never lost, in the browser: an intake answer over its limit is reported as not
saved and comes back after a reload; the goal page saves before it asks the sponsor, and warns
before a page with unsaved text is left; long text is never cut short by the browser."""

import uuid

import pytest
from playwright.sync_api import Dialog, expect

from stepwise.engagements.models import Engagement
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import WorksheetTemplate
from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTATIONS = "What are your expectations from our coaching relationship?"


@pytest.fixture
def engagement(signed_engagement: Engagement) -> Engagement:
    """An engagement whose agreement is signed by all three, asking the sponsor to approve goals."""
    return signed_engagement


def test_an_answer_over_the_limit_says_not_saved_and_comes_back_after_a_reload(engagement, new_context, sign_in):
    worksheet_services.templates_install()  # a transactional test starts from empty tables
    intake = worksheet_services.worksheet_assign(
        engagement=engagement,
        template=WorksheetTemplate.objects.get(slug="thought-starters"),
        assigned_by=engagement.coach,
        due_date=None,
    )
    path = f"/engagements/{engagement.public_id}/worksheets/{intake.public_id}/"
    page = new_context().new_page()
    sign_in(page, email="erin@globex.test", password=PASSWORD)
    page.goto(path)

    # Every long answer shows the room it has, before anything is typed.
    expect(page.locator("#q-strengths_accomplishments-room")).to_have_text("5,000 of 5,000 characters left")

    answer = ("I want honest feedback. " * 221).strip()  # 5,303 characters
    field = page.get_by_label(EXPECTATIONS)
    field.fill(answer)
    expect(field).to_have_value(answer)  # not cut at the limit by the browser
    expect(page.locator("#q-expectations-room")).to_have_text("303 characters over the limit of 5,000: shorten it")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Not saved:")
    expect(status).to_contain_text("303 characters over the limit of 5,000: shorten it.")
    expect(status).not_to_contain_text("Saved at")
    expect(page.get_by_text("303 characters over the limit of 5,000: shorten it.").first).to_be_visible()
    intake.refresh_from_db()
    assert "expectations" not in intake.answers

    # Leaving and coming back: the browser put the text back, and still says it is not saved.
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    expect(page.get_by_label(EXPECTATIONS)).to_have_value(answer)
    expect(page.get_by_role("status")).to_contain_text("Not saved:")

    # Shortened, it saves, and the status says so.
    page.get_by_label(EXPECTATIONS).fill("Honest feedback, and a plan I keep.")
    expect(page.get_by_role("status")).to_contain_text("Saved at")
    expect(page.locator("#q-expectations-room")).to_have_text("4,965 of 5,000 characters left")
    intake.refresh_from_db()
    assert intake.answers["expectations"] == "Honest feedback, and a plan I keep."


def test_save_and_ask_saves_the_deep_dive_and_leaving_with_unsaved_text_asks_first(engagement, new_context, sign_in):
    goal = plan_services.goal_create(
        engagement=engagement, title="Delegate the weekly operations review", token=uuid.uuid4()
    )
    path = f"/engagements/{engagement.public_id}/plan/goals/{goal.public_id}/"
    context = new_context()
    page = context.new_page()
    sign_in(page, email="erin@globex.test", password=PASSWORD)
    page.goto(path)

    page.get_by_label("What and how would you like things to be different?").fill(
        "The directors run the review and bring me decisions."
    )
    page.get_by_role("button", name="Save and ask for approval").click()
    expect(page.get_by_text("Sent to the sponsor")).to_be_visible()
    goal.refresh_from_db()
    assert goal.different == "The directors run the review and bring me decisions."
    assert goal.approval == Goal.Approval.PENDING

    # Offline, the text cannot be saved: leaving the page asks first, and staying keeps it.
    dialogs: list[Dialog] = []

    def stay(dialog: Dialog) -> None:
        dialogs.append(dialog)
        dialog.dismiss()

    page.on("dialog", stay)
    context.set_offline(True)
    why = page.get_by_label("Why is this goal important to you?")
    why.fill("Fridays back for strategy.")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Not saved yet")
    page.get_by_role("link", name="← Development plan").click()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Not saved yet")
    assert [d.type for d in dialogs] == ["beforeunload"]
    expect(why).to_have_value("Fridays back for strategy.")

    # Back online, autosave catches up, and leaving no longer asks.
    context.set_offline(False)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved at")
    goal.refresh_from_db()
    assert goal.why_me == "Fridays back for strategy."
    page.get_by_role("link", name="← Development plan").click()
    expect(page.get_by_role("heading", name="Development plan")).to_be_visible()
    assert len(dialogs) == 1


def test_a_goal_title_over_its_limit_is_kept_whole_and_refused_beside_the_field(engagement, new_context, sign_in):
    goal = plan_services.goal_create(
        engagement=engagement, title="Delegate the weekly operations review", token=uuid.uuid4()
    )
    page = new_context().new_page()
    sign_in(page, email="erin@globex.test", password=PASSWORD)
    page.goto(f"/engagements/{engagement.public_id}/plan/goals/{goal.public_id}/")
    title = ("Delegate the weekly operations review to my three directors. " * 8).strip()  # 487 characters
    field = page.get_by_label("Specific goal")
    field.fill(title)
    expect(field).to_have_value(title)
    expect(page.locator("#id_title-room")).to_have_text("87 characters over the limit of 400: shorten it")
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("Not saved: Specific goal: Keep this to 400 characters")
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_text("Keep this to 400 characters; it has 487.").first).to_be_visible()
    expect(page.get_by_label("Specific goal")).to_have_value(title)
    goal.refresh_from_db()
    assert goal.title == "Delegate the weekly operations review"


def test_the_assessment_asks_before_unsaved_text_is_left_and_not_after_saving(engagement, new_context, sign_in):
    page = new_context().new_page()
    sign_in(page, email="cora@practice.test", password=PASSWORD)
    page.goto(f"/engagements/{engagement.public_id}/assessment/")
    dialogs: list[str] = []

    def stay(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    strengths = page.get_by_label("The leader's strengths")
    expect(page.locator("#id_strengths-room")).to_have_text("10,000 of 10,000 characters left")
    strengths.fill("Calm under pressure; builds trust fast.")
    page.get_by_role("link", name="← Assessment").click()
    expect(strengths).to_have_value("Calm under pressure; builds trust fast.")  # stayed, text kept
    assert dialogs == ["beforeunload"]

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Assessment saved.")).to_be_visible()
    assert dialogs == ["beforeunload"]  # a submitted form does not ask
