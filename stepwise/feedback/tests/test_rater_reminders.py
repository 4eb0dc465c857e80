"""Raters who have neither answered nor declined are reminded on days 3, 7 and 10 after the round
opens, once per step, never after it closes, and once however many workers run at the same time."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World, agreement_in_force, world_build
from stepwise.engagements import services as engagement_services
from stepwise.feedback import answering, services, vault
from stepwise.feedback.models import Rater, Round
from stepwise.feedback.tasks import rater_reminders_tick
from stepwise.lib.recurring import tick_schedule

OPENED = timezone.localdate()


def launched(world: World, *people: str) -> Round:
    """A round opened today with the world's stakeholder and ``people`` (peers) as raters."""
    agreement_in_force(world)
    round = services.round_create(
        engagement=world.engagement, title="Reminded round", opens_on=OPENED, closes_on=OPENED + timedelta(days=14)
    )
    stakeholders = [world.stakeholder] + [
        engagement_services.stakeholder_save(
            engagement=world.engagement, name=name, email=f"{name.lower()}@acme.test", relationship="peer"
        )
        for name in people
    ]
    services.raters_nominate(round=round, stakeholders=stakeholders)
    services.raters_approve(round=round, by=world.coach, revision=None)
    return services.round_launch(round=round, revision=None, today=OPENED)


def reminded(run_worker, outbox, day: int) -> list[str]:
    outbox.clear()
    services.rater_reminders_send(today=OPENED + timedelta(days=day))
    run_worker()
    return sorted(message.to[0] for message in outbox if message.subject.startswith("A reminder"))


def test_raters_are_reminded_on_days_3_7_and_10_once_each(world, fresh_outbox, run_worker):
    round = launched(world)
    assert reminded(run_worker, fresh_outbox, 2) == []
    assert reminded(run_worker, fresh_outbox, 3) == ["pat@acme.test"]
    assert reminded(run_worker, fresh_outbox, 3) == []  # a second run the same day
    assert reminded(run_worker, fresh_outbox, 6) == []
    assert reminded(run_worker, fresh_outbox, 7) == ["pat@acme.test"]
    assert reminded(run_worker, fresh_outbox, 10) == ["pat@acme.test"]
    assert reminded(run_worker, fresh_outbox, 12) == []
    rater = round.raters.get()
    assert rater.reminders_sent == 3


def test_the_reminder_carries_the_same_link_as_the_invitation(world, fresh_outbox, run_worker):
    round = launched(world)
    reminded(run_worker, fresh_outbox, 3)
    (message,) = [m for m in fresh_outbox if m.subject.startswith("A reminder")]
    rater = round.raters.get()
    assert message.subject == "A reminder: your feedback for Erin Executive"
    assert f"http://testserver/r/{vault.rater_token(rater.token_salt)}/" in message.body
    assert "the survey is still waiting for your answers" in message.body


def test_a_rater_who_missed_several_steps_gets_one_reminder(world, fresh_outbox, run_worker):
    launched(world)
    assert reminded(run_worker, fresh_outbox, 11) == ["pat@acme.test"]
    assert reminded(run_worker, fresh_outbox, 12) == []


def test_who_answered_declined_or_lost_their_link_is_not_reminded(world, fresh_outbox, run_worker):
    round = launched(world, "Ann", "Dee", "Rex", "Wes")
    raters = {r.stakeholder.name: r for r in round.raters.select_related("stakeholder")}
    answering.response_submit(answerer=answering.answerer_for_rater(raters["Ann"]), answers={})
    answering.response_decline(answerer=answering.answerer_for_rater(raters["Dee"]))
    services.rater_withdraw(rater=raters["Rex"], by_coach=True)
    assert reminded(run_worker, fresh_outbox, 3) == ["pat@acme.test", "wes@acme.test"]


def test_no_reminder_after_the_round_closes(world, fresh_outbox, run_worker):
    round = launched(world)
    answering.round_close(round=round)
    assert reminded(run_worker, fresh_outbox, 3) == []


def test_no_reminder_once_the_closing_date_has_passed(world, fresh_outbox, run_worker):
    launched(world)
    assert reminded(run_worker, fresh_outbox, 15) == []


def test_the_reminder_days_are_a_setting(world, fresh_outbox, run_worker, settings):
    settings.FEEDBACK_REMINDER_DAYS = (1,)
    launched(world)
    assert reminded(run_worker, fresh_outbox, 1) == ["pat@acme.test"]
    assert reminded(run_worker, fresh_outbox, 3) == []


def test_the_tick_queues_its_next_run_and_the_schedule_queues_one(world, run_worker):
    assert tick_schedule(rater_reminders_tick) is True
    assert tick_schedule(rater_reminders_tick) is False
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=rater_reminders_tick.module_path)
    assert waiting.count() == 1


def test_the_command_sends_what_is_due(world, fresh_outbox, run_worker, capsys):
    launched(world)
    call_command("rater_reminders")
    assert "0 rater reminder(s) queued" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_each_rater_once(transactional_db, run_worker):
    from django.core import mail

    world = world_build()
    round = launched(world, "Ann", "Dee", "Rex")
    run_worker()
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            counts.append(services.rater_reminders_send(today=OPENED + timedelta(days=3)))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(counts) == 4
    assert list(Rater.objects.filter(round=round).values_list("reminders_sent", flat=True)) == [1, 1, 1, 1]
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@acme.test", "dee@acme.test", "pat@acme.test", "rex@acme.test"]


def test_a_round_closes_itself_the_day_after_its_closing_date_and_the_coach_is_told(
    world, signed_agreement, fresh_outbox, run_worker
):
    round = launched(world, "Quinn")
    (quinn,) = round.raters.filter(stakeholder__name="Quinn")
    answering.response_submit(answerer=answering.answerer_for_rater(quinn), answers={})
    assert services.rounds_close_due(today=round.closes_on) == 0  # still open on its last day
    assert services.rounds_close_due(today=round.closes_on + timedelta(days=1)) == 1
    assert services.rounds_close_due(today=round.closes_on + timedelta(days=1)) == 0  # once
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED and round.responses.count() == 1
    run_worker()
    (told,) = [m for m in fresh_outbox if m.to == [world.coach.email]]
    assert "reached its closing date and is closed" in told.body
    assert f"/360/{round.public_id}/report/" in told.body
    # The world's own round (closing 22 March 2027) is left alone until its date has passed.
    assert Round.objects.get(pk=world.round.pk).status == Round.Status.OPEN


def test_a_link_withdrawn_before_the_worker_sends_the_invitation_is_not_mailed(
    world, signed_agreement, fresh_outbox, run_worker
):
    round = launched(world, "Quinn")  # both invitations queued, not yet sent
    (quinn,) = round.raters.filter(stakeholder__name="Quinn")
    services.rater_withdraw(rater=quinn, by_coach=True)
    run_worker()
    assert sorted(m.to[0] for m in fresh_outbox) == ["pat@acme.test"]
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert not failed.exists()
