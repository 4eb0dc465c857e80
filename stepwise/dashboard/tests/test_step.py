"""The current step: derived from what has been done, unless the coach sets it by hand."""

from django.urls import reverse

from stepwise.conftest import agreement_sign_by_all
from stepwise.dashboard.selectors import engagements_with_progress, step_of, tracker, with_progress
from stepwise.engagements.models import Engagement, Step


def derived_step(engagement: Engagement) -> int:
    return step_of(engagements_with_progress(Engagement.objects.filter(pk=engagement.pk)).get())


def page(world, client) -> str:
    return client.get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()


def test_a_new_engagement_is_at_step_one(world):
    assert derived_step(world.engagement) == Step.AGREEMENT


def test_an_agreement_awaiting_signatures_keeps_step_one(world):
    from stepwise.agreements.services import agreement_open

    agreement_open(agreement=world.agreement)
    assert derived_step(world.engagement) == Step.AGREEMENT


def test_the_signed_agreement_moves_the_engagement_to_step_two(world, client_as):
    agreement_sign_by_all(world)
    assert derived_step(world.engagement) == Step.ASSESSMENT
    assert "Step 2 of 7" in page(world, client_as(world.sponsor))


def test_the_tracker_marks_done_current_and_not_started(world):
    agreement_sign_by_all(world)
    engagement = engagements_with_progress(Engagement.objects.filter(pk=world.engagement.pk)).get()
    states = [(s.state, s.current) for s in tracker(engagement)]
    # Step 6 runs beside the others: the world has an open 360 round.
    not_started = [("not_started", False)] * 3
    assert states == [("done", False), ("under_way", True), *not_started, ("under_way", False), ("not_started", False)]


def test_the_coach_sets_the_step_by_hand_and_can_hand_it_back(world, client_as):
    client = client_as(world.coach)
    url = reverse("engagement_step", args=[world.engagement.public_id])
    assert client.post(url, {"step": "5"}).status_code == 302
    assert "Step 5 of 7" in page(world, client)
    assert "You set this step by hand" in page(world, client)
    client.post(url, {"step": ""})
    world.engagement.refresh_from_db()
    assert world.engagement.step_override is None
    assert "Step 1 of 7" in page(world, client)


def test_the_override_wins_over_the_derived_step(world, client_as):
    agreement_sign_by_all(world)
    client_as(world.coach).post(reverse("engagement_step", args=[world.engagement.public_id]), {"step": "1"})
    assert derived_step(world.engagement) == Step.AGREEMENT


def test_a_step_outside_one_to_seven_is_refused_with_a_message(world, client_as):
    client = client_as(world.coach)
    response = client.post(reverse("engagement_step", args=[world.engagement.public_id]), {"step": "8"}, follow=True)
    assert "Choose one of the seven steps" in response.content.decode()
    world.engagement.refresh_from_db()
    assert world.engagement.step_override is None


def test_only_the_coach_and_the_admin_see_the_step_form(world, client_as):
    form_action = reverse("engagement_step", args=[world.engagement.public_id])
    assert form_action in page(world, client_as(world.coach))
    assert form_action in page(world, client_as(world.admin))
    assert form_action not in page(world, client_as(world.executive))
    assert form_action not in page(world, client_as(world.sponsor))


def _facts(engagement: Engagement) -> dict[str, object]:
    """Every fact the tracker reads, as the kept SQL gives them and as a fresh compilation does."""
    kept = with_progress(user=engagement.coach).get(pk=engagement.pk)
    fresh = engagements_with_progress(Engagement.objects.filter(pk=engagement.pk), user=engagement.coach).get()
    names = with_progress(user=engagement.coach).query.annotations
    assert {name: getattr(kept, name) for name in names} == {name: getattr(fresh, name) for name in names}
    return {name: getattr(kept, name) for name in names}


def test_the_facts_compiled_once_follow_what_happens_from_one_request_to_the_next(world):
    """``with_progress`` keeps each fact's SQL after its first compilation: what it reads then
    is still the engagement as it is now, the same as a query compiled afresh."""
    before = _facts(world.engagement)
    agreement_sign_by_all(world)
    after = _facts(world.engagement)
    assert not before["agreement_signed"] and after["agreement_signed"]
    # Inside another query (its aliases renamed) the facts compile again and still agree.
    signed = {"agreement_signed": True}  # an annotation, which the type checker cannot see
    inner = with_progress().filter(**signed).values("pk")
    assert list(Engagement.objects.filter(pk__in=inner)) == [world.engagement]
    assert with_progress().filter(**signed).count() == 1
