"""Practice step 9: after the close, the executive follows up with each person who took part."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World
from stepwise.feedback import practice
from stepwise.feedback.models import FollowUp, Rater, Round
from stepwise.lib.recurring import tick_schedule

from .practice_rounds import all_rated, round_answered

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)
MET = YESTERDAY.isoformat()


def _list_url(world: World, round: Round) -> str:
    return reverse("follow_up_list", args=[world.engagement.public_id, round.public_id])


def _edit_url(world: World, round: Round, rater: Rater) -> str:
    return reverse("follow_up_edit", args=[world.engagement.public_id, round.public_id, rater.public_id])


def _values(**changes: object) -> practice.FollowUpValues:
    values = {"met_on": YESTERDAY, "thanked": True, "shared": "Listening came out lowest.", "actions": "Wait my turn."}
    return practice.FollowUpValues(**(values | changes))  # type: ignore[arg-type]


@pytest.fixture
def closed(world: World) -> tuple[Round, list[Rater]]:
    """Three took part, one declined, one never answered."""
    round, raters = round_answered(
        world,
        [("peer", all_rated(3)), ("peer", all_rated(4)), ("direct_report", all_rated(2))] + [("peer", None)] * 2,
    )
    Rater.objects.filter(pk=raters[3].pk).update(answer=Rater.Answer.DECLINED)
    return round, raters


def test_after_the_close_the_executive_sees_who_took_part_and_never_who_said_what(world: World, closed):
    round, raters = closed
    page = world.client("executive").get(_list_url(world, round)).content.decode()
    took_part = [r.stakeholder.name for r in raters[:3]]
    assert all(name in page for name in took_part)
    assert raters[3].stakeholder.name not in page  # declined: not a participant
    assert raters[4].stakeholder.name not in page  # never answered
    assert "Met 0 of 3" in page
    for rating in ("3.0", "4.0", "2.0"):
        assert rating not in page


def test_before_the_close_nobody_is_listed(world: World):
    page = world.client("executive").get(_list_url(world, world.round)).content.decode()
    assert "once the round has closed" in page
    assert world.stakeholder.name not in page


def test_the_executive_records_a_follow_up_and_the_progress_counts_it(world: World, closed):
    round, raters = closed
    assert practice.follow_up_progress(round) == (0, 3)
    client = world.client("executive")
    data = {
        "met_on": MET,
        "thanked": "on",
        "shared": "Listening came out lowest.",
        "actions": "I will wait my turn.",
        "revision": "0",
    }
    response = client.post(_edit_url(world, round, raters[0]), data)
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(rater=raters[0])
    assert (follow_up.met_on, follow_up.thanked, follow_up.actions) == (YESTERDAY, True, "I will wait my turn.")
    assert practice.follow_up_progress(round) == (1, 3)
    assert "Met 1 of 3" in client.get(_list_url(world, round)).content.decode()
    coach_page = world.client("coach").get(_edit_url(world, round, raters[0])).content.decode()
    assert "I will wait my turn." in coach_page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"met_on": ""}, "Enter the date you met."),
        ({"met_on": "03/05/2027x"}, "Enter a date"),
        ({"met_on": "2999-01-01"}, "This date is in the future"),
        ({"shared": "x" * 5001}, "Keep this to 5000 characters"),
    ],
)
def test_bad_input_is_told_beside_the_field_and_kept(world: World, closed, changes, message):
    round, raters = closed
    data = {"met_on": MET, "shared": "What I heard.", "actions": "What we agreed.", "revision": "0"}
    response = world.client("executive").post(_edit_url(world, round, raters[0]), data | changes)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "What we agreed." in page
    assert not FollowUp.objects.exists()


def test_someone_who_did_not_take_part_has_no_follow_up_page(world: World, closed):
    round, raters = closed
    client = world.client("executive")
    assert client.get(_edit_url(world, round, raters[3])).status_code == 404
    assert client.get(_edit_url(world, world.round, world.rater)).status_code == 404  # still open


def test_a_stale_form_is_refused_and_shows_the_saved_version(world: World, closed):
    round, raters = closed
    practice.follow_up_save(rater=raters[0], revision=0, values=_values(actions="Saved elsewhere."), today=TODAY)
    data = {"met_on": MET, "actions": "Typed here.", "revision": "0"}
    response = world.client("executive").post(_edit_url(world, round, raters[0]), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Typed here." in page and "Saved elsewhere." in page
    assert FollowUp.objects.get().actions == "Saved elsewhere."


def test_the_same_follow_up_sent_twice_is_kept_once(world: World, closed):
    _round, raters = closed
    first = practice.follow_up_save(rater=raters[0], revision=0, values=_values(), today=TODAY)
    again = practice.follow_up_save(rater=raters[0], revision=0, values=_values(), today=TODAY)
    assert first.pk == again.pk
    assert FollowUp.objects.count() == 1


def test_the_list_runs_as_many_queries_for_many_participants_as_for_few(world: World):
    small, _ = round_answered(world, [("peer", all_rated(3))], title="Small")
    large, raters = round_answered(world, [("peer", all_rated(3))] * 12, title="Large")
    for rater in raters[:6]:
        practice.follow_up_save(rater=rater, revision=0, values=_values(), today=TODAY)
    client = world.client("executive")
    client.get(_list_url(world, small))

    def queries(round: Round) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_list_url(world, round)).status_code == 200
        return len(captured)

    assert queries(small) == queries(large)


# --- the weekly reminder ----------------------------------------------------------------------


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _reminders(run_worker: Callable[[], int], day: date) -> list:
    mail.outbox.clear()
    practice.follow_up_reminders_send(now=_at(day))
    run_worker()
    return [m for m in mail.outbox if "follow-up" in m.subject]


def test_the_executive_is_reminded_weekly_while_follow_ups_are_missing(world: World, closed, run_worker):
    round, raters = closed
    monday = date(2027, 5, 3)
    (first,) = _reminders(run_worker, monday)
    assert first.to == [world.executive.email]
    assert "3 people who took part" in first.body
    assert reverse("follow_up_list", args=[world.engagement.public_id, round.public_id]) in first.body
    assert _reminders(run_worker, monday + timedelta(days=3)) == []  # same week
    for rater in raters[:3]:
        practice.follow_up_save(rater=rater, revision=0, values=_values(met_on=monday), today=monday)
    assert _reminders(run_worker, monday + timedelta(days=7)) == []  # all met: no more


def test_the_reminder_comes_again_the_next_week(world: World, closed, run_worker):
    _round, raters = closed
    assert len(_reminders(run_worker, date(2027, 5, 3))) == 1
    practice.follow_up_save(rater=raters[0], revision=0, values=_values(), today=TODAY)
    (again,) = _reminders(run_worker, date(2027, 5, 10))
    assert "2 people who took part" in again.body


def test_no_reminder_for_an_open_round_or_without_participants(world: World, run_worker):
    round_answered(world, [("peer", None)])
    assert _reminders(run_worker, date(2027, 5, 3)) == []


def test_the_reminder_task_chain_is_queued_once(world: World):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    assert tick_schedule(practice.follow_ups_tick) is True
    assert tick_schedule(practice.follow_ups_tick) is False
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=practice.follow_ups_tick.module_path)
    assert waiting.count() == 1
