"""Practice step 8: the development list built from a closed round's report."""

from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World, engagement_make
from stepwise.feedback import practice
from stepwise.feedback.models import DevelopmentItem
from stepwise.feedback.selectors import report_of
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal, KeyAction

from .practice_rounds import ITEMS, all_rated, round_answered

pytestmark = pytest.mark.django_db


def _goal(world: World, title: str = "Lead meetings where everyone speaks") -> Goal:
    return plan_services.goal_create(engagement=world.engagement, title=title, token=uuid4())


def _url(world: World) -> str:
    return reverse("development_list", args=[world.engagement.public_id])


def test_the_executive_adds_a_behaviour_linked_to_a_goal_and_turned_into_a_key_action(world: World):
    goal = _goal(world)
    client = world.client("executive")
    response = client.post(
        _url(world),
        {
            "text": "People feel cut off when I interrupt them.",
            "goal": goal.pk,
            "as_key_action": "on",
            "target_date": "2027-06-30",
            "token": str(uuid4()),
        },
    )
    assert response.status_code == 302
    (item,) = DevelopmentItem.objects.all()
    assert item.goal == goal
    assert item.key_action is not None
    assert item.key_action.goal == goal
    assert item.key_action.description == "People feel cut off when I interrupt them."
    assert str(item.key_action.target_date) == "2027-06-30"
    page = client.get(_url(world)).content.decode()
    assert "People feel cut off when I interrupt them." in page
    assert "Lead meetings where everyone speaks" in page


def test_the_coach_reads_the_list_without_a_form(world: World):
    goal = _goal(world)
    practice.development_item_create(engagement=world.engagement, text="I decide alone.", goal=goal)
    response = world.client("coach").get(_url(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "I decide alone." in page
    assert "Add to my list" not in page


def test_the_same_form_sent_twice_makes_one_item_and_one_key_action(world: World):
    goal = _goal(world)
    data = {"text": "I decide alone.", "goal": goal.pk, "as_key_action": "on", "token": str(uuid4())}
    client = world.client("executive")
    first, second = client.post(_url(world), data), client.post(_url(world), data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert DevelopmentItem.objects.count() == 1
    assert KeyAction.objects.filter(goal=goal).count() == 1


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"text": "", "goal": "GOAL"}, "Describe the behaviour as others receive it"),
        ({"text": "I decide alone.", "goal": ""}, "Choose the coaching goal this belongs to."),
        ({"text": "I decide alone.", "goal": "999999"}, "Choose one of your coaching goals."),
        ({"text": "x" * 401, "goal": "GOAL"}, "Keep this to 400 characters"),
        ({"text": "I decide alone.", "goal": "GOAL", "target_date": "31/31/2027"}, "Enter a date"),
        ({"text": "I decide alone.", "goal": "GOAL", "item": "999999"}, "Choose a question of one of your 360"),
    ],
)
def test_bad_input_is_told_beside_the_field_and_what_was_typed_is_kept(world: World, data, field_message):
    goal = _goal(world)
    data = {key: (goal.pk if value == "GOAL" else value) for key, value in data.items()} | {"token": str(uuid4())}
    response = world.client("executive").post(_url(world), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert field_message in page
    if data["text"]:
        assert data["text"] in page
    assert not DevelopmentItem.objects.exists()


def test_a_goal_of_another_engagement_is_refused_by_the_service(world: World):
    theirs = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="xavier@acme.test")
    other = plan_services.goal_create(engagement=theirs, title="Theirs", token=uuid4())
    with pytest.raises(ValidationError) as refused:
        practice.development_item_create(engagement=world.engagement, text="I decide alone.", goal=other)
    assert "goal" in refused.value.error_dict
    assert not DevelopmentItem.objects.exists()


def test_without_goals_the_page_asks_for_them_first(world: World):
    page = world.client("executive").get(_url(world)).content.decode()
    assert "Write your goals first" in page


def test_suggestions_are_the_lowest_rated_items_of_the_groups_shown(world: World):
    _goal(world)
    shown = {"1": 2, "2": 3, "3": 4, "4": 5}
    # Three peers and a manager are shown; two direct reports (under three) are not. They rate
    # item 4 lowest: counted, they would put it before item 3 (3.67 against 4.33).
    hidden = {"1": 5, "2": 5, "3": 5, "4": 1}
    answers = [("peer", shown)] * 3 + [("manager", shown)] + [("direct_report", hidden)] * 2
    round, _raters = round_answered(world, answers)
    assert [item.text for item in practice.suggestions(round)] == list(ITEMS)
    page = world.client("executive").get(_url(world)).content.decode()
    assert page.index(ITEMS[0]) < page.index(ITEMS[1]) < page.index(ITEMS[2]) < page.index(ITEMS[3])


def test_suggestions_put_the_lowest_rated_first(world: World):
    round, _raters = round_answered(world, [("peer", {"1": 5, "2": 4, "3": 1, "4": 2})] * 4)
    assert [item.text for item in practice.suggestions(round)] == [ITEMS[2], ITEMS[3], ITEMS[1], ITEMS[0]]


def test_no_suggestions_before_the_report_is_released(world: World):
    _goal(world)
    round, _raters = round_answered(world, [("peer", all_rated(3))] * 4, release=False)
    assert practice.suggestions(round) == []
    assert practice.rounds_with_report(world.engagement) == []


def test_too_few_answers_to_rank_suggest_the_questions_in_order(world: World):
    round, _raters = round_answered(world, [("peer", {"1": 5, "2": 4, "3": 1, "4": 2})] * 3)  # 3 < 4 others
    assert [item.text for item in practice.suggestions(round)] == list(ITEMS)


def test_an_item_started_from_a_suggestion_points_at_its_question(world: World):
    goal = _goal(world)
    round, _raters = round_answered(world, [("peer", all_rated(3))] * 4)
    question = round.items.get(position=1)
    client = world.client("executive")
    assert f'value="{question.pk}" selected' in client.get(_url(world) + f"?item={question.pk}").content.decode()
    data = {"text": "I talk over people.", "goal": goal.pk, "item": question.pk, "token": str(uuid4())}
    assert client.post(_url(world), data).status_code == 302
    item = DevelopmentItem.objects.get()
    assert (item.item, item.round) == (question, round)


def _item_url(world: World, item: DevelopmentItem) -> str:
    return reverse("development_item", args=[world.engagement.public_id, item.public_id])


def test_an_item_is_edited_and_a_stale_form_is_refused_with_both_versions_shown(world: World):
    goal = _goal(world)
    item = practice.development_item_create(engagement=world.engagement, text="I decide alone.", goal=goal)
    client = world.client("executive")
    data = {"text": "I decide without asking.", "goal": goal.pk, "revision": item.revision}
    assert client.post(_item_url(world, item), data).status_code == 302
    stale = client.post(_item_url(world, item), data | {"text": "I decide in a hurry."})
    page = stale.content.decode()
    assert stale.status_code == 409
    assert "I decide in a hurry." in page  # what they typed, kept
    assert "I decide without asking." in page  # the saved version beside it
    item.refresh_from_db()
    assert item.text == "I decide without asking."


def test_an_item_can_become_a_key_action_later(world: World):
    goal = _goal(world)
    item = practice.development_item_create(engagement=world.engagement, text="I decide alone.", goal=goal)
    data = {"text": "I decide alone.", "goal": goal.pk, "revision": item.revision, "as_key_action": "on"}
    assert world.client("executive").post(_item_url(world, item), data).status_code == 302
    item.refresh_from_db()
    assert item.key_action is not None and item.key_action.goal == goal


def test_removing_an_item_needs_the_confirmation_and_leaves_its_key_action(world: World):
    goal = _goal(world)
    item = practice.development_item_create(
        engagement=world.engagement, text="I decide alone.", goal=goal, as_key_action=True
    )
    client = world.client("executive")
    unconfirmed = client.post(_item_url(world, item), {"action": "delete"})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert DevelopmentItem.objects.exists()
    assert client.post(_item_url(world, item), {"action": "delete", "confirm": "on"}).status_code == 302
    assert not DevelopmentItem.objects.exists()
    assert KeyAction.objects.filter(goal=goal, description="I decide alone.").exists()


def test_the_coach_may_not_change_or_remove_an_item(world: World):
    goal = _goal(world)
    item = practice.development_item_create(engagement=world.engagement, text="I decide alone.", goal=goal)
    client = world.client("coach")
    assert client.post(_item_url(world, item), {"action": "delete", "confirm": "on"}).status_code == 403
    assert client.get(_item_url(world, item)).status_code == 200
    assert DevelopmentItem.objects.exists()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_page_runs_as_many_queries_for_twenty_items_as_for_one(world: World):
    goal = _goal(world)
    round_answered(world, [("peer", all_rated(3))] * 4)
    question = practice.rounds_with_report(world.engagement)[0].items.first()
    practice.development_item_create(engagement=world.engagement, text="One", goal=goal, as_key_action=True)
    client = world.client("executive")
    _queries(client, _url(world))  # the session's first request writes it
    one = _queries(client, _url(world))
    for number in range(19):
        practice.development_item_create(
            engagement=world.engagement, text=f"Item {number}", goal=goal, item=question, as_key_action=True
        )
    assert _queries(client, _url(world)) == one


def test_a_lone_group_of_three_shows_nothing_in_the_report_it_would_be_every_rater(world: World):
    """Three peers and nobody else: the peers' figures would be all the raters' (threshold 4)."""
    round, _raters = round_answered(world, [("peer", {"1": 5, "2": 4, "3": 1, "4": 2})] * 3)
    version = practice.released_version(round)
    assert version is not None
    shown = report_of(round=round, version=version)
    assert shown.shown_groups == []
    assert all(not row.cells for row in shown.items)
