"""The 360 report in the browser: the coach reads it on a phone, redacts a comment with the
keyboard and releases it; the executive reads it, with no serious accessibility violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stepwise.feedback.tests.rounds_made import round_closed
from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_coach_redacts_and_releases_and_the_executive_reads_it(
    new_context, sign_in, signed_engagement, browser, live_server
):
    round = round_closed(signed_engagement, sizes={"manager": 1, "peer": 4, "direct_report": 2, "other": 3})
    url = reverse("round_report", args=[signed_engagement.public_id, round.public_id])

    coach = new_context(**PHONE).new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(url)
    expect(coach.get_by_role("heading", name="360 report · Spring 360")).to_be_visible()
    expect(coach.get_by_text("Not shown (too few responses): direct reports")).to_be_visible()
    assert "direct_report comment" not in coach.content()
    # The page fits a phone: only the tables scroll sideways, inside their own box.
    assert coach.evaluate("document.documentElement.scrollWidth") <= 390

    coach.get_by_role("link", name="Redact").first.focus()
    coach.keyboard.press("Enter")
    box = coach.get_by_label("The comment as it will be shown")
    box.fill("Someone said [name] helped the team.")
    box.press("Tab")
    coach.keyboard.press("Enter")
    expect(coach.get_by_text("Comment redacted")).to_be_visible()
    expect(coach.get_by_text("(redacted by the coach)")).to_be_visible()
    coach.get_by_role("button", name="Release version 1").click()
    expect(coach.get_by_text("Version 1 of the report was released")).to_be_visible()

    # bypass_csp: axe is injected as an inline script, which the site's policy refuses.
    reader = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        executive = reader.new_page()
        sign_in(executive, email="erin@globex.test")
        executive.goto(url)
        expect(executive.get_by_text("Someone said [name] helped the team.")).to_be_visible()
        expect(executive.get_by_role("link", name="Redact")).to_have_count(0)
        assert serious_violations(executive) == []
    finally:
        reader.close()
