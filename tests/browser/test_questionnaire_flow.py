"""The questionnaire library in the browser: a coach reads the built-in 360, copies it, adds a
question with the "add another" button, is told about an empty one beside its field, and saves."""

import pytest
from playwright.sync_api import expect

from stepwise.feedback.content import builtin_questionnaires_install
from stepwise.feedback.models import Questionnaire
from stepwise.users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Quiet-harbour-lanterns-27"


def test_a_coach_copies_the_builtin_360_and_adds_a_question(new_context, sign_in, live_server):
    User.objects.create_user(email="cora@practice.test", password=PASSWORD, full_name="Cora Coach", is_coach=True)
    builtin_questionnaires_install()  # a transactional test starts from empty tables
    page = new_context().new_page()
    sign_in(page, email="cora@practice.test", password=PASSWORD)

    page.get_by_role("link", name="Questionnaires").first.click()
    page.get_by_role("link", name="Leadership 360", exact=True).click()
    expect(page.get_by_text("Listens to other points of view before deciding.")).to_be_visible()
    page.get_by_role("button", name="Copy to change").click()
    expect(page.get_by_role("heading", name="Edit “Leadership 360 (copy)”")).to_be_visible()

    page.get_by_role("button", name="Add another question").click()
    added = page.locator("[data-rows=items] fieldset").last
    added.get_by_label("Competency").fill("Coaching culture")
    page.get_by_role("button", name="Save the questionnaire").click()
    expect(page.get_by_text("Write the question, or tick “Remove this question”.")).to_be_visible()
    expect(page.locator("[data-rows=items] fieldset").last.get_by_label("Competency")).to_have_value("Coaching culture")

    last = page.locator("[data-rows=items] fieldset").last
    last.get_by_label("Question").fill("Asks what the team needs from them.")
    last.get_by_label("Position").fill("1")
    page.get_by_role("button", name="Save the questionnaire").click()
    expect(page.get_by_text("Saved. Rounds already made keep")).to_be_visible()

    copy = Questionnaire.objects.get(copied_from__built_in=True, kind="360")
    first = copy.items.order_by("position").first()
    assert first is not None and (first.competency, first.text) == (
        "Coaching culture",
        "Asks what the team needs from them.",
    )
    assert copy.items.count() == 36
