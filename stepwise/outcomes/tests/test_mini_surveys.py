"""Step 7's mini-survey: planned by the coach, sent and reminded by the worker, answered through
the 360's links, closed in one batch; the decline alert."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World
from stepwise.engagements.models import Engagement
from stepwise.feedback import answering, vault
from stepwise.feedback import services as feedback_services
from stepwise.feedback.models import Group, ItemKind, Questionnaire, Rater, Rating, Response, Round
from stepwise.lib.recurring import tick_schedule
from stepwise.outcomes import closing, mini
from stepwise.outcomes.models import MiniSurvey
from stepwise.outcomes.retention import retention_setting_save
from stepwise.outcomes.selectors import goals_declining
from stepwise.outcomes.tasks import mini_surveys_tick

from .minis_made import answers_of, goal_approved, mini_answered, mini_sent, stakeholders_add

pytestmark = pytest.mark.django_db

START = date(2027, 1, 11)  # the world's engagement starts then
DAY = date(2027, 4, 11)  # three months after


def _url(world: World) -> str:
    return reverse("mini_surveys", args=[world.engagement.public_id])


def test_the_coach_plans_one_of_the_offered_points_with_the_last_360s_raters_ticked(world: World):
    goal_approved(world, "Delegate the weekly report")
    client = world.client("coach")
    page = client.get(_url(world)).content.decode()
    assert "3 months after the start (11 April 2027)" in page
    assert "3 months after the close" in page
    response = client.post(_url(world), {"when": "2027-07-11", "stakeholders": [world.stakeholder.pk]})
    assert response.status_code == 302
    planned = MiniSurvey.objects.get(engagement=world.engagement)
    assert planned.opens_on == date(2027, 7, 11)
    assert list(planned.stakeholders.all()) == [world.stakeholder]
    assert "11 July 2027" in client.get(_url(world)).content.decode()


def test_a_date_before_the_engagement_starts_is_refused_beside_the_field(world: World):
    goal_approved(world, "Delegate the weekly report")
    client = world.client("coach")
    response = client.post(
        _url(world), {"when": "other", "opens_on": "2027-01-04", "stakeholders": [world.stakeholder.pk]}
    )
    assert response.status_code == 400
    assert "The engagement starts on 11 January 2027" in response.content.decode()
    assert 'value="2027-01-04"' in response.content.decode()  # what was typed is kept
    assert not MiniSurvey.objects.exists()


def test_after_the_close_a_mini_survey_is_planned_until_the_content_is_removed(world: World):
    goal_approved(world, "Delegate the weekly report")
    retention_setting_save(retention_days=60, revision=None)
    closing.engagement_close(engagement=world.engagement, by=world.coach, today=date(2027, 8, 1))
    last = date(2027, 8, 1) + timedelta(days=60)  # the content is removed after this day
    client = world.client("coach")

    def plan(day: date):
        data = {"when": "other", "opens_on": day.isoformat(), "stakeholders": [world.stakeholder.pk]}
        return client.post(_url(world), data)

    late = plan(last - timedelta(days=mini.WINDOW_DAYS - 1))
    assert late.status_code == 400
    assert (
        "content is kept until 30 September 2027: plan the mini-survey so that it closes by then"
        in late.content.decode()
    )
    assert plan(last - timedelta(days=mini.WINDOW_DAYS)).status_code == 302
    assert MiniSurvey.objects.filter(engagement=world.engagement).count() == 1


def test_nobody_to_ask_no_approved_goal_and_a_day_taken_are_refused_with_messages(world: World):
    stakeholders = [world.stakeholder]
    with pytest.raises(Exception, match="none is approved yet"):
        mini.mini_survey_plan(engagement=world.engagement, opens_on=DAY, stakeholders=stakeholders, today=START)
    goal_approved(world, "Delegate the weekly report")
    with pytest.raises(Exception, match="Tick at least one"):
        mini.mini_survey_plan(engagement=world.engagement, opens_on=DAY, stakeholders=[], today=START)
    mini.mini_survey_plan(engagement=world.engagement, opens_on=DAY, stakeholders=stakeholders, today=START)
    with pytest.raises(Exception, match="planned on that day already"):
        mini.mini_survey_plan(engagement=world.engagement, opens_on=DAY, stakeholders=stakeholders, today=START)
    assert MiniSurvey.objects.count() == 1


def test_the_default_raters_are_those_of_the_last_closed_360(world: World):
    assert mini.default_stakeholders(world.engagement) == []
    answering.round_close(round=world.round)
    assert mini.default_stakeholders(world.engagement) == [world.stakeholder]


def test_the_worker_sends_it_on_its_day_with_one_change_and_one_follow_up_item_per_approved_goal(
    world: World, fresh_outbox, run_worker
):
    first = goal_approved(world, "Delegate the weekly report")
    goal_approved(world, "Listen before deciding")
    world.engagement.goals.create(title="Not approved yet", position=3)
    people = stakeholders_add(world, {Group.PEER: 2})
    mini.mini_survey_plan(engagement=world.engagement, opens_on=DAY, stakeholders=people, today=START)
    assert mini.mini_surveys_run(today=DAY - timedelta(days=1)) == (0, 0)  # not before its day
    assert mini.mini_surveys_run(today=DAY) == (1, 0)
    run_worker()
    round = MiniSurvey.objects.get().round
    assert round is not None and round.kind == Questionnaire.Kind.MINI and round.status == Round.Status.OPEN
    kinds = [(item.kind, item.goal_id) for item in round.items.all()]
    assert kinds[:2] == [(ItemKind.CHANGE, first.pk), (ItemKind.FOLLOW_UP, first.pk)]
    assert [k for k, _ in kinds] == ["change", "followup", "change", "followup", "open"]
    assert round.items.first().text == (  # type: ignore[union-attr]
        "Since 11 January 2027, has Erin become more or less effective at: Delegate the weekly report?"
    )
    invitations = [m for m in fresh_outbox if m.subject.startswith("Your feedback for")]
    assert sorted(m.to[0] for m in invitations) == sorted(p.email for p in people)
    assert all(re.search(r"/r/[A-Za-z0-9_-]{20,}/", m.body) for m in invitations)
    assert "how often did they follow up with you" in invitations[0].body
    assert mini.mini_surveys_run(today=DAY) == (0, 0)  # sent once


def test_the_hourly_tick_runs_in_the_worker_and_sends_what_is_due_today(world: World, fresh_outbox, run_worker):
    today = timezone.localdate()
    # An engagement that started a month ago, so that today is a day a mini-survey may go.
    Engagement.objects.filter(pk=world.engagement.pk).update(start_date=today - timedelta(days=30))
    world.refresh()
    goal_approved(world, "Delegate the weekly report")
    mini.mini_survey_plan(engagement=world.engagement, opens_on=today, stakeholders=[world.stakeholder], today=today)
    run_worker()
    fresh_outbox.clear()
    assert tick_schedule(mini_surveys_tick) is True
    assert tick_schedule(mini_surveys_tick) is False  # one chain, however many workers start
    run_worker()
    assert MiniSurvey.objects.get().round is not None
    assert [m.to[0] for m in fresh_outbox if m.subject.startswith("Your feedback for")] == [world.stakeholder.email]


def test_raters_who_have_not_answered_are_reminded_by_the_360s_hourly_tick(world: World, fresh_outbox, run_worker):
    goal_approved(world, "Delegate the weekly report")
    people = stakeholders_add(world, {Group.PEER: 2})
    round = mini_sent(world, DAY, people)
    answered = round.raters.select_related("stakeholder").order_by("pk").first()
    assert answered is not None
    answering.response_submit(answerer=answering.answerer_for_rater(answered), answers=answers_of(round, [(1, 3)]))
    run_worker()
    fresh_outbox.clear()
    feedback_services.rater_reminders_send(today=DAY + timedelta(days=3))
    run_worker()
    reminded = [m.to[0] for m in fresh_outbox if m.subject.startswith("A reminder")]
    assert reminded == [p.email for p in people if p.email != answered.stakeholder.email]


def test_a_rater_answers_the_change_and_follow_up_through_their_link(world: World):
    goal_approved(world, "Delegate the weekly report")
    [person] = stakeholders_add(world, {Group.PEER: 1})
    round = mini_sent(world, DAY, [person])
    rater = round.raters.get()
    client = world.client("anonymous")
    assert client.get(f"/r/{vault.rater_token(rater.token_salt)}/").status_code == 302
    page = client.get("/r/").content.decode()
    for label in (
        "Much less effective",
        "No change",
        "Much more effective",
        "Can&#x27;t say",
        "a few times",
        "regularly",
    ):
        assert label in page
    assert 'type="radio"' in page and 'value="-3"' in page
    # A change off the scale is refused beside the question, and what was chosen is kept.
    bad = client.post(reverse("rater_submit"), {"item-1": "5", "item-2": "3", "item-3": "Keep at it"})
    assert bad.status_code == 400
    assert "Choose a change from −3 to +3" in bad.content.decode()
    assert "Keep at it" in bad.content.decode()
    # "How often" has no "can't say": left out, it is asked for.
    unasked = client.post(reverse("rater_submit"), {"item-1": "-1", "item-3": "Keep at it"})
    assert unasked.status_code == 400 and "Choose how often." in unasked.content.decode()
    assert 'value="-1" checked' in unasked.content.decode()
    sent = client.post(reverse("rater_submit"), {"item-1": "-1", "item-2": "3", "item-3": "Keep at it"})
    assert sent.status_code == 302
    rater.refresh_from_db()
    assert rater.answer == Rater.Answer.SUBMITTED
    answering.round_close(round=round)
    assert list(
        Rating.objects.filter(item__round=round).order_by("item__position").values_list("value", flat=True)
    ) == [
        3,  # −1 stored offset by 4
        3,  # "a few times"
    ]


def test_the_executive_is_not_a_rater_and_has_no_self_survey(world: World):
    goal_approved(world, "Delegate the weekly report")
    round = mini_sent(world, DAY, [world.stakeholder])
    client = world.client("executive")
    url = reverse("round_self", args=[world.engagement.public_id, round.public_id])
    assert client.get(url).status_code == 404
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses a self rater outright
        Rater.objects.create(round=round, stakeholder=stakeholders_add(world, {Group.PEER: 1})[0], group=Group.SELF)
    answering.round_close(round=round)
    assert not Response.objects.filter(round=round, group=Group.SELF).exists()


def test_a_declining_goal_mails_the_coach_and_the_executive_once_with_what_to_do(world: World, run_worker):
    goal = goal_approved(world, "Delegate the weekly report")
    goal_approved(world, "Listen before deciding")
    run_worker()
    mail.outbox.clear()
    answers = [[(-2, 1), (1, 3)], [(-3, 1), (2, 4)], [(-2, 2), (0, 3)], [(-1, 1), (1, 3)], [(-2, 1), (1, 4)]]
    round = mini_answered(world, DAY, {Group.PEER: answers})
    assert goals_declining(engagement=world.engagement) == [goal]
    run_worker()
    alerts = [m for m in mail.outbox if m.subject.startswith("A goal is declining")]
    assert sorted(m.to[0] for m in alerts) == sorted([world.coach.email, world.executive.email])
    assert "Delegate the weekly report" in alerts[0].body
    assert "Listen before deciding" not in alerts[0].body
    assert "What to do next" in alerts[0].body
    assert reverse("change", args=[world.engagement.public_id]) in alerts[0].body
    assert MiniSurvey.objects.get(round=round).decline_alerted
    mail.outbox.clear()
    mini.mini_surveys_run(today=DAY + timedelta(days=30))
    run_worker()
    assert not [m for m in mail.outbox if m.subject.startswith("A goal is declining")]


def test_no_alert_when_no_interval_is_wholly_below_zero(world: World, run_worker):
    goal_approved(world, "Delegate the weekly report")
    run_worker()
    mail.outbox.clear()
    mini_answered(world, DAY, {Group.PEER: [[(-2, 1)], [(1, 1)], [(0, 2)], [(-1, 3)]]})
    run_worker()
    assert goals_declining(engagement=world.engagement) == []
    assert not [m for m in mail.outbox if m.subject.startswith("A goal is declining")]


def test_a_planned_mini_survey_can_be_cancelled_until_it_is_sent(world: World):
    goal_approved(world, "Delegate the weekly report")
    planned = mini.mini_survey_plan(
        engagement=world.engagement, opens_on=DAY, stakeholders=[world.stakeholder], today=START
    )
    client = world.client("coach")
    url = reverse("mini_survey_cancel", args=[world.engagement.public_id, planned.public_id])
    assert client.post(url).status_code == 302
    assert not MiniSurvey.objects.exists()
    again = mini.mini_survey_plan(
        engagement=world.engagement, opens_on=DAY, stakeholders=[world.stakeholder], today=START
    )
    mini.mini_surveys_run(today=DAY)
    url = reverse("mini_survey_cancel", args=[world.engagement.public_id, again.public_id])
    response = client.post(url, follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    assert MiniSurvey.objects.filter(pk=again.pk).exists()


def _page_queries(world: World) -> int:
    client = world.client("coach")
    client.get(_url(world))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(world)).status_code == 200
    return len(queries)


def test_the_mini_surveys_page_reads_the_same_number_of_queries_however_many_are_planned(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_sent(world, DAY, [world.stakeholder])
    few = _page_queries(world)
    people = stakeholders_add(world, {Group.PEER: 5})
    for months in (1, 2, 3):
        mini_sent(world, DAY + timedelta(days=30 * months), people)
    mini.mini_survey_plan(engagement=world.engagement, opens_on=date(2028, 1, 11), stakeholders=people, today=DAY)
    assert _page_queries(world) == few
    page = world.client("coach").get(_url(world)).content.decode()
    assert page.count("0 answered") == 4 and "planned" in page
