"""The large practice for trying load (``manage.py demo --size large``), built small: the first
12 engagements have the shape of the 2,000, so what holds here holds there."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from stepwise.dashboard import large
from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.feedback.models import Questionnaire, Response, Round
from stepwise.lib.mail import mail_queue, mail_withheld
from stepwise.meetings.models import CheckIn, Message, ProgressReview, Session
from stepwise.outcomes.models import Benefit, MiniSurvey
from stepwise.practice.models import JournalEntry
from stepwise.users.demo import PASSWORD
from stepwise.users.models import User
from stepwise.users.services import invitation_send
from stepwise.worksheets.services import templates_install

from .test_demo import _counts

ENGAGEMENTS = 10  # any ten in a row hold every stage


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _signed_in(email: str) -> Client:
    person = User.objects.get(email=email)
    assert person.check_password(PASSWORD), f"{email} signs in with the printed demo password"
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.django_db
def test_a_small_large_practice_shows_the_busy_coach_every_step_and_an_executive_months_of_step_5(tmp_path, settings):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    templates_install()
    _load()
    queued = DBTaskResult.objects.count()
    assert queued > 0, "the small demo tells its people, as the pages would"

    printed = _load("--size", "large", "--engagements", str(ENGAGEMENTS))

    assert f"{large.BUSY_COACH[0]:<30} password: {PASSWORD}" in printed
    assert f"engagement {ENGAGEMENTS} of {ENGAGEMENTS}" in printed
    assert DBTaskResult.objects.count() == queued, "nobody is mailed about the generated practice"
    # The busy coach's home: every engagement, each at the step its stage is at.
    page = _signed_in(large.BUSY_COACH[0]).get(reverse("home")).content.decode()
    titles = [large.Planned(number).title for number in range(ENGAGEMENTS)]
    assert [title for title in titles if title not in page] == []
    current = re.findall(r'aria-current="step">\s*<span class="n">(\d)</span>', page)
    assert sorted(current) == sorted(
        {"awaiting_signatures": "1", "signed": "2", "assessment": "2", "planning": "3", "sessions": "5", "closed": "6"}[
            large.Planned(number).shape.stage
        ]
        for number in range(ENGAGEMENTS)
    )
    assert "waiting for signatures" in page and "waiting on the coach" in page and "waiting on the sponsor" in page
    assert Engagement.objects.filter(coach__email=large.BUSY_COACH[0], status=Engagement.Status.CLOSED).exists()
    assert Stakeholder.objects.filter(engagement__coach__email=large.BUSY_COACH[0]).count() == 11 * ENGAGEMENTS
    # Step 6: a closed 360 of twelve submissions (every stakeholder and the executive) where planned.
    rounds = Round.objects.filter(engagement__coach__email=large.BUSY_COACH[0], kind=Questionnaire.Kind.FEEDBACK_360)
    with_round = [large.Planned(number).title for number in range(ENGAGEMENTS) if large.Planned(number).round_closed]
    assert sorted(rounds.values_list("engagement__title", flat=True)) == sorted(with_round)
    assert len(with_round) == 3 and set(rounds.values_list("status", flat=True)) == {Round.Status.CLOSED}
    assert Response.objects.filter(round__in=rounds).count() == 12 * len(with_round)
    # Step 7 in every closed engagement: two mini-surveys with the 360's raters, the ROI entered.
    closed = [large.Planned(n).title for n in range(ENGAGEMENTS) if large.Planned(n).shape.closed]
    minis = MiniSurvey.objects.filter(engagement__title__in=closed)
    assert sorted(minis.values_list("engagement__title", flat=True)) == sorted(closed * 2)
    assert set(minis.values_list("round__status", flat=True)) == {Round.Status.CLOSED}
    assert set(Benefit.objects.filter(engagement__title__in=closed).values_list("engagement__title", flat=True)) == set(
        closed
    )
    # The executive's practice beside an engagement under way with a 360 behind it.
    practising = [large.Planned(n) for n in range(ENGAGEMENTS) if large.Planned(n).round_closed]
    practising = [p for p in practising if not p.shape.closed]
    assert practising
    for planned in practising:
        assert JournalEntry.objects.filter(owner__email=planned.executive[0]).count() > 30

    # The printed executive: months of sessions, check-ins, reviews and messages.
    first = large.Planned(0)
    assert first.executive[0] in printed and first.shape.stage == "sessions"
    engagement = Engagement.objects.get(title=first.title)
    executive = _signed_in(first.executive[0])
    sessions = executive.get(reverse("session_list", args=[engagement.public_id])).content.decode()
    held = Session.objects.filter(engagement=engagement, status=Session.Status.HELD).count()
    assert held >= 15, "months of sessions held"
    assert sessions.count(f">{Session.Status.HELD.label}</span>") == held
    assert sessions.count(f">{Session.Status.SCHEDULED.label}</span>") >= 1
    checkins = executive.get(reverse("checkin", args=[engagement.public_id])).content.decode()
    assert CheckIn.objects.filter(key_action__goal__engagement=engagement).count() >= 6
    assert "Two of the three hand-overs are done." in checkins and "Done: the team took it over." in checkins
    assert ProgressReview.objects.filter(engagement=engagement, completed_at__isnull=False).count() >= 6
    assert Message.objects.filter(engagement=engagement).count() > 10
    messages = executive.get(reverse("message_list", args=[engagement.public_id])).content.decode()
    assert "Share the hours and the decisions the directors took without you." in messages

    # Loaded again: nothing added. A larger count adds only the missing engagement.
    before = _counts()
    again = _load("--size", "large", "--engagements", str(ENGAGEMENTS))
    assert _counts() == before
    assert f"0 engagements made, {ENGAGEMENTS} were there already" in again
    _load("--size", "large", "--engagements", str(ENGAGEMENTS + 1))
    generated = Engagement.objects.filter(coach__email__endswith=f"@{large.DOMAIN}")
    assert generated.count() == ENGAGEMENTS + 1
    assert generated.values("title").distinct().count() == ENGAGEMENTS + 1


@pytest.mark.django_db
def test_a_count_without_the_large_size_is_refused():
    with pytest.raises(CommandError, match="--engagements goes with --size large"):
        call_command("demo", "--engagements", "20", stdout=io.StringIO())
    with pytest.raises(CommandError, match="from 1 to 20,000"):
        call_command("demo", "--size", "large", "--engagements", "0", stdout=io.StringIO())


def test_the_stages_follow_the_cycle_and_the_busy_coach_keeps_300():
    stages = [large.Planned(number).shape.stage for number in range(10)]
    assert set(stages) == set(large.SHAPES)
    coaches = [large.Planned(number).coach[0] for number in range(large.FULL_SIZE)]
    assert coaches.count(large.BUSY_COACH[0]) == 300
    assert len(set(coaches)) == 50
    organisations = {large.Planned(number).organisation for number in range(large.FULL_SIZE)}
    assert len({large.organisation_name(n) for n in organisations}) == 100
    assert len({large.Planned(number).title for number in range(large.FULL_SIZE)}) == large.FULL_SIZE
    # 500 closed 360s, each answered by the executive and all eleven stakeholders: 6,000 submissions.
    assert sum(large.Planned(number).round_closed for number in range(large.FULL_SIZE)) == 500
    assert len(large.STAKEHOLDERS) + 1 == 12


def test_mail_is_withheld_inside_the_block_only(world, fresh_outbox, run_worker):
    def notice() -> None:
        mail_queue(
            template="agreements/email/signed",
            to=["erin@acme.test"],
            context={"person": world.executive, "agreement": world.agreement, "engagement": world.engagement},
        )

    with mail_withheld():
        notice()
        invitation_send(user=world.outsider, invited_by=world.coach)
    assert run_worker() == 0
    notice()
    invitation_send(user=world.outsider, invited_by=world.coach)
    assert run_worker() == 2
    assert [message.to for message in fresh_outbox] == [["erin@acme.test"], [world.outsider.email]]
