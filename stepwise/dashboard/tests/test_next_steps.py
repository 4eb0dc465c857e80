"""Each step's own state on the tracker, and the next step for each role, from the same facts."""

import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stepwise.agreements import services as agreement_services
from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.dashboard.selectors import engagements_for_home, next_action, tracker
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal
from stepwise.users.models import User
from stepwise.worksheets.models import Assessment, TemplateVersion, Worksheet


def home_engagement(world: World, person: User) -> Engagement:
    (engagement,) = engagements_for_home(person).filter(pk=world.engagement.pk)
    return engagement


def hint(world: World, person: User) -> str:
    return next_action(home_engagement(world, person), person)


def states(world: World) -> list[str]:
    return [
        f"{s.number} {s.status_text}{' *' if s.current else ''}" for s in tracker(home_engagement(world, world.coach))
    ]


def detail(world: World, person: User) -> str:
    return client_for(person).get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()


def home(person: User) -> str:
    return client_for(person).get(reverse("home")).content.decode()


def worksheet_assign(world: World, status: str = Worksheet.Status.ASSIGNED) -> Worksheet:
    return Worksheet.objects.create(
        engagement=world.engagement,
        version=TemplateVersion.objects.filter(template__slug="thought-starters").latest("number"),
        assigned_by=world.coach,
        status=status,
        submitted_at=timezone.now() if status == Worksheet.Status.SUBMITTED else None,
    )


def goal_ready(world: World) -> Goal:
    """A goal whose deep dive is complete, not yet sent to the sponsor."""
    goal = plan_services.goal_create(
        engagement=world.engagement, title="Delegate the weekly report", token=uuid.uuid4()
    )
    Goal.objects.filter(pk=goal.pk).update(different="d", why_me="w", measured_how="m", success_when="s")
    goal.refresh_from_db()
    return goal


def primary_buttons(page: str) -> list[str]:
    """The words of the links styled as the page's primary button (no ``secondary`` class)."""
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for attrs, text in re.findall(r'<a ([^>]*role="button"[^>]*)>(.*?)</a>', page)
        if 'class="secondary"' not in attrs
    ]


# The tracker: each step says where it stands, in words


def test_a_new_engagement_shows_step_one_under_way_and_the_rest_not_started(world):
    assert states(world) == [
        "1 under way, waiting on the coach *",
        "2 not started",
        "3 not started",
        "4 not started",
        "5 not started",
        "6 under way",  # the world's open 360 round
        "7 not started",
    ]


def test_step_three_shows_under_way_while_the_assessment_still_waits(world):
    agreement_sign_by_all(world)
    worksheet_assign(world)
    plan_services.goal_ask_approval(goal=goal_ready(world))
    assert states(world)[:4] == [
        "1 done",
        "2 under way, waiting on the executive *",
        "3 under way, waiting on the sponsor",
        "4 not started",
    ]
    page = detail(world, world.executive)
    assert "Step 2 of 7" in page
    assert "under way, waiting on the sponsor" in page


def test_an_approved_goal_marks_step_three_done_while_step_two_waits_on_the_coach(world):
    agreement_sign_by_all(world)
    worksheet_assign(world, Worksheet.Status.SUBMITTED)
    goal = goal_ready(world)
    plan_services.goal_ask_approval(goal=goal)
    Goal.objects.filter(pk=goal.pk).update(approval=Goal.Approval.APPROVED)
    assert states(world)[1:3] == ["2 under way, waiting on the coach *", "3 done"]
    Assessment.objects.create(engagement=world.engagement, author=world.coach, shared_with_executive=True)
    assert states(world)[1:4] == ["2 done", "3 done", "4 under way *"]


def test_steps_the_coach_moved_past_by_hand_show_as_done(world, client_as):
    client_as(world.coach).post(reverse("engagement_step", args=[world.engagement.public_id]), {"step": "3"})
    assert states(world)[:4] == ["1 done", "2 done", "3 under way *", "4 not started"]


def test_the_tracker_says_each_state_in_words_not_colour_alone(world):
    agreement_services.agreement_open(agreement=world.agreement)
    page = detail(world, world.sponsor)
    tracker_html = page[page.index('<ol class="tracker"') : page.index("</ol>")]
    assert tracker_html.count('class="step-state"') == 7
    assert '<span class="step-state">under way, waiting for signatures</span>' in tracker_html
    assert tracker_html.count('aria-current="step"') == 1


# The next step, per role and state


def test_while_the_coach_drafts_everyone_is_told_who_has_the_next_move(world):
    assert hint(world, world.coach) == "Finish the agreement's draft and send it for signature."
    preparing = "Your coach is preparing the agreement; you will get a mail when it is ready to sign."
    assert hint(world, world.executive) == preparing
    assert hint(world, world.sponsor) == preparing
    assert (
        f'Next:</strong> <a href="{reverse("engagement_detail", args=[world.engagement.public_id])}">{preparing}'
        in home(world.sponsor)
    )


def test_an_open_agreement_asks_the_executive_to_sign_and_the_sponsor_to_acknowledge(world):
    agreement_services.agreement_open(agreement=world.agreement)
    assert hint(world, world.executive) == "The agreement is waiting for your signature."
    assert hint(world, world.coach) == "The agreement is waiting for your signature."
    assert hint(world, world.sponsor) == "The agreement is waiting for your acknowledgement."
    assert "Next:</strong>" in home(world.sponsor)
    sponsor_page = detail(world, world.sponsor)
    assert "Read and acknowledge" in sponsor_page and "Read and sign" not in sponsor_page
    assert primary_buttons(sponsor_page) == ["Read and acknowledge"]
    assert primary_buttons(detail(world, world.executive)) == ["Read and sign"]


def test_once_signed_the_agreement_is_no_longer_the_executives_main_action(world):
    agreement = agreement_services.agreement_open(agreement=world.agreement)
    agreement_services.agreement_sign(
        agreement=agreement, signer=world.executive, typed_name="Erin Executive", seen_hash=agreement.text_hash
    )
    assert hint(world, world.executive) == "Waiting for the others to sign the agreement."
    assert primary_buttons(detail(world, world.executive)) == []


def test_after_signing_the_next_steps_move_to_the_assessment(world):
    agreement_sign_by_all(world)
    assert hint(world, world.coach) == "Assign the intake worksheet to the executive."
    assert hint(world, world.executive) == "Your coach assigns your worksheets and writes the assessment."
    sponsor_next = "Nothing waits for you now. Follow the executive's progress on the engagement's page."
    assert hint(world, world.sponsor) == sponsor_next
    assert "Next:</strong>" in home(world.sponsor)
    worksheet_assign(world)
    assert hint(world, world.executive) == "Fill in the worksheets your coach assigned, then submit them."
    assert primary_buttons(detail(world, world.executive)) == ["Open the assessment"]
    Worksheet.objects.update(status=Worksheet.Status.SUBMITTED, submitted_at=timezone.now())
    assert hint(world, world.coach) == "Write the assessment and share it with the executive."


def test_the_admin_has_no_next_step_in_an_engagement_they_take_no_part_in(world):
    assert "Next:</strong>" not in home(world.admin)


@pytest.fixture
def late_sponsor_token(world, run_worker) -> str:
    engagement_services.participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Hana Hr", email="hana@acme.test", role="sponsor"
    )
    run_worker()
    (body,) = [str(m.body) for m in mail.outbox if "hana@acme.test" in m.to and "/invite/" in m.body]
    match = re.search(r"/invite/([^/\s]+)/", body)
    assert match
    return match.group(1)


def test_joining_while_the_agreement_waits_says_so_not_that_the_coach_will_send_it(world, late_sponsor_token):
    agreement_services.agreement_open(agreement=world.agreement)
    client = Client()
    client.get(reverse("invitation_open", args=[late_sponsor_token]), follow=True)
    password = "Quiet-harbour-lights-17"
    response = client.post(
        reverse("invitation_accept"),
        {"full_name": "Hana Hr", "time_zone": "Europe/Berlin", "password1": password, "password2": password},
        follow=True,
    )
    page = response.content.decode()
    assert "Welcome to Stepwise" in page
    assert "will send the agreement" not in page
    assert "The agreement is waiting for your acknowledgement." in page


def test_the_coachs_home_names_an_invited_executive_who_has_not_joined_yet(world):
    engagement = engagement_services.engagement_create(
        coach=world.coach,
        organisation=world.engagement.organisation,
        title="Liam — first-time manager",
        start_date=timezone.localdate(),
        planned_months=4,
        executive_name="Liam Chen",
        executive_email="liam@example.test",
        sponsor_name="",
        sponsor_email="",
    )
    page = client_for(world.coach).get(reverse("home")).content.decode()
    article = page[page.index(engagement.title) :]
    assert re.search(r"executive Liam Chen \(invited\)", article[: article.index("</header>")])
    (listed,) = engagements_for_home(world.coach).filter(pk=engagement.pk)
    # Invited is not joined: the invitee gets no role and no "Next:" from it.
    assert next_action(listed, listed.participants.get().user) == ""
