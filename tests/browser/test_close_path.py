"""Closing an engagement in the browser: the coach confirms the close; the engagement page then
hides its forms, and a write sent anyway (a tab opened before the close) is refused with a page
that says the engagement is closed; the sustain plan still takes the executive's check-in."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stepwise.engagements.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coach_closes_the_engagement_and_a_write_is_then_refused(new_context, sign_in, signed_engagement):
    engagement = signed_engagement
    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test")
    # The executive has the stakeholder form open in a tab before the close.
    executive.goto(f"/engagements/{engagement.public_id}/stakeholders/new/")
    executive.get_by_label("Name").fill("Dana Direct")
    executive.get_by_label("Email").fill("dana@globex.test")

    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(f"/engagements/{engagement.public_id}/")
    coach.get_by_role("button", name="Close the engagement").click()
    expect(coach.get_by_role("heading", name="Close the engagement")).to_be_visible()
    coach.get_by_label("I understand that the engagement becomes read-only").check()
    coach.get_by_role("button", name="Close the engagement").click()
    expect(coach.get_by_text("The engagement is closed. It is read-only now")).to_be_visible()
    expect(coach.get_by_role("link", name="Edit dates and status")).to_have_count(0)
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.Status.CLOSED

    executive.get_by_role("button", name="Save").click()
    expect(executive.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(executive.get_by_text("This engagement is closed, so nothing in it can be changed.")).to_be_visible()
    assert not engagement.stakeholders.filter(email="dana@globex.test").exists()

    # The sustain plan is the plan for after the engagement: it still takes a check-in date.
    executive.goto(f"/engagements/{engagement.public_id}/sustain/")
    day = timezone.localdate() + timedelta(days=30)
    executive.get_by_role("textbox", name="Check-in date").fill(day.isoformat())
    executive.get_by_role("button", name="Add the check-in").click()
    expect(executive.get_by_text("Check-in added: you and the coach are reminded by mail on")).to_be_visible()
