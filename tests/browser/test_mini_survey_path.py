"""A mini-survey from planning to the change, in Chromium: the coach plans it for today; the
worker sends it; six stakeholders answer through the links in their mail (one on a phone); the
window passes and it closes; the coach reads each goal's change with its interval, and the
follow-up beside it."""

import re
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.lib.recurring import tick_schedule
from stepwise.outcomes import mini
from stepwise.outcomes.tasks import mini_surveys_tick
from stepwise.plans import services as plan_services
from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
GOAL = "Lead meetings where everyone speaks"
# name, email, the change they saw, how often Erin followed up with them
RATERS = (
    ("Pat Peer", "pat@globex.test", "+2 More effective", "regularly"),
    ("Quinn Peer", "quinn@globex.test", "+3 Much more effective", "regularly"),
    ("Riley Peer", "riley@globex.test", "+2 More effective", "regularly"),
    ("Dana Direct", "dana@globex.test", "0 No change", "never"),
    ("Eli Direct", "eli@globex.test", "+1 Slightly more effective", "never"),
    ("Fay Direct", "fay@globex.test", "0 No change", "never"),
)


def _link(email: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [email]]
    return next(line for line in message.body.splitlines() if "/r/" in line).replace("http://testserver", "")


def test_a_mini_survey_from_planning_to_the_change(signed_engagement: Engagement, new_context, sign_in, run_worker):
    engagement = signed_engagement
    goal = plan_services.goal_create(engagement=engagement, title=GOAL, token=uuid4())
    goal = plan_services.goal_ask_approval(goal=goal)
    plan_services.goal_decide(
        goal=goal, sponsor=engagement.sponsors()[0], decision="approved", comment="", revision=goal.revision
    )
    for name, email, _change, _level in RATERS:
        relationship = "peer" if "Peer" in name else "direct_report"
        engagement_services.stakeholder_save(engagement=engagement, name=name, email=email, relationship=relationship)
    run_worker()
    mail.outbox.clear()
    today = timezone.localdate()

    # The coach plans a mini-survey for today, asking the six stakeholders.
    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(f"/engagements/{engagement.public_id}/")
    coach.get_by_role("button", name="Mini-surveys").click()
    expect(coach.get_by_role("heading", name="Mini-surveys", exact=True)).to_be_visible()
    coach.get_by_role("radio", name="Another date").check()
    coach.locator('input[name="opens_on"]').fill((today - timedelta(days=60)).isoformat())
    for name, *_ in RATERS:
        coach.get_by_label(re.compile(name)).check()
    coach.get_by_role("button", name="Plan it").click()
    expect(coach.get_by_text("The engagement starts on")).to_be_visible()  # before the start: refused
    coach.locator('input[name="opens_on"]').fill(today.isoformat())
    coach.get_by_role("button", name="Plan it").click()
    expect(coach.get_by_text("Mini-survey planned for")).to_be_visible()

    # The worker's hourly tick sends it today; the invitations go.
    assert tick_schedule(mini_surveys_tick)
    run_worker()
    run_worker()
    links = {email: _link(email) for _name, email, _change, _level in RATERS}

    # Each stakeholder answers through their link: the first by keyboard alone, the last on a
    # phone (where axe finds nothing serious; it is injected, so that context bypasses the CSP).
    for index, (_name, email, change, level) in enumerate(RATERS):
        on_phone = index == len(RATERS) - 1
        rater = new_context(**(PHONE | {"bypass_csp": True} if on_phone else {})).new_page()
        rater.goto(links[email])
        scale = rater.get_by_role("group", name=re.compile("more or less effective"))
        if index == 0:
            scale.get_by_role("radio", name="−3 Much less effective").focus()
            rater.keyboard.press("Space")
            for _ in range(5):  # −2, −1, 0, +1, +2: the arrows move along the scale
                rater.keyboard.press("ArrowRight")
            expect(scale.get_by_role("radio", name=change, exact=True)).to_be_checked()
        else:
            scale.get_by_role("radio", name=change, exact=True).check()
        if on_phone:
            assert serious_violations(rater) == []
        rater.get_by_role("group", name=re.compile("follow up with you")).get_by_role(
            "radio", name=level, exact=True
        ).check()
        rater.get_by_label(re.compile("One suggestion")).fill("Keep asking the quiet ones first.")
        rater.get_by_role("button", name="Send my answers").click()
        expect(rater.get_by_role("heading", name=re.compile("Thank you"))).to_be_visible()

    # Two weeks later the worker closes it.
    assert mini.mini_surveys_run(today=today + timedelta(days=mini.WINDOW_DAYS)) == (0, 1)

    # The coach reads the change with its interval, and the follow-up beside it.
    coach.goto(f"/engagements/{engagement.public_id}/")
    coach.get_by_role("button", name="Change measured").click()
    expect(coach.get_by_role("cell", name=GOAL)).to_be_visible()
    # Six answers 2, 3, 2, 0, 1, 0: mean 1.3, 95% interval 0.1 to 2.6.
    expect(coach.get_by_text("95% interval 0.1 to 2.6").first).to_be_visible()
    expect(coach.get_by_text("6 answers: 67% saw improvement, 33% no change, 0% decline").first).to_be_visible()
    expect(coach.get_by_text(re.compile("on 6 answers; not a proof"))).to_be_visible()
    expect(coach.get_by_role("cell", name="regularly", exact=True)).to_be_visible()
    expect(coach.get_by_role("listitem").filter(has_text="Keep asking the quiet ones first.")).to_have_count(6)

    # The suggestions wait for the coach: the executive sees the figures, not the words.
    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test")
    executive.goto(f"/engagements/{engagement.public_id}/change/")
    expect(executive.get_by_text("95% interval 0.1 to 2.6").first).to_be_visible()
    expect(executive.get_by_text("Keep asking the quiet ones first.")).to_have_count(0)
    # The coach redacts one, by keyboard, and releases them; the executive reads them.
    coach.get_by_role("link", name="Redact").first.click()
    coach.get_by_label("The comment as it will be shown").fill("Keep asking the quiet ones.")
    coach.get_by_label("The comment as it will be shown").press("Tab")
    coach.keyboard.press("Enter")
    expect(coach.get_by_text("Suggestion redacted: the original text is gone.")).to_be_visible()
    coach.get_by_role("button", name="Release the suggestions to the executive").click()
    expect(coach.get_by_text("The suggestions were released; the executive was told.")).to_be_visible()
    executive.reload()
    expect(executive.get_by_role("listitem").filter(has_text="Keep asking the quiet ones first.")).to_have_count(5)
    expect(executive.get_by_role("listitem").filter(has_text="(redacted by the coach)")).to_have_count(1)
