"""A 360 from start to finish in Chromium, as the people in it would live it.

The coach opens a round; the executive nominates raters; the coach approves and opens it; the
executive answers about themselves; three peers answer through the links in their mail (one on a
phone, one saving a draft and finishing later), the manager and a lone direct report too; the
coach closes the round, redacts a comment and releases the report; the report and its PDF show
only what the thresholds allow (the direct report's group, alone, is left out); the executive
adds a behaviour to the development list and records a follow-up with a participant.
"""

import io
import re
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.feedback.models import (
    DevelopmentItem,
    FollowUp,
    ItemKind,
    Questionnaire,
    QuestionnaireItem,
    Response,
    Round,
)
from stepwise.plans import services as plan_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PEOPLE = (
    ("Max Manager", "max@globex.test", "manager"),
    ("Pat Peer", "pat@globex.test", "peer"),
    ("Quinn Peer", "quinn@globex.test", "peer"),
    ("Riley Peer", "riley@globex.test", "peer"),
    ("Dana Direct", "dana@globex.test", "direct_report"),
)


def _link(email: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [email]]
    return next(line for line in message.body.splitlines() if "/r/" in line).replace("http://testserver", "")


def _answer(page: Page, rating: str, comment: str) -> None:
    page.get_by_role("group", name="Listens before deciding").get_by_role("radio", name=rating).check()
    page.get_by_label("What could they START doing?").fill(comment)


def test_a_360_from_opening_to_the_follow_up(signed_engagement: Engagement, new_context, sign_in, run_worker):
    engagement = signed_engagement
    questionnaire = Questionnaire.objects.create(title="Leadership basics")
    QuestionnaireItem.objects.create(
        questionnaire=questionnaire, position=1, competency="Listening", text="Listens before deciding"
    )
    QuestionnaireItem.objects.create(
        questionnaire=questionnaire, position=2, text="What could they START doing?", kind=ItemKind.OPEN
    )
    plan_services.goal_create(engagement=engagement, title="Lead meetings where everyone speaks", token=uuid4())
    for name, email, relationship in PEOPLE:
        engagement_services.stakeholder_save(engagement=engagement, name=name, email=email, relationship=relationship)
    run_worker()
    mail.outbox.clear()
    today = timezone.localdate()

    # The coach opens a round on the practice's questionnaire.
    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(f"/engagements/{engagement.public_id}/360/new/")
    coach.get_by_label("Questionnaire").select_option(label="Leadership basics")
    coach.get_by_label("Opens on").fill(today.isoformat())
    coach.get_by_label("Closes on").fill((today + timedelta(days=14)).isoformat())
    coach.get_by_role("button", name="Create the round").click()
    expect(coach.get_by_text("Round created.")).to_be_visible()
    round_url = coach.url

    # The executive nominates everyone, each in the group of their relationship.
    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test")
    executive.goto(round_url)
    executive.get_by_role("button", name="Nominate raters").click()
    for name, _email, relationship in PEOPLE:
        executive.get_by_label(f"{name} ({relationship.replace('_', ' ')})").check()
    executive.get_by_role("button", name="Add to the raters").first.click()
    expect(executive.get_by_role("cell", name="Dana Direct")).to_be_visible()

    # The coach approves and opens: each rater gets their own link by mail.
    coach.reload()
    coach.get_by_role("button", name="Approve the raters").click()
    coach.get_by_role("button", name="Open the round").click()
    expect(coach.get_by_text("The round is open")).to_be_visible()
    run_worker()

    # The executive answers about themselves.
    executive.goto(round_url)
    executive.get_by_role("button", name="Answer as yourself").click()
    _answer(executive, "5 Strongly agree", "Nothing comes to mind.")
    executive.get_by_role("button", name="Send my answers").click()
    expect(executive.get_by_text("Your self-assessment is sent. Thank you.")).to_be_visible()

    # Three peers answer through their links: Pat on a phone, Quinn in two visits, Riley at once.
    pat = new_context(**PHONE).new_page()
    pat.goto(_link("pat@globex.test"))
    expect(pat).to_have_url(re.compile(r"/r/$"))
    expect(pat.get_by_role("heading", name="Before you start: who will see what")).to_be_visible()
    _answer(pat, "2 Disagree", "Let Erin's directors finish their sentences, Pat here.")
    pat.get_by_role("button", name="Send my answers").click()
    expect(pat.get_by_role("heading", name="Thank you: your answers are sent")).to_be_visible()

    quinn = new_context().new_page()
    quinn.goto(_link("quinn@globex.test"))
    _answer(quinn, "3 Neither agree nor disagree", "Ask the quiet people first.")
    quinn.get_by_role("button", name="Save and finish later").click()
    expect(quinn.get_by_text("open the link in your invitation mail again")).to_be_visible()
    quinn = new_context().new_page()  # later, in another browser: nothing kept locally
    quinn.goto(_link("quinn@globex.test"))
    expect(quinn.get_by_label("What could they START doing?")).to_have_value("Ask the quiet people first.")
    quinn.get_by_role("button", name="Send my answers").click()
    expect(quinn.get_by_role("heading", name="Thank you: your answers are sent")).to_be_visible()

    for email, rating, comment in (
        ("riley@globex.test", "2 Disagree", "Summarise what was decided."),
        ("max@globex.test", "4 Agree", "Delegate the monthly review."),
        ("dana@globex.test", "1 Strongly disagree", "Dana's only remark, never to be shown."),
    ):
        rater = new_context().new_page()
        rater.goto(_link(email))
        _answer(rater, rating, comment)
        rater.get_by_role("button", name="Send my answers").click()
        expect(rater.get_by_role("heading", name="Thank you: your answers are sent")).to_be_visible()

    # The coach sees five of five answered, never who said what, and closes.
    coach.reload()
    expect(coach.get_by_role("cell", name="5 of 5 answered").last).to_be_visible()
    coach.get_by_role("button", name="Close the round").click()
    assert Round.objects.get(engagement=engagement).status == Round.Status.CLOSED
    assert Response.objects.count() == 6  # five raters and self, in one shuffled batch

    # The coach reads the report, redacts Pat's signature out of a comment and releases it.
    coach.goto(round_url)
    coach.get_by_role("button", name="Read the report").click()
    expect(coach.get_by_text("Not shown (too few responses): direct reports")).to_be_visible()
    assert "never to be shown" not in coach.content()
    redact = coach.locator("li", has_text="Pat here").get_by_role("link", name="Redact")
    redact.click()
    coach.get_by_label("The comment as it will be shown").fill("Let Erin's directors finish their sentences.")
    coach.get_by_role("button", name="Redact").click()
    expect(coach.get_by_text("(redacted by the coach)")).to_be_visible()
    coach.get_by_role("button", name="Release version 1").click()
    expect(coach.get_by_text("Version 1 of the report was released")).to_be_visible()
    report_url = coach.url.split("?")[0]

    # The executive reads it, and its PDF says the same.
    executive.goto(report_url)
    expect(executive.get_by_text("Let Erin's directors finish their sentences.")).to_be_visible()
    body = executive.content()
    assert "Pat here" not in body and "never to be shown" not in body
    pdf = executive.request.get(report_url + "pdf/")
    assert pdf.status == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Ask the quiet people first." in text
    assert "never to be shown" not in text and "Pat here" not in text

    # Practice step 8: a behaviour onto the development list, linked to the goal.
    executive.goto(f"/engagements/{engagement.public_id}/development/")
    executive.get_by_role("link", name="Start from this").first.click()
    executive.get_by_label("What others experience, and what you want to make right").fill(
        "People feel cut off when I interrupt them."
    )
    executive.get_by_label("The coaching goal it belongs to").select_option(label="Lead meetings where everyone speaks")
    executive.get_by_role("button", name="Add to my list").click()
    expect(executive.get_by_text("Added to your development list.")).to_be_visible()
    assert DevelopmentItem.objects.get().item is not None

    # Practice step 9: the follow-up with one participant (who took part, never what they said).
    executive.goto(round_url)
    executive.get_by_role("link", name="Follow-ups").click()
    expect(executive.get_by_text("Met 0 of 5")).to_be_visible()
    executive.get_by_role("link", name="Quinn Peer").click()
    executive.get_by_label("The actions we discussed, to strengthen or eliminate certain behaviours").fill(
        "I ask the quiet people first."
    )
    executive.get_by_role("button", name="Record the follow-up").click()
    expect(executive.get_by_text("Met 1 of 5")).to_be_visible()
    assert FollowUp.objects.get().rater.stakeholder.name == "Quinn Peer"
