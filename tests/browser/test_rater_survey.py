"""A rater in the browser, on a phone: they open the link from their mail, read who will see
what, answer, save, close the page, come back later through the same link, finish and send."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.feedback import services, vault
from stepwise.feedback.models import Group, PendingSubmission, Rater
from stepwise.feedback.tests.helpers import items_add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def rater_link(signed_engagement: Engagement) -> str:
    stakeholder = engagement_services.stakeholder_save(
        engagement=signed_engagement, name="Pat Peer", email="pat@globex.test", relationship="peer"
    )
    round = services.round_create(
        engagement=signed_engagement, title="360 feedback", opens_on=date(2027, 3, 1), closes_on=date(2027, 3, 22)
    )
    items_add(round)
    rater = services.rater_nominate(round=round, stakeholder=stakeholder, group=Group.PEER)
    services.round_open(round=round)
    rater.refresh_from_db()
    return f"/r/{vault.rater_token(rater.token_salt)}/"


def test_a_rater_answers_on_a_phone_over_two_visits_and_sends(new_context, rater_link):
    page = new_context(**PHONE).new_page()
    page.goto(rater_link)
    expect(page).to_have_url(re.compile(r"/r/$"))  # the token has left the address bar
    expect(page.get_by_role("heading", name="Before you start: who will see what")).to_be_visible()
    expect(page.get_by_text("never what you said")).to_be_visible()
    expect(page.get_by_text("The survey closes on 22 March 2027")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"

    listens = page.get_by_role("group", name="Listens before deciding")
    listens.get_by_role("radio", name="4 Agree").check()
    expect(listens.locator("input[value='4']")).to_be_checked()
    # By keyboard: focus a choice and press Space.
    page.get_by_role("group", name="Asks for other views").locator("input[value='na']").focus()
    page.keyboard.press("Space")
    comment = page.get_by_label("What could Erin start doing?")
    comment.fill("Share the agenda the day before.")
    expect(page.get_by_text("characters left")).to_be_visible()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Saved at")
    page.get_by_role("button", name="Save and finish later").click()
    expect(page.get_by_text("open the link in your invitation mail again")).to_be_visible()
    page.close()

    # Later, in another browser (nothing kept locally): the link from the mail opens the draft.
    later = new_context(**PHONE).new_page()
    later.goto(rater_link)
    expect(later.get_by_role("group", name="Listens before deciding").locator("input[value='4']")).to_be_checked()
    expect(later.get_by_role("group", name="Asks for other views").locator("input[value='na']")).to_be_checked()
    expect(later.get_by_label("What could Erin start doing?")).to_have_value("Share the agenda the day before.")

    # Sending with a statement unanswered is refused beside it, and nothing is lost.
    later.get_by_role("button", name="Send my answers").click()
    expect(later.get_by_text("Choose a rating from 1 to 5, or “can't say”.")).to_be_visible()
    expect(later.get_by_label("What could Erin start doing?")).to_have_value("Share the agenda the day before.")
    later.get_by_role("group", name="Hands over whole pieces of work").locator("input[value='2']").check()
    later.get_by_role("button", name="Send my answers").click()
    expect(later.get_by_role("heading", name="Thank you: your answers are sent")).to_be_visible()
    assert PendingSubmission.objects.count() == 1
    assert Rater.objects.get().answer == Rater.Answer.SUBMITTED

    again = new_context(**PHONE).new_page()
    again.goto(rater_link)
    expect(again.get_by_text("This link was used: your answers were sent")).to_be_visible()
