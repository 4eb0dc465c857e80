"""Step 6 in the browser, the coach's and the executive's side: the coach makes a round from a
questionnaire with one of the goals, the executive nominates raters (one added new), the coach
approves the list and opens the round, and a rater's link from the mail opens their survey."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.feedback.models import Questionnaire, QuestionnaireItem, Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_nominate_approve_and_open_a_round(signed_engagement: Engagement, new_context, sign_in, run_worker):
    engagement = signed_engagement
    questionnaire = Questionnaire.objects.create(title="Leadership basics")
    QuestionnaireItem.objects.create(questionnaire=questionnaire, position=1, text="Listens before deciding")
    for name, relationship in (("Max Manager", "manager"), ("Pat Peer", "peer"), ("Quinn Peer", "peer")):
        engagement_services.stakeholder_save(
            engagement=engagement, name=name, email=f"{name.split()[0].lower()}@globex.test", relationship=relationship
        )
    run_worker()
    mail.outbox.clear()
    today = timezone.localdate()

    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(f"/engagements/{engagement.public_id}/")
    coach.get_by_role("button", name="360 feedback").click()
    coach.get_by_role("button", name="Open a new round").click()
    coach.get_by_label("Opens on").fill(today.isoformat())
    coach.get_by_label("Closes on").fill((today + timedelta(days=14)).isoformat())
    coach.get_by_role("button", name="Create the round").click()
    expect(coach.get_by_text("Round created.")).to_be_visible()
    expect(coach.get_by_text("the manager is told so")).to_be_visible()
    assert Round.objects.filter(engagement=engagement).count() == 1

    executive = new_context().new_page()
    sign_in(executive, email="erin@globex.test")
    executive.goto(f"/engagements/{engagement.public_id}/")
    executive.get_by_role("button", name="360 feedback").click()
    executive.get_by_role("link", name="360 feedback").last.click()
    executive.get_by_role("button", name="Nominate raters").click()
    expect(executive.get_by_text("so that one person not answering does not hide the group")).to_be_visible()
    executive.get_by_label("Max Manager (manager)").check()
    executive.get_by_label("Pat Peer (peer)").check()
    executive.get_by_role("button", name="Add to the raters").first.click()
    expect(executive.get_by_role("cell", name="Max Manager")).to_be_visible()
    executive.get_by_label("Name").fill("Dana Direct")
    executive.get_by_label("Email").fill("dana@globex.test")
    executive.get_by_label("Relationship").select_option("direct_report")
    executive.get_by_role("button", name="Add to the raters").last.click()
    expect(executive.get_by_role("cell", name="Dana Direct")).to_be_visible()

    coach.reload()
    coach.get_by_role("button", name="Approve the raters").click()
    expect(coach.get_by_text("The list of raters is approved.")).to_be_visible()
    coach.get_by_role("button", name="Open the round").click()
    expect(coach.get_by_text("The round is open")).to_be_visible()
    expect(coach.get_by_role("cell", name="0 of 3 answered").last).to_be_visible()

    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["dana@globex.test", "max@globex.test", "pat@globex.test"]
    (to_pat,) = [m for m in mail.outbox if m.to == ["pat@globex.test"]]
    link = next(line for line in to_pat.body.splitlines() if "/r/" in line)
    rater = new_context().new_page()
    rater.goto(link.replace("http://testserver", ""))
    expect(rater).to_have_url(f"{rater.url.split('/r/')[0]}/r/")
