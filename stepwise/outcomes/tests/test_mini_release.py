"""A mini-survey's suggestions: the coach reads them first, may redact one (the 360's mechanism:
a stale form changes nothing, the original is gone), and releases them with one click; the
executive reads them only then, and is told by mail. The figures show at once."""

from collections.abc import Callable
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from stepwise.conftest import World, world_build
from stepwise.feedback import release, vault
from stepwise.feedback.models import Comment, Group, Round
from stepwise.lib.tests.races import race
from stepwise.outcomes.models import MiniSurvey
from stepwise.worksheets.services import templates_install

from .minis_made import goal_approved, mini_answered, mini_sent, stakeholders_add

DAY = date(2027, 4, 11)
SUGGESTION = "Ask Sam in finance before deciding."
ANSWERS = [[(2, 4)], [(1, 3)], [(0, 1)], [(3, 4)]]


def _closed(world: World) -> tuple[Round, MiniSurvey]:
    goal_approved(world, "Delegate the weekly report")
    round = mini_answered(world, DAY, {Group.PEER: ANSWERS}, suggestion=SUGGESTION)
    return round, MiniSurvey.objects.get(round=round)


def _page(world: World, role: str) -> str:
    response = world.client(role).get(reverse("change", args=[world.engagement.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _release(world: World, planned: MiniSurvey, role: str = "coach") -> int:
    path = reverse("mini_survey_release", args=[world.engagement.public_id, planned.public_id])
    return world.client(role).post(path).status_code


def _redact_path(world: World, planned: MiniSurvey, comment: Comment) -> str:
    return reverse("suggestion_redact", args=[world.engagement.public_id, planned.public_id, comment.id])


@pytest.mark.django_db
def test_the_executive_sees_the_figures_at_once_and_the_suggestions_once_the_coach_releases_them(
    world: World, run_worker: Callable[[], int]
):
    _round, planned = _closed(world)
    coach_page, executive_page = _page(world, "coach"), _page(world, "executive")
    assert SUGGESTION in coach_page and "Release the suggestions to the executive" in coach_page
    assert SUGGESTION not in executive_page
    assert "Your coach reads the stakeholders' suggestions first" in executive_page
    assert "95% interval" in executive_page  # the figures need no release
    run_worker()
    mail.outbox.clear()
    assert _release(world, planned) == 302
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.executive.email]]
    assert "suggestions are ready" in mail.outbox[0].subject
    executive_page = _page(world, "executive")
    assert executive_page.count(SUGGESTION) == 4
    assert "Redact" not in executive_page
    assert "Release the suggestions" not in _page(world, "coach")


@pytest.mark.django_db
def test_the_executive_cannot_release_and_a_second_release_is_refused_with_a_message(world: World):
    _round, planned = _closed(world)
    assert _release(world, planned, "executive") == 403
    assert _release(world, planned) == 302
    response = world.client("coach").post(
        reverse("mini_survey_release", args=[world.engagement.public_id, planned.public_id]), follow=True
    )
    assert "These suggestions were released already." in response.content.decode()


@pytest.mark.django_db
def test_the_coach_redacts_a_suggestion_and_the_original_text_is_gone(world: World):
    round, planned = _closed(world)
    comment = Comment.objects.filter(round=round).first()
    assert comment is not None
    path = _redact_path(world, planned, comment)
    form = world.client("coach").get(path)
    assert form.status_code == 200 and SUGGESTION in form.content.decode()
    seen = release.comment_digest(SUGGESTION)
    done = world.client("coach").post(path, {"text": "Ask finance before deciding.", "seen": seen})
    assert done.status_code == 302
    assert not Comment.objects.filter(round=round, text=SUGGESTION, id=comment.id).exists()
    assert _release(world, planned) == 302
    page = _page(world, "executive")
    assert "Ask finance before deciding. <small>(redacted by the coach)</small>" in " ".join(page.split())
    assert page.count(SUGGESTION) == 3  # the three others, untouched


@pytest.mark.django_db
def test_a_stale_redaction_changes_nothing_and_says_so(world: World):
    round, planned = _closed(world)
    comment = Comment.objects.filter(round=round).first()
    assert comment is not None
    path = _redact_path(world, planned, comment)
    seen = release.comment_digest(SUGGESTION)
    assert world.client("coach").post(path, {"text": "First window.", "seen": seen}).status_code == 302
    stale = world.client("coach").post(path, {"text": "Second window.", "seen": seen})
    assert stale.status_code == 409
    assert "changed in another window meanwhile" in stale.content.decode()
    assert "Second window." in stale.content.decode()  # what was typed is still in the form
    comment.refresh_from_db()
    assert comment.text == "First window."


@pytest.mark.django_db
def test_a_released_suggestion_can_no_longer_be_redacted(world: World):
    round, planned = _closed(world)
    comment = Comment.objects.filter(round=round).first()
    assert comment is not None
    assert _release(world, planned) == 302
    refused = world.client("coach").post(
        _redact_path(world, planned, comment), {"text": "Too late.", "seen": release.comment_digest(SUGGESTION)}
    )
    assert refused.status_code == 409
    assert "released to the executive" in refused.content.decode()
    comment.refresh_from_db()
    assert comment.text == SUGGESTION


@pytest.mark.django_db
def test_an_empty_redaction_is_refused_beside_the_field(world: World):
    round, planned = _closed(world)
    comment = Comment.objects.filter(round=round).first()
    assert comment is not None
    refused = world.client("coach").post(
        _redact_path(world, planned, comment), {"text": "  ", "seen": release.comment_digest(SUGGESTION)}
    )
    assert refused.status_code == 400
    assert "Type the comment as it should be shown" in refused.content.decode()


@pytest.mark.django_db
def test_under_the_threshold_no_suggestion_can_be_opened_even_by_the_coach(world: World):
    goal_approved(world, "Delegate the weekly report")
    round = mini_answered(world, DAY, {Group.PEER: ANSWERS[:3]}, suggestion=SUGGESTION)
    planned = MiniSurvey.objects.get(round=round)
    comment = Comment.objects.filter(round=round).first()
    assert comment is not None
    assert world.client("coach").get(_redact_path(world, planned, comment)).status_code == 404
    assert SUGGESTION not in _page(world, "coach")


@pytest.mark.django_db
def test_the_rater_is_told_the_coach_reads_the_suggestion_first(world: World):
    goal_approved(world, "Delegate the weekly report")
    round = mini_sent(world, DAY, stakeholders_add(world, {Group.PEER: 1}))
    rater = round.raters.get()
    client = world.client("anonymous")
    assert client.get(f"/r/{vault.rater_token(rater.token_salt)}/").status_code == 302
    page = " ".join(client.get("/r/").content.decode().split())
    assert "your suggestion is read by the coach first, who may take out what would tell who wrote it" in page
    assert "a report that" not in page


@pytest.mark.django_db(transaction=True)
def test_ten_releases_at_once_release_once_and_mail_once(live_server, transactional_db, run_worker):
    templates_install()
    world = world_build()
    _round, planned = _closed(world)
    run_worker()
    mail.outbox.clear()
    path = reverse("mini_survey_release", args=[world.engagement.public_id, planned.public_id])
    answers = race(live_server.url, world.coach, path, {}, n=10)
    assert {a.status for a in answers} == {302}, [(a.status, a.body[:300]) for a in answers]
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.executive.email]]
    planned.refresh_from_db()
    assert planned.released_at is not None


@pytest.mark.django_db
def test_a_mini_survey_without_suggestions_asks_for_no_release(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, {Group.PEER: ANSWERS})
    assert "Release the suggestions" not in _page(world, "coach")
    assert "reads the stakeholders' suggestions first" not in _page(world, "executive")
