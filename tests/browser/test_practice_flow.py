"""Practice steps 7–9 in the browser: after a closed, released 360, the executive adds a
behaviour to the development list from a suggestion (turned into a key action), records the
follow-up with one participant, and sets up the recurring question."""

from types import SimpleNamespace
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from stepwise.feedback.models import DevelopmentItem, FollowUp, PulseSeries
from stepwise.feedback.tests.practice_rounds import ITEMS, round_answered
from stepwise.plans import services as plan_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_executive_builds_the_list_follows_up_and_sets_up_the_pulse(signed_engagement, new_context, sign_in):
    engagement = signed_engagement
    plan_services.goal_create(engagement=engagement, title="Lead meetings where everyone speaks", token=uuid4())
    ratings = {"1": 2, "2": 4, "3": 3, "4": 5}
    round, raters = round_answered(SimpleNamespace(engagement=engagement), [("peer", ratings)] * 4)  # type: ignore[arg-type]

    executive = new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(executive, email="erin@globex.test")
    executive.goto(f"/engagements/{engagement.public_id}/")
    expect(executive.get_by_text("met 0 of 4")).to_be_visible()

    # Step 8: start from the lowest-rated behaviour, link it to the goal, make it a key action.
    executive.get_by_role("button", name="Development list").click()
    expect(executive.get_by_role("heading", name="Development list", exact=True)).to_be_visible()
    executive.get_by_role("link", name="Start from this").first.click()
    expect(executive.get_by_label("The 360 question it comes from (optional)")).to_have_value(
        str(round.items.get(text=ITEMS[0]).pk)
    )
    executive.get_by_label("What others experience, and what you want to make right").fill(
        "People feel cut off when I interrupt them."
    )
    executive.get_by_label("The coaching goal it belongs to").select_option(label="Lead meetings where everyone speaks")
    executive.get_by_label("Also add it to the goal's key actions").check()
    executive.get_by_role("button", name="Add to my list").click()
    expect(executive.get_by_text("Added to your development list.")).to_be_visible()
    expect(executive.get_by_role("cell", name="People feel cut off when I interrupt them.").first).to_be_visible()
    item = DevelopmentItem.objects.get()
    assert item.key_action is not None and item.item is not None

    # Step 9: who took part, and the follow-up with one of them.
    executive.goto(f"/engagements/{engagement.public_id}/")
    executive.get_by_role("button", name="Follow-ups").click()
    expect(executive.get_by_text("Met 0 of 4")).to_be_visible()
    executive.get_by_role("link", name=raters[0].stakeholder.name).click()
    executive.get_by_label("The key things I heard in the aggregated results, as I shared them").fill(
        "Listening came out lowest."
    )
    executive.get_by_label("The actions we discussed, to strengthen or eliminate certain behaviours").fill(
        "I wait my turn in meetings."
    )
    executive.get_by_role("button", name="Record the follow-up").click()
    expect(executive.get_by_text("Met 1 of 4")).to_be_visible()
    assert FollowUp.objects.get().actions == "I wait my turn in meetings."

    # Step 7: the recurring question, to the four peers, monthly.
    executive.goto(f"/engagements/{engagement.public_id}/pulse/")
    for rater in raters:
        executive.get_by_label(str(rater.stakeholder)).check()
    executive.get_by_role("combobox", name="How often").select_option(label="every month")
    executive.get_by_role("button", name="Save").click()
    expect(executive.get_by_text("Your pulse is saved.")).to_be_visible()
    assert PulseSeries.objects.get().stakeholders.count() == 4
