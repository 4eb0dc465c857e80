"""Practice step 7: the recurring question, sent on a cadence, charted over time."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World
from stepwise.engagements.models import Stakeholder
from stepwise.feedback import answering, content, pulse, vault
from stepwise.feedback.models import ItemKind, PulseSeries, Questionnaire, Rater, Round
from stepwise.lib.recurring import tick_schedule

from .practice_rounds import stakeholder_add

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _url(world: World) -> str:
    return reverse("pulse_detail", args=[world.engagement.public_id])


def _series(world: World, *, peers: int = 3, direct_reports: int = 1, every_days: int = 30) -> PulseSeries:
    """A pulse asking the world's peer and ``peers - 1`` more, and ``direct_reports``."""
    for _ in range(peers - 1):
        stakeholder_add(world, "peer")
    for _ in range(direct_reports):
        stakeholder_add(world, "direct_report")
    return pulse.pulse_series_save(
        engagement=world.engagement,
        stakeholders=pulse.pulse_candidates(world.engagement),
        every_days=every_days,
        next_send_on=TODAY,
        active=True,
        revision=0,
        today=TODAY,
    )


def _answered(day: date, answers: dict[str, list[tuple[int, int]]]) -> Round:
    """Send the pulse due on ``day``; the first raters of each group answer (ratings of the two
    questions, by group), then the window passes and it closes."""
    sent, _closed = pulse.pulse_run(today=day)
    assert sent == 1
    round = Round.objects.filter(kind=Questionnaire.Kind.PULSE).latest("opens_on")
    for group, ratings in answers.items():
        raters = list(round.raters.filter(group=group).order_by("pk"))
        for rater, (we, i) in zip(raters, ratings, strict=False):
            answering.response_submit(
                answerer=answering.answerer_for_rater(rater),
                answers={"ratings": {"1": we, "2": i}, "comments": {"3": "Keep going."}},
            )
    pulse.pulse_run(today=day + timedelta(days=pulse.WINDOW_DAYS))
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED
    return round


def test_the_executive_chooses_peers_and_direct_reports_and_a_cadence(world: World):
    peer = world.stakeholder
    report = stakeholder_add(world, "direct_report")
    manager = stakeholder_add(world, "manager")
    client = world.client("executive")
    page = client.get(_url(world)).content.decode()
    assert report.name in page and peer.name in page
    assert manager.name not in page  # the seed asks subordinates and peers
    data = {
        "stakeholders": [peer.pk, report.pk],
        "every_days": "30",
        "next_send_on": TODAY.isoformat(),
        "active": "on",
        "revision": "0",
    }
    assert client.post(_url(world), data).status_code == 302
    series = PulseSeries.objects.get(engagement=world.engagement)
    assert (series.every_days, series.next_send_on, series.active) == (30, TODAY, True)
    assert set(series.stakeholders.all()) == {peer, report}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stakeholders": []}, "Choose at least one peer or direct report to ask."),
        ({"stakeholders": ["MANAGER"]}, "Choose among your peers and direct reports."),
        ({"stakeholders": ["not-a-number"]}, "Choose among your peers and direct reports."),
        ({"every_days": "3"}, "Choose how often the question is sent."),
        ({"next_send_on": "2020-01-01"}, "This date has passed."),
        ({"next_send_on": "soon"}, "Enter a date"),
    ],
)
def test_bad_input_is_told_beside_the_field(world: World, changes, message):
    manager = stakeholder_add(world, "manager")
    data = {
        "stakeholders": [world.stakeholder.pk],
        "every_days": "30",
        "next_send_on": TODAY.isoformat(),
        "active": "on",
        "revision": "0",
    } | changes
    data["stakeholders"] = [manager.pk if s == "MANAGER" else s for s in data["stakeholders"]]
    response = world.client("executive").post(_url(world), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PulseSeries.objects.exists()


def test_a_stale_pulse_form_is_refused(world: World):
    _series(world)
    data = {
        "stakeholders": [world.stakeholder.pk],
        "every_days": "7",
        "next_send_on": TODAY.isoformat(),
        "active": "on",
        "revision": "0",
    }
    response = world.client("executive").post(_url(world), data)
    assert response.status_code == 409
    assert PulseSeries.objects.get().every_days == 30


def test_a_sending_asks_the_seeds_two_questions_through_the_rounds_services(world: World):
    series = _series(world)
    assert pulse.pulse_run(today=TODAY) == (1, 0)
    (round,) = Round.objects.filter(kind=Questionnaire.Kind.PULSE)
    assert round.series == series
    assert round.status == Round.Status.OPEN
    assert [(i.text, i.kind) for i in round.items.all()] == [
        ("Are we moving in the direction we said we wanted to go?", ItemKind.SCALE),
        ("Am I moving us in the direction we said we wanted to go?", ItemKind.SCALE),
        (content.PULSE_COMMENT, ItemKind.OPEN),
    ]
    raters = list(round.raters.all())
    assert len(raters) == 4
    assert all(r.status == Rater.Status.INVITED and r.token_hash for r in raters)
    assert {r.group for r in raters} == {"peer", "direct_report"}
    series.refresh_from_db()
    assert series.next_send_on == TODAY + timedelta(days=30)
    assert pulse.pulse_run(today=TODAY + timedelta(days=1)) == (0, 0)  # nothing due until then
    assert pulse.pulse_run(today=TODAY + timedelta(days=30)) == (1, 1)  # the next, and the first closed
    assert Round.objects.filter(kind=Questionnaire.Kind.PULSE).count() == 2


def test_a_sending_closes_once_its_window_has_passed(world: World):
    _series(world)
    pulse.pulse_run(today=TODAY)
    last_day = TODAY + timedelta(days=pulse.WINDOW_DAYS - 1)
    assert pulse.pulse_run(today=last_day) == (0, 0)
    assert pulse.pulse_run(today=last_day + timedelta(days=1)) == (0, 1)
    assert Round.objects.get(kind=Questionnaire.Kind.PULSE).status == Round.Status.CLOSED


def test_a_paused_pulse_sends_nothing(world: World):
    series = _series(world)
    pulse.pulse_series_save(
        engagement=world.engagement,
        stakeholders=list(series.stakeholders.all()),
        every_days=30,
        next_send_on=TODAY,
        active=False,
        revision=series.revision,
        today=TODAY,
    )
    assert pulse.pulse_run(today=TODAY) == (0, 0)


def test_with_fewer_answers_than_the_threshold_nothing_is_shown(world: World):
    _series(world)
    _answered(TODAY, {"peer": [(1, 1), (1, 1), (1, 1)]})  # 3 < 4
    page = world.client("executive").get(_url(world)).content.decode()
    assert "not enough answers to show" in page
    assert "<svg" not in page
    assert "1.0" not in page


def test_means_over_all_raters_are_charted_from_the_threshold(world: World):
    _series(world)
    _answered(TODAY, {"peer": [(2, 3), (4, 3), (3, 3)], "direct_report": [(3, 5)]})
    (sending,) = pulse.pulse_sendings(world.engagement)
    assert sending.means == [3.0, 3.5]
    assert sending.groups == []  # one direct report: groups not shown, or it could be worked out
    for role in ("executive", "coach"):
        page = world.client(role).get(_url(world)).content.decode()
        assert "<svg" in page and "3.5" in page
    engagement_page = world.client("executive").get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert "<svg" in engagement_page.content.decode()


def test_each_group_is_shown_only_when_every_group_reaches_its_threshold(world: World):
    _series(world, peers=3, direct_reports=3)
    _answered(TODAY, {"peer": [(2, 2), (2, 2), (2, 2)], "direct_report": [(4, 4), (4, 4), (4, 4)]})
    (sending,) = pulse.pulse_sendings(world.engagement)
    assert sending.means == [3.0, 3.0]
    assert [(g.group, g.responses, g.means) for g in sending.groups] == [
        ("direct_report", 3, [4.0, 4.0]),
        ("peer", 3, [2.0, 2.0]),
    ]
    page = world.client("executive").get(_url(world)).content.decode()
    assert "direct reports: 4.0" in page


def test_the_coach_reads_the_pulse_without_its_form(world: World):
    _series(world)
    response = world.client("coach").get(_url(world))
    assert response.status_code == 200
    assert 'name="every_days"' not in response.content.decode()
    assert world.client("coach").post(_url(world), {"every_days": "7"}).status_code == 403


def test_the_pulse_page_runs_as_many_queries_for_six_sendings_as_for_one(world: World):
    _series(world)
    client = world.client("executive")
    _answered(TODAY, {"peer": [(3, 3)] * 3, "direct_report": [(3, 3)]})
    client.get(_url(world))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(world)).status_code == 200
        return len(captured)

    one = queries()
    for month in range(1, 6):
        _answered(TODAY + timedelta(days=30 * month), {"peer": [(4, 4)] * 3, "direct_report": [(2, 2)]})
    assert queries() == one


def test_only_peers_and_direct_reports_of_this_engagement_can_be_asked(world: World):
    manager = stakeholder_add(world, "manager")
    with pytest.raises(Exception, match="peers and direct reports"):
        pulse.pulse_series_save(
            engagement=world.engagement,
            stakeholders=[manager],
            every_days=30,
            next_send_on=TODAY,
            active=True,
            revision=0,
            today=TODAY,
        )
    assert Stakeholder.objects.filter(pk=manager.pk).exists()


def test_the_worker_sends_what_is_due_and_queues_its_next_run(world: World, run_worker):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    _series(world)
    assert tick_schedule(pulse.pulse_tick) is True
    assert tick_schedule(pulse.pulse_tick) is False  # one chain, however many workers start
    run_worker()
    assert Round.objects.filter(kind=Questionnaire.Kind.PULSE).count() == 1
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=pulse.pulse_tick.module_path)
    assert waiting.count() == 1  # the next run, an hour from now


def test_the_practice_command_sends_the_pulse_due(world: World):
    from io import StringIO

    from django.core.management import call_command

    _series(world)
    out = StringIO()
    call_command("practice", stdout=out)
    assert "1 pulse(s) sent" in out.getvalue()
    assert Round.objects.filter(kind=Questionnaire.Kind.PULSE).count() == 1


def test_each_person_asked_gets_their_own_link_by_mail(world: World, fresh_outbox, run_worker):
    from django.core import mail

    _series(world)
    pulse.pulse_run(today=TODAY)
    run_worker()
    (round,) = Round.objects.filter(kind=Questionnaire.Kind.PULSE)
    raters = list(round.raters.select_related("stakeholder"))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.stakeholder.email for r in raters)
    for message in mail.outbox:
        assert "two short questions" in message.body
        (rater,) = [r for r in raters if r.stakeholder.email == message.to[0]]
        assert f"/r/{vault.rater_token(rater.token_salt)}/" in message.body
