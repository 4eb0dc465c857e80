"""The coach's and the executive's side of a 360 round: making it, nominating and approving raters,
opening it with the invitations, the response counts, extending, closing and withdrawing links."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World, agreement_in_force
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Stakeholder
from stepwise.feedback import answering, services, vault
from stepwise.feedback.models import Group, Questionnaire, QuestionnaireItem, Rater, Round
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal

TODAY = timezone.localdate


def questionnaire_make(title: str = "Leadership basics") -> Questionnaire:
    questionnaire = Questionnaire.objects.create(title=title)
    QuestionnaireItem.objects.create(questionnaire=questionnaire, position=1, competency="Listening", text="Listens")
    QuestionnaireItem.objects.create(
        questionnaire=questionnaire, position=2, text="What could they start?", kind="open"
    )
    return questionnaire


def approved_goal(world: World, title: str) -> Goal:
    agreement_in_force(world)
    goal = plan_services.goal_create(engagement=world.engagement, title=title, token=uuid.uuid4())
    goal = plan_services.goal_ask_approval(goal=goal)
    plan_services.goal_decide(goal=goal, sponsor=world.sponsor, decision="approved", comment="", revision=goal.revision)
    goal.refresh_from_db()
    return goal


def url(name: str, world: World, round: Round | None = None, **more: object) -> str:
    kwargs: dict[str, object] = {"public_id": world.engagement.public_id}
    if round is not None:
        kwargs["round_id"] = round.public_id
    return reverse(name, kwargs=kwargs | more)


def draft(world: World, *, closes_on: date | None = None) -> Round:
    agreement_in_force(world)
    return services.round_create(
        engagement=world.engagement,
        title="Mid-point 360",
        opens_on=TODAY(),
        closes_on=closes_on or TODAY() + timedelta(days=21),
        questionnaire=questionnaire_make(),
    )


def stakeholders(world: World, relationship: str, n: int) -> list[Stakeholder]:
    return [
        engagement_services.stakeholder_save(
            engagement=world.engagement,
            name=f"{relationship} {i}",
            email=f"{relationship}{i}@acme.test",
            relationship=relationship,
        )
        for i in range(n)
    ]


def text(response) -> str:
    """The page's HTML with its white space folded, and none beside a tag."""
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", re.sub(r"\s+", " ", response.content.decode()))


# --- making a round ------------------------------------------------------------------------------


def test_the_coach_makes_a_round_from_a_questionnaire_and_the_goals_ticked(world, client_as):
    questionnaire = questionnaire_make()
    kept = approved_goal(world, "Delegate the weekly report")
    approved_goal(world, "Speak up in the board meeting")
    page = client_as(world.coach).get(url("round_create", world))
    assert "Delegate the weekly report" in text(page) and "Leadership basics" in text(page)
    response = client_as(world.coach).post(
        url("round_create", world),
        {
            "token": str(uuid.uuid4()),
            "title": "Mid-point 360",
            "questionnaire": questionnaire.pk,
            "goals": [str(kept.public_id)],
            "opens_on": "2027-05-03",
            "closes_on": "2027-05-24",
        },
    )
    round = Round.objects.get(title="Mid-point 360")
    assert response.status_code == 302
    assert response["Location"] == url("round_detail", world, round)
    assert [(i.position, i.text) for i in round.items.all()] == [
        (1, "Listens"),
        (2, "What could they start?"),
        (3, "How effective is Erin at: Delegate the weekly report?"),
    ]
    page = text(client_as(world.coach).get(response["Location"]))
    assert "The manager's answers are shown as the manager's, from 1 answer; the manager is told so." in page
    assert "each group is shown only once at least 3 of its raters have answered" in page
    assert "All raters other than the executive together: shown from 4 answers." in page


def test_a_round_that_closes_before_it_opens_is_refused_beside_the_closing_date(world, client_as):
    questionnaire = questionnaire_make()
    response = client_as(world.coach).post(
        url("round_create", world),
        {
            "token": str(uuid.uuid4()),
            "title": "Back to front",
            "questionnaire": questionnaire.pk,
            "opens_on": "2027-05-24",
            "closes_on": "2027-05-03",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["closes_on"] == ["The round must close on or after the day it opens."]
    assert 'value="Back to front"' in response.content.decode()
    assert not Round.objects.filter(title="Back to front").exists()


def test_a_goal_of_another_engagement_or_not_yet_approved_is_refused_beside_the_goals(world, client_as):
    questionnaire = questionnaire_make()
    approved_goal(world, "Delegate the weekly report")
    waiting = plan_services.goal_create(engagement=world.engagement, title="Not approved yet", token=uuid.uuid4())
    page = text(client_as(world.coach).get(url("round_create", world)))
    assert "Delegate the weekly report" in page and "Not approved yet" not in page
    response = client_as(world.coach).post(
        url("round_create", world),
        {
            "token": str(uuid.uuid4()),
            "title": "Unapproved goal",
            "questionnaire": questionnaire.pk,
            "goals": [str(waiting.public_id)],
            "opens_on": "2027-05-03",
            "closes_on": "2027-05-24",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["goals"] == ["Choose among the goals listed."]
    assert not Round.objects.filter(title="Unapproved goal").exists()
    with pytest.raises(ValidationError):
        services.round_create(
            engagement=world.engagement,
            title="Elsewhere",
            opens_on=date(2027, 5, 3),
            closes_on=date(2027, 5, 24),
            goals=[plan_services.goal_create(engagement=other_engagement(world), title="Theirs", token=uuid.uuid4())],
        )


def other_engagement(world: World):
    return engagement_services.engagement_create(
        coach=world.coach,
        organisation=world.organisation,
        title="Another engagement",
        start_date=date(2027, 1, 11),
        planned_months=6,
        executive_name="Xavier Exec",
        executive_email="xavier@acme.test",
    )


def test_the_same_create_form_sent_twice_makes_one_round(world, client_as):
    questionnaire = questionnaire_make()
    data = {
        "token": str(uuid.uuid4()),
        "title": "Twice",
        "questionnaire": questionnaire.pk,
        "opens_on": "2027-05-03",
        "closes_on": "2027-05-24",
    }
    first = client_as(world.coach).post(url("round_create", world), data)
    second = client_as(world.coach).post(url("round_create", world), data)
    assert first["Location"] == second["Location"]
    assert Round.objects.filter(title="Twice").count() == 1


def test_the_database_refuses_a_round_that_closes_before_it_opens(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=world.round.pk).update(closes_on=date(2027, 1, 1))


# --- raters --------------------------------------------------------------------------------------


def test_the_executive_nominates_stakeholders_into_the_groups_their_relationship_gives(world, client_as):
    round = draft(world)
    manager, *_ = stakeholders(world, "manager", 1)
    peers = stakeholders(world, "peer", 2)
    page = text(client_as(world.executive).get(url("round_raters", world, round)))
    assert "so that one person not answering does not hide the group" in page
    response = client_as(world.executive).post(
        url("round_raters", world, round),
        {"stakeholders": [str(manager.public_id), *(str(p.public_id) for p in peers)]},
    )
    assert response.status_code == 302
    assert sorted(round.raters.values_list("stakeholder__name", "group")) == [
        ("manager 0", Group.MANAGER),
        ("peer 0", Group.PEER),
        ("peer 1", Group.PEER),
    ]
    page = text(client_as(world.executive).get(url("round_raters", world, round)))
    assert 'peers: 2 people<span class="warn-text">— fewer than four</span>' in page


def test_a_group_chosen_for_a_stakeholder_overrides_their_relationship(world, client_as):
    round = draft(world)
    (other,) = stakeholders(world, "other", 1)
    client_as(world.executive).post(
        url("round_raters", world, round), {"stakeholders": [str(other.public_id)], "group": "direct_report"}
    )
    assert round.raters.get().group == Group.DIRECT_REPORT


def test_a_stakeholder_of_another_engagement_or_an_unknown_group_is_refused_beside_the_field(world, client_as):
    round = draft(world)
    theirs = engagement_services.engagement_create(
        coach=world.coach,
        organisation=world.organisation,
        title="Another engagement",
        start_date=date(2027, 1, 11),
        planned_months=6,
        executive_name="Xavier Exec",
        executive_email="xavier@acme.test",
    )
    stranger = engagement_services.stakeholder_save(
        engagement=theirs, name="Stan Stranger", email="stan@acme.test", relationship="peer"
    )
    response = client_as(world.executive).post(
        url("round_raters", world, round), {"stakeholders": [str(stranger.public_id)]}
    )
    assert response.status_code == 400
    assert response.context["nominate"].errors["stakeholders"] == [
        "Choose among this engagement's key stakeholders listed here."
    ]
    response = client_as(world.executive).post(
        url("round_raters", world, round), {"stakeholders": [str(world.stakeholder.public_id)], "group": "self"}
    )
    assert response.status_code == 400
    assert response.context["nominate"].errors["group"] == ["Choose manager, peers, direct reports or others."]
    assert not round.raters.exists()


def test_someone_new_is_added_to_the_stakeholders_and_nominated(world, client_as):
    round = draft(world)
    response = client_as(world.executive).post(
        url("round_raters", world, round),
        {
            "action": "new",
            "new-token": str(uuid.uuid4()),
            "new-name": "Dana Direct",
            "new-email": "Dana@Acme.test",
            "new-relationship": "direct_report",
            "new-group": "",
        },
    )
    assert response.status_code == 302
    stakeholder = world.engagement.stakeholders.get(email="dana@acme.test")
    assert round.raters.get().stakeholder == stakeholder
    assert round.raters.get().group == Group.DIRECT_REPORT


def test_a_new_rater_with_a_bad_email_keeps_what_was_typed(world, client_as):
    round = draft(world)
    response = client_as(world.executive).post(
        url("round_raters", world, round),
        {"action": "new", "new-name": "Dana Direct", "new-email": "not an email", "new-relationship": "peer"},
    )
    assert response.status_code == 400
    assert response.context["new"].errors["email"] == ["Enter a valid email address."]
    assert 'value="Dana Direct"' in response.content.decode()


def test_the_coach_approves_the_list_and_a_change_after_needs_approval_again(world, client_as):
    round = draft(world)
    peers = stakeholders(world, "peer", 2)
    services.rater_nominate(round=round, stakeholder=peers[0])
    round.refresh_from_db()
    assert (
        client_as(world.executive).post(url("round_approve", world, round), {"revision": round.revision}).status_code
        == 403
    )
    response = client_as(world.coach).post(url("round_approve", world, round), {"revision": round.revision})
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.raters_approved_by == world.coach and round.raters_approved_at is not None
    client_as(world.executive).post(url("round_raters", world, round), {"stakeholders": [str(peers[1].public_id)]})
    round.refresh_from_db()
    assert round.raters_approved_at is None and round.raters_approved_by is None
    assert "The list waits for the coach's approval." in text(
        client_as(world.executive).get(url("round_detail", world, round))
    )


def test_approving_a_list_that_changed_since_the_page_was_drawn_is_refused(world, client_as):
    round = draft(world)
    peers = stakeholders(world, "peer", 2)
    services.rater_nominate(round=round, stakeholder=peers[0])
    round.refresh_from_db()
    drawn_at = round.revision
    services.rater_nominate(round=round, stakeholder=peers[1])
    response = client_as(world.coach).post(url("round_approve", world, round), {"revision": drawn_at})
    assert response.status_code == 409
    assert "The list of raters changed while you were reading it." in text(response)
    round.refresh_from_db()
    assert round.raters_approved_at is None


# --- opening, invitations -----------------------------------------------------------------------


def test_a_round_cannot_open_before_its_raters_are_approved(world, client_as):
    round = draft(world)
    services.rater_nominate(round=round, stakeholder=world.stakeholder)
    round.refresh_from_db()
    response = client_as(world.coach).post(url("round_open", world, round), {"revision": round.revision})
    assert response.status_code == 400
    assert "Approve the list of raters before you open the round." in text(response)
    round.refresh_from_db()
    assert round.status == Round.Status.DRAFT


def test_a_round_opens_only_once_the_agreement_is_signed_by_everyone(world, client_as, fresh_outbox, run_worker):
    round = services.round_create(
        engagement=world.engagement, title="Early 360", opens_on=TODAY(), closes_on=TODAY() + timedelta(days=14)
    )
    services.rater_nominate(round=round, stakeholder=world.stakeholder)
    round = services.raters_approve(round=round, by=world.coach, revision=None)
    page = client_as(world.coach).get(url("round_detail", world, round))
    assert "The round opens once the coaching agreement is signed by everyone" in text(page)
    assert "Open the round" not in text(page)
    response = client_as(world.coach).post(url("round_open", world, round), {"revision": round.revision})
    assert response.status_code == 400
    assert "The coaching agreement is not signed by everyone yet." in text(response)
    round.refresh_from_db()
    assert round.status == Round.Status.DRAFT and not round.raters.filter(token_hash__isnull=False).exists()
    run_worker()
    assert fresh_outbox == []

    agreement_in_force(world)
    run_worker()
    fresh_outbox.clear()  # the agreement's own mails
    page = client_as(world.coach).get(url("round_detail", world, round))
    assert "Open the round" in text(page)
    response = client_as(world.coach).post(url("round_open", world, round), {"revision": round.revision})
    assert response.status_code == 302
    run_worker()
    assert [message.to for message in fresh_outbox] == [["pat@acme.test"]]


def test_opening_mails_each_rater_their_own_link_and_the_queue_holds_no_token(
    world, signed_agreement, client_as, fresh_outbox, run_worker
):
    round = draft(world, closes_on=TODAY() + timedelta(days=14))
    (manager,) = stakeholders(world, "manager", 1)
    services.raters_nominate(round=round, stakeholders=[world.stakeholder, manager])
    services.raters_approve(round=round, by=world.coach, revision=None)
    round.refresh_from_db()
    response = client_as(world.coach).post(url("round_open", world, round), {"revision": round.revision})
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN
    tokens = {r.stakeholder.email: vault.rater_token(r.token_salt) for r in round.raters.select_related("stakeholder")}
    queued = str(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))
    assert all(token not in queued for token in tokens.values())
    run_worker()
    by_address = {message.to[0]: message for message in fresh_outbox}
    assert set(by_address) == {"pat@acme.test", "manager0@acme.test"}
    peer_mail = by_address["pat@acme.test"]
    when = round.closes_on.strftime("%A %-d %B %Y")
    assert peer_mail.subject == f"Your feedback for Erin Executive, by {round.closes_on.strftime('%-d %B')}"
    assert "Erin Executive is working with a coach, Cora Coach, and has asked you for feedback" in peer_mail.body
    assert f"Please answer by {when}." in peer_mail.body
    assert "only once at least 3 people of your group have answered" in peer_mail.body
    assert "never what you said" in peer_mail.body
    link = f"http://testserver/r/{tokens['pat@acme.test']}/"
    assert link in peer_mail.body
    assert "shown as the manager's, on their own" in by_address["manager0@acme.test"].body
    assert "shown as the manager's" not in peer_mail.body
    opened = client_as(None).get(link.removeprefix("http://testserver"))
    assert opened.status_code == 302 and opened["Location"] == reverse("rater_home")


def test_a_rater_nominated_after_opening_is_invited_when_the_coach_approves_again(world, fresh_outbox, run_worker):
    (late,) = stakeholders(world, "direct_report", 1)
    services.rater_nominate(round=world.round, stakeholder=late)
    rater = world.round.raters.get(stakeholder=late)
    assert rater.status == Rater.Status.NOMINATED
    services.raters_approve(round=world.round, by=world.coach, revision=None)
    rater.refresh_from_db()
    assert rater.status == Rater.Status.INVITED
    run_worker()
    assert [m.to for m in fresh_outbox] == [[late.email]]
    assert vault.rater_token(rater.token_salt) in fresh_outbox[0].body


# --- counts, never who answered ------------------------------------------------------------------


def _without_tokens(page: str) -> str:
    page = re.sub(r'name="new-token" value="[^"]*"', "", page)
    return re.sub(r"[A-Za-z0-9]{64}", "", page)  # CSRF tokens


def test_the_round_page_counts_answers_per_group_and_never_says_who_answered(world, client_as):
    more = stakeholders(world, "peer", 2)
    for stakeholder in more:
        services.rater_nominate(round=world.round, stakeholder=stakeholder)
    services.raters_approve(round=world.round, by=world.coach, revision=None)
    raters_before = _without_tokens(text(client_as(world.coach).get(url("round_raters", world, world.round))))
    answered = Rater.objects.get(stakeholder=more[0])
    answering.response_submit(answerer=answering.answerer_for_rater(answered), answers={"ratings": {}, "comments": {}})
    answering.response_decline(answerer=answering.answerer_for_rater(Rater.objects.get(stakeholder=more[1])))
    for person in (world.coach, world.executive):
        page = text(client_as(person).get(url("round_detail", world, world.round)))
        assert 'peers</th><td data-label="Answered">1 of 3 answered</td><td data-label="Declined">1</td>' in page
        assert 'All raters</th><td data-label="Answered">1 of 3 answered' in page
        assert more[0].name not in page and more[1].name not in page
    # The list of raters reads the same whoever answered or declined.
    raters_after = _without_tokens(text(client_as(world.coach).get(url("round_raters", world, world.round))))
    assert raters_after == raters_before


def test_the_executive_is_offered_to_answer_as_self_while_they_have_not(world, client_as):
    try:
        self_url = url("round_self", world, world.round)
    except NoReverseMatch:  # the self page comes with the raters' pages
        self_url = ""
    page = client_as(world.executive).get(url("round_detail", world, world.round)).content.decode()
    assert ("Answer as yourself" in page) == bool(self_url)
    assert "The executive has not yet answered about themselves." in text(
        client_as(world.coach).get(url("round_detail", world, world.round))
    )
    answering.response_submit(answerer=answering.answerer_for_self(world.round), answers={})
    page = client_as(world.executive).get(url("round_detail", world, world.round)).content.decode()
    assert "Answer as yourself" not in page
    assert "The executive has answered about themselves." in page


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_round_and_raters_pages_run_the_same_queries_for_5_or_40_raters(world, client_as):
    client = client_as(world.coach)
    pages = [url("round_detail", world, world.round), url("round_raters", world, world.round)]
    for stakeholder in stakeholders(world, "peer", 4):
        services.rater_nominate(round=world.round, stakeholder=stakeholder)
    client.get(pages[0])  # the session is touched once
    five = [_queries(client, page) for page in pages]
    for stakeholder in stakeholders(world, "direct_report", 35):
        services.rater_nominate(round=world.round, stakeholder=stakeholder)
    assert world.round.raters.count() == 40
    assert [_queries(client, page) for page in pages] == five


# --- extend, close, revoke -----------------------------------------------------------------------


def test_the_coach_moves_the_closing_date_later(world, client_as):
    round = Round.objects.get(pk=world.round.pk)
    later = round.closes_on + timedelta(days=14)
    response = client_as(world.coach).post(
        url("round_extend", world, round), {"closes_on": later.isoformat(), "revision": round.revision}
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.closes_on == later


def test_a_closing_date_from_a_stale_page_or_in_the_past_is_refused(world, client_as):
    round = draft(world)
    later = round.closes_on + timedelta(days=14)
    response = client_as(world.coach).post(
        url("round_extend", world, round), {"closes_on": later.isoformat(), "revision": round.revision + 5}
    )
    assert response.status_code == 409
    assert "Someone else saved this while you were editing it." in text(response)
    response = client_as(world.coach).post(
        url("round_extend", world, round),
        {"closes_on": (TODAY() - timedelta(days=1)).isoformat(), "revision": round.revision},
    )
    assert response.status_code == 400
    assert response.context["extend_form"].errors["closes_on"] == ["Choose today or a later day."]
    assert Round.objects.get(pk=round.pk).closes_on == round.closes_on


def test_the_coach_closes_the_round_and_the_links_stop(world, client_as):
    response = client_as(world.coach).post(url("round_close", world, world.round), {"revision": 0})
    assert response.status_code == 302
    assert Round.objects.get(pk=world.round.pk).status == Round.Status.CLOSED
    assert client_as(None).get(reverse("rater_open", args=[world.rater_token])).status_code == 410


def test_only_the_coach_withdraws_a_link_already_sent(world, client_as):
    path = url("rater_revoke", world, world.round, rater_id=world.rater.public_id)
    assert client_as(world.executive).post(path).status_code == 403
    assert Rater.objects.get(pk=world.rater.pk).status == Rater.Status.INVITED
    assert client_as(world.coach).post(path).status_code == 302
    assert Rater.objects.get(pk=world.rater.pk).status == Rater.Status.REVOKED
    assert client_as(None).get(reverse("rater_open", args=[world.rater_token])).status_code == 410


def test_the_executive_takes_someone_off_the_list_before_the_links_go(world, client_as):
    round = draft(world)
    rater = services.rater_nominate(round=round, stakeholder=world.stakeholder)
    services.raters_approve(round=round, by=world.coach, revision=None)
    response = client_as(world.executive).post(url("rater_revoke", world, round, rater_id=rater.public_id))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.raters.get().status == Rater.Status.REVOKED and round.raters_approved_at is None
    # Asked again, they are back on the list.
    services.rater_nominate(round=round, stakeholder=world.stakeholder)
    assert round.raters.get().status == Rater.Status.NOMINATED
