"""The demo practice's 360s: Evan's closed round, shaped so that one group stays hidden, and
Sofia's round still open with some raters answered."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from stepwise.engagements.models import Engagement
from stepwise.feedback import demo
from stepwise.feedback.models import Comment, Group, PendingSubmission, Rater, Rating, Response, Round
from stepwise.worksheets.services import templates_install


@pytest.fixture
def loaded(db, tmp_path, settings) -> None:
    settings.EMAIL_FILE_PATH = str(tmp_path)
    templates_install()
    call_command("demo", stdout=io.StringIO())


def test_evans_closed_round_has_every_group_but_others_over_its_threshold(loaded):
    evan = Engagement.objects.get(title__startswith="Evan Executive")
    round = Round.objects.get(engagement=evan, kind="360")
    assert round.status == Round.Status.CLOSED and round.closings == 1 and round.self_answered
    assert round.questionnaire is not None and round.questionnaire.built_in
    assert round.items.filter(goal__isnull=False).count() == 2, "one item per goal"
    nominated = dict(round.raters.values_list("group").annotate(n=Count("id")))
    assert nominated == {Group.MANAGER: 1, Group.PEER: 4, Group.DIRECT_REPORT: 4, Group.OTHER: 2}
    answered = dict(round.responses.values_list("group").annotate(n=Count("id")))
    assert answered == {Group.SELF: 1, Group.MANAGER: 1, Group.PEER: 3, Group.DIRECT_REPORT: 4, Group.OTHER: 2}
    assert answered[Group.OTHER] < round.threshold(Group.OTHER) <= answered[Group.PEER]
    assert round.raters.filter(answer=Rater.Answer.DECLINED).count() == 1
    assert not PendingSubmission.objects.filter(round=round).exists()
    # Varied ratings, some "can't say", and comments that name none of the raters.
    values = list(Rating.objects.filter(response__round=round).values_list("value", flat=True))
    assert {1, 2, 3, 4, 5} >= set(values) - {None} and len(set(values) - {None}) >= 4
    assert None in values
    comments = list(Comment.objects.filter(round=round).values_list("text", flat=True))
    assert len(comments) >= 20
    names = {word for name in round.raters.values_list("stakeholder__name", flat=True) for word in name.split()}
    assert not [c for c in comments if names & set(c.replace(".", " ").replace(",", " ").split())]


def test_evans_blind_spot_and_hidden_strength_show_in_the_ratings(loaded):
    round = Round.objects.get(engagement__title__startswith="Evan Executive", kind="360")

    def mean(text: str, groups: set[Group]) -> float:
        rated = Rating.objects.filter(item__round=round, item__text=text, response__group__in=groups)
        values = [v for v in rated.values_list("value", flat=True) if v is not None]
        return sum(values) / len(values)

    others = {Group.MANAGER, Group.PEER, Group.DIRECT_REPORT}
    delegates = "Delegates whole pieces of work, with the authority to finish them."
    calm = "Stays calm and constructive under pressure."
    assert mean(delegates, {Group.SELF}) - mean(delegates, others) >= 0.75
    assert mean(calm, others) - mean(calm, {Group.SELF}) >= 0.75


def test_sofias_round_is_open_with_some_raters_answered_and_nothing_readable_yet(loaded):
    round = Round.objects.get(engagement__title__startswith="Sofia Marin", kind="360")
    assert round.status == Round.Status.OPEN and not round.self_answered
    answers = sorted(round.raters.values_list("answer", flat=True))
    assert answers.count(Rater.Answer.SUBMITTED) == 4 and answers.count(Rater.Answer.DECLINED) == 1
    assert answers.count(Rater.Answer.NONE) == 2
    assert PendingSubmission.objects.filter(round=round).count() == 4
    assert not Response.objects.filter(round=round).exists()


def test_loading_the_360s_again_adds_nothing(loaded):
    before = (Round.objects.count(), Response.objects.count(), Comment.objects.count(), Rater.objects.count())
    for title, load in (("Evan Executive", demo.demo_360_closed), ("Sofia Marin", demo.demo_360_open)):
        assert load(Engagement.objects.get(title__startswith=title), today=timezone.localdate()) is None
    assert (Round.objects.count(), Response.objects.count(), Comment.objects.count(), Rater.objects.count()) == before
