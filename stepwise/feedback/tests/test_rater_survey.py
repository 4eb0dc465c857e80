"""The rater's side of a 360: who will see what, the survey, drafts, sending and declining, and
links that no longer open it. Every refusal keeps what was typed and says what to do."""

from html import unescape

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World
from stepwise.feedback import answering, services
from stepwise.feedback.models import Draft, Group, ItemKind, PendingSubmission, Rater, Round, RoundItem
from stepwise.lib.tokens import token_new
from tests.html_check import HtmlBatch

from .helpers import client_of, full_answers, items_add, link, rater_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def round(world: World) -> Round:
    return items_add(world.round)


def _page(client: Client) -> str:
    response = client.get(reverse("rater_home"))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_before_the_first_question_the_rater_reads_who_will_see_what(world: World, round: Round):
    page = _page(world.client("rater"))
    consent = page.index("Before you start: who will see what")
    assert consent < page.index("Listens before deciding")
    assert "only once at least 3 peers have answered" in page
    assert "at least 4 people have answered" in page
    assert "will know that you took part, so that they can thank you, but never what you said" in page
    assert "shown word for word. Don't sign them" in page
    assert "The survey closes on 22 March 2027" in page


def test_a_manager_is_told_their_answers_are_shown_as_the_managers(world: World, round: Round):
    manager = rater_add(world, 1, group=Group.MANAGER)
    page = _page(client_of(manager))
    assert "your answers are shown as the manager's" in page
    assert "only once at least" not in page.split("Figures for everyone")[0]


def test_scale_items_are_grouped_by_competency_with_labelled_choices_and_cant_say(world: World, round: Round):
    page = _page(world.client("rater"))
    listening, delegating = page.index("<h2>Listening</h2>"), page.index("<h2>Delegating</h2>")
    assert listening < page.index("Asks for other views") < delegating < page.index("Hands over whole pieces")
    assert page.index("In your own words") < page.index("What could Erin start doing?")
    for value, label in (("1", "Strongly disagree"), ("5", "Strongly agree"), ("na", "Can't say")):
        assert f'<label for="item-1-{value}"><input type="radio" id="item-1-{value}"' in page
        assert f'name="item-1" value="{value}"' in page
        assert label in page
    assert '<textarea id="item-4" name="item-4" rows="4" maxlength="5000"' in page


def _autosave(client: Client, data: dict[str, str], revision: int):
    return client.post(reverse("rater_save"), {**data, "revision": revision}, headers={"X-Requested-With": "fetch"})


def test_the_draft_autosaves_sealed_and_is_there_when_the_link_is_opened_again(world: World, round: Round):
    client = world.client("rater")
    saved = _autosave(client, {"item-1": "5", "item-4": "Keeps promises"}, 0)
    assert saved.status_code == 200
    assert saved.json()["revision"] == 1
    assert b"Keeps promises" not in bytes(Draft.objects.get().sealed)

    # The tab is closed and the session forgotten; the link from the mail opens the draft again.
    page = _page(client_of(world.rater))
    assert 'name="item-1" value="5" checked' in page
    assert "Keeps promises</textarea>" in page
    assert 'name="revision" value="1"' in page


def test_a_draft_saved_from_another_window_meanwhile_is_a_409_and_overwrites_nothing(world: World, round: Round):
    first, second = world.client("rater"), client_of(world.rater)
    assert _autosave(first, {"item-4": "From the first window"}, 0).status_code == 200
    conflict = _autosave(second, {"item-4": "From the second window"}, 0)
    assert conflict.status_code == 409
    assert "saved from another window meanwhile" in conflict.json()["message"]
    answers, _revision = answering.draft_load(answerer=answering.answerer_for_rater(world.rater))
    assert answers["comments"] == {"4": "From the first window"}


def test_an_autosave_with_a_comment_too_long_names_it_and_saves_the_other_answers(world: World, round: Round):
    client = world.client("rater")
    refused = _autosave(client, {"item-1": "3", "item-4": "x" * 100_000}, 0)
    assert refused.status_code == 400
    body = refused.json()
    assert "95000 characters over the limit of 5000" in body["errors"]["item-4"]
    answers, revision = answering.draft_load(answerer=answering.answerer_for_rater(world.rater))
    assert answers == {"ratings": {"1": 3}, "comments": {}}
    assert body["revision"] == revision == 1


def test_save_and_finish_later_without_scripts_keeps_the_draft(world: World, round: Round):
    client = world.client("rater")
    response = client.post(reverse("rater_save"), {"item-3": "1", "revision": "0"})
    assert response.status_code == 302
    page = _page(client)
    assert "open the link in your invitation mail again" in page
    assert 'name="item-3" value="1" checked' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"item-2": ""}, "Choose a rating from 1 to 5, or “can't say”."),
        ({"item-2": "7"}, "Choose a rating from 1 to 5, or “can't say”."),
        ({"item-2": "plenty"}, "Choose a rating from 1 to 5, or “can't say”."),
        ({"item-4": "y" * 100_000}, "Not sent: 95000 characters over the limit of 5000"),
    ],
    ids=["missing rating", "out of range", "not a number", "100,000-character comment"],
)
def test_a_refused_answer_is_a_400_with_the_message_beside_it_and_everything_kept(
    world: World, round: Round, change: dict[str, str], message: str
):
    client = world.client("rater")
    data = {**full_answers("Everything I typed"), **change}
    response = client.post(reverse("rater_submit"), {**data, "revision": "0"})
    assert response.status_code == 400
    page = unescape(response.content.decode())
    name = next(iter(change))
    assert f'id="err-{name}" data-error-for="{name}" role="alert">{message}' in page
    assert 'name="item-1" value="4" checked' in page
    comment = data["item-4"]
    assert f">{comment}</textarea>" in page
    assert not PendingSubmission.objects.exists()
    assert Rater.objects.get(pk=world.rater.pk).answer == Rater.Answer.NONE


def test_sending_thanks_the_rater_and_the_link_then_says_it_was_used(world: World, round: Round):
    client = world.client("rater")
    response = client.post(reverse("rater_submit"), {**full_answers(), "revision": "0"})
    assert response.status_code == 302
    assert response["Location"] == reverse("rater_thanks")
    thanks = client.get(response["Location"])
    assert "Thank you: your answers are sent" in thanks.content.decode()
    assert client.get(reverse("rater_home"))["Location"] == reverse("rater_thanks")
    assert PendingSubmission.objects.count() == 1
    # The session no longer says whose link it was.
    stored = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).get_decoded()
    assert "rater" not in stored

    again = Client().get(link(world.rater))
    assert again.status_code == 410
    assert "This link was used: your answers were sent" in again.content.decode()
    assert settings.SESSION_COOKIE_NAME not in again.cookies


def test_declining_asks_to_confirm_then_stops_the_link(world: World, round: Round):
    client = world.client("rater")
    _autosave(client, {"item-4": "half an answer"}, 0)
    confirm = client.get(reverse("rater_decline"))
    assert "I don't work closely enough with Erin Executive to answer" in unescape(confirm.content.decode())
    assert Rater.objects.get(pk=world.rater.pk).answer == Rater.Answer.NONE

    response = client.post(reverse("rater_decline"))
    assert response.status_code == 302
    assert "you will not be asked again" in client.get(response["Location"]).content.decode()
    assert Rater.objects.get(pk=world.rater.pk).answer == Rater.Answer.DECLINED
    assert not Draft.objects.exists()
    refused = Client().get(link(world.rater))
    assert refused.status_code == 410
    assert "You said you would rather not answer" in refused.content.decode()


def test_a_closed_round_says_when_it_closed_and_whom_to_write_to(world: World, round: Round):
    answering.round_close(round=round)
    response = Client().get(link(world.rater))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This survey has closed." in page  # closed before its date (22 March 2027)
    assert "write to the coach, Cora Coach (coach@practice.test)" in page
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_round_closed_on_its_date_names_the_date(world: World, round: Round):
    Round.objects.filter(pk=round.pk).update(opens_on="2026-01-01", closes_on="2026-01-31")
    answering.round_close(round=round)
    page = Client().get(link(world.rater)).content.decode()
    assert "This survey closed on 31 January 2026." in page


def test_a_withdrawn_link_says_so(world: World, round: Round):
    services.rater_revoke(rater=world.rater)
    response = Client().get(link(world.rater))
    assert response.status_code == 410
    assert "This survey link was withdrawn" in response.content.decode()
    assert Session.objects.count() == 0


def test_an_unknown_link_is_a_404_that_says_what_to_do(world: World):
    response = Client().get(reverse("rater_open", args=[token_new()]))
    assert response.status_code == 404
    assert "Open it again from your invitation mail, copying the whole link" in response.content.decode()


def test_made_up_links_from_one_address_are_paused_with_a_429(world: World):
    client = Client()
    statuses = [client.get(reverse("rater_open", args=[token_new()])).status_code for _ in range(11)]
    assert statuses == [404] * 10 + [429]
    paused = client.get(link(world.rater))  # even a real link waits: the address is paused
    assert paused.status_code == 429
    assert "Too many survey links tried" in paused.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.9").get(link(world.rater)).status_code == 302


def test_sending_after_the_round_closed_keeps_the_text_and_says_so(world: World, round: Round):
    client = world.client("rater")
    answering.round_close(round=round)
    response = client.post(reverse("rater_submit"), {**full_answers("My words, kept"), "revision": "0"})
    assert response.status_code == 410
    page = response.content.decode()
    assert "This survey has closed." in page
    assert "My words, kept</textarea>" in page
    assert not PendingSubmission.objects.exists()


def test_the_survey_pages_with_questions_and_errors_are_valid_html(world: World, round: Round, tmp_path):
    client = world.client("rater")
    batch = HtmlBatch(tmp_path)
    batch.add("survey", client.get(reverse("rater_home")).content)
    batch.add("refused", client.post(reverse("rater_submit"), {"item-1": "9", "revision": "0"}).content)
    batch.add("decline", client.get(reverse("rater_decline")).content)
    self_page = reverse("round_self", kwargs={"public_id": world.engagement.public_id, "round_id": round.public_id})
    batch.add("self", world.client("executive").get(self_page).content)
    client.post(reverse("rater_submit"), {**full_answers(), "revision": "0"})
    batch.add("thanks", client.get(reverse("rater_thanks")).content)
    batch.add("used", Client().get(link(world.rater)).content)
    assert batch.errors() == []


def test_a_rater_reaches_only_their_own_draft(world: World, round: Round):
    other = rater_add(world, 1)
    _autosave(world.client("rater"), {"item-4": "Only Pat's words"}, 0)
    page = _page(client_of(other))
    assert "Only Pat's words" not in page
    assert 'name="revision" value="0"' in page
    # Their own save does not touch Pat's draft either.
    assert _autosave(client_of(other), {"item-4": "Rater 1's words"}, 0).status_code == 200
    assert "Only Pat's words</textarea>" in _page(world.client("rater"))


def test_the_survey_and_the_self_page_make_the_same_number_of_queries_for_4_and_40_questions(world: World):
    rater, executive = world.client("rater"), world.client("executive")
    self_page = reverse(
        "round_self", kwargs={"public_id": world.engagement.public_id, "round_id": world.round.public_id}
    )
    counts = []
    for total in (4, 40):
        RoundItem.objects.filter(round=world.round).delete()
        for position in range(1, total + 1):
            kind = ItemKind.OPEN if position % 4 == 0 else ItemKind.SCALE
            RoundItem.objects.create(
                round=world.round,
                position=position,
                competency=f"Competency {position // 5}",
                text=f"Q{position}",
                kind=kind,
            )
        _autosave(rater, {"item-1": "3", "item-4": "draft"}, total // 40)
        with CaptureQueriesContext(connection) as on_survey:
            assert rater.get(reverse("rater_home")).status_code == 200
        with CaptureQueriesContext(connection) as on_self:
            assert executive.get(self_page).status_code == 200
        counts.append((len(on_survey), len(on_self)))
    assert counts[0] == counts[1], counts
