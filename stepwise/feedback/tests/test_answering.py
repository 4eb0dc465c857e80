"""Answers wait sealed and reach the report's tables only at the close, shuffled, in one batch."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from stepwise.conftest import World
from stepwise.engagements import services as engagement_services
from stepwise.feedback import answering, services
from stepwise.feedback.models import (
    Comment,
    Draft,
    Group,
    ItemKind,
    PendingSubmission,
    Questionnaire,
    QuestionnaireItem,
    Rater,
    Rating,
    Response,
    Round,
)

pytestmark = pytest.mark.django_db


def _round_with_raters(world: World, count: int) -> tuple[Round, list[Rater]]:
    questionnaire = Questionnaire.objects.create(title="Short")
    QuestionnaireItem.objects.create(questionnaire=questionnaire, position=1, competency="Listening", text="Listens")
    QuestionnaireItem.objects.create(questionnaire=questionnaire, position=2, text="Start doing?", kind=ItemKind.OPEN)
    round = services.round_create(
        engagement=world.engagement,
        title="Spring 360",
        opens_on=date(2027, 4, 1),
        closes_on=date(2027, 4, 22),
        questionnaire=questionnaire,
    )
    for number in range(count):
        stakeholder = engagement_services.stakeholder_save(
            engagement=world.engagement, name=f"Peer {number}", email=f"peer{number}@acme.test", relationship="peer"
        )
        services.rater_nominate(round=round, stakeholder=stakeholder, group=Group.PEER)
    round = services.round_open(round=round)
    return round, list(round.raters.all())


def test_submissions_wait_sealed_and_are_written_at_the_close(world: World):
    round, raters = _round_with_raters(world, 3)
    for number, rater in enumerate(raters, start=1):
        answerer = answering.answerer_for_rater(rater)
        answering.draft_save(answerer=answerer, answers={"ratings": {"1": number}}, revision=0)
        answering.response_submit(
            answerer=answerer, answers={"ratings": {"1": number}, "comments": {"2": f"secret remark {number}"}}
        )
    assert PendingSubmission.objects.count() == 3
    assert Response.objects.count() == 0
    assert not Draft.objects.exists()
    assert all(b"secret remark" not in bytes(row.sealed) for row in PendingSubmission.objects.all())
    assert set(Rater.objects.filter(round=round).values_list("answer", flat=True)) == {Rater.Answer.SUBMITTED}

    answering.round_close(round=round)
    assert not PendingSubmission.objects.exists()
    assert sorted(value or 0 for value in Rating.objects.values_list("value", flat=True)) == [1, 2, 3]
    assert set(Response.objects.values_list("group", "batch")) == {(Group.PEER, 1)}
    assert sorted(Comment.objects.values_list("text", flat=True)) == [f"secret remark {n}" for n in (1, 2, 3)]


def test_a_second_submission_and_a_late_one_are_refused(world: World):
    round, (first, second) = _round_with_raters(world, 2)
    answerer = answering.answerer_for_rater(first)
    answering.response_submit(answerer=answerer, answers={"ratings": {"1": None}})
    with pytest.raises(ValidationError) as used:
        answering.response_submit(answerer=answerer, answers={"ratings": {"1": 4}})
    assert used.value.code == "used"
    answering.round_close(round=round)
    with pytest.raises(ValidationError) as late:
        answering.response_submit(answerer=answering.answerer_for_rater(second), answers={"ratings": {"1": 4}})
    assert late.value.code == "closed"
    assert Response.objects.count() == 1


def test_a_missing_rating_and_an_overlong_comment_are_refused_with_the_field_named(world: World):
    _, (rater,) = _round_with_raters(world, 1)
    answerer = answering.answerer_for_rater(rater)
    with pytest.raises(ValidationError) as refused:
        answering.response_submit(answerer=answerer, answers={"ratings": {}, "comments": {"2": "x" * 5001}})
    assert set(refused.value.message_dict) == {"item-1", "item-2"}
    assert "1 character over the limit of 5000" in refused.value.message_dict["item-2"][0]
    assert not PendingSubmission.objects.exists()


def test_a_draft_saved_from_another_window_is_not_overwritten(world: World):
    _, (rater,) = _round_with_raters(world, 1)
    answerer = answering.answerer_for_rater(rater)
    assert answering.draft_save(answerer=answerer, answers={"comments": {"2": "first tab"}}, revision=0) == 1
    with pytest.raises(ValidationError) as stale:
        answering.draft_save(answerer=answerer, answers={"comments": {"2": "second tab"}}, revision=0)
    assert stale.value.code == "conflict"
    assert answering.draft_load(answerer=answerer) == ({"ratings": {}, "comments": {"2": "first tab"}}, 1)
    assert b"first tab" not in bytes(Draft.objects.get().sealed)
