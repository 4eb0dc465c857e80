"""The raters' list is approved by the coach, or by the sponsor where the agreement says so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.dashboard.selectors import engagements_with_progress
from stepwise.engagements.access import Role
from stepwise.engagements.models import Engagement, Step
from stepwise.feedback import services
from stepwise.feedback.models import Round
from stepwise.feedback.progress import STEP

pytestmark = pytest.mark.django_db


def _draft(world: World) -> Round:
    today = timezone.localdate()
    draft = services.round_create(
        engagement=world.engagement, title="Mid-point 360", opens_on=today, closes_on=today + timedelta(days=14)
    )
    services.rater_nominate(round=draft, stakeholder=world.stakeholder)
    return draft


def _sponsor_approves(world: World) -> None:
    world.agreement.sponsor_approves_raters = True
    world.agreement.save()
    agreement_sign_by_all(world)


def _next(world: World, role: Role) -> str:
    engagement = engagements_with_progress(Engagement.objects.filter(pk=world.engagement.pk)).get()
    found = STEP.next_step(engagement, {role}, Step.ACCOUNTABILITY)
    return found.text if found else ""


def _paths(world: World, draft: Round) -> tuple[str, str, str]:
    args = [world.engagement.public_id, draft.public_id]
    return reverse("round_approval", args=args), reverse("round_approve", args=args), reverse("round_detail", args=args)


def test_where_the_agreement_says_so_the_sponsor_approves_and_the_coach_cannot(world: World):
    _sponsor_approves(world)
    draft = _draft(world)
    approval, coach_approve, detail = _paths(world, draft)
    assert _next(world, Role.SPONSOR) == "Approve the list of raters of the 360 round."
    assert _next(world, Role.COACH) == ""

    sponsor = client_for(world.sponsor)
    engagement_page = sponsor.get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()
    assert f'href="{approval}"' in engagement_page
    page = sponsor.get(approval)
    assert page.status_code == 200
    assert "Pat Peer" in page.content.decode()
    assert "waits for the sponsor" in client_for(world.coach).get(detail).content.decode()

    refused = client_for(world.coach).post(coach_approve, {"revision": draft.revision})
    assert refused.status_code == 403
    assert Round.objects.get(pk=draft.pk).raters_approved_at is None

    assert sponsor.post(approval, {"revision": draft.revision}).status_code == 302
    draft.refresh_from_db()
    assert draft.raters_approved_by == world.sponsor
    assert _next(world, Role.SPONSOR) == ""
    assert _next(world, Role.COACH) == "Open the 360 round: the raters get their links."


def test_otherwise_the_coach_approves_and_the_sponsor_sees_no_list(world: World):
    agreement_sign_by_all(world)  # the built-in template leaves the approval to the coach
    draft = _draft(world)
    approval, coach_approve, _detail = _paths(world, draft)
    assert client_for(world.sponsor).get(approval).status_code == 404
    assert client_for(world.sponsor).post(approval, {"revision": draft.revision}).status_code == 404
    assert _next(world, Role.SPONSOR) == ""
    assert _next(world, Role.COACH) == "Approve the raters of the 360 round."
    assert client_for(world.coach).post(coach_approve, {"revision": draft.revision}).status_code == 302
    assert Round.objects.get(pk=draft.pk).raters_approved_by == world.coach


def test_a_stale_approval_page_is_refused_and_says_to_look_again(world: World):
    _sponsor_approves(world)
    draft = _draft(world)
    approval, _coach_approve, _detail = _paths(world, draft)
    drawn = draft.revision
    Round.objects.filter(pk=draft.pk).update(revision=drawn + 1)  # the list changed meanwhile
    response = client_for(world.sponsor).post(approval, {"revision": drawn})
    assert response.status_code == 409
    assert "Look at it again" in response.content.decode()
    assert Round.objects.get(pk=draft.pk).raters_approved_at is None
