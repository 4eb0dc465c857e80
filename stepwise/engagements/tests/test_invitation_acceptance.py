"""An invitation grants nothing until the person invited accepts it.

A coach who types the address of someone with an account (the practice admin, a person from
another engagement) must not hand them the engagement the same second: the role starts when the
invitee accepts, and it is theirs alone to accept.
"""

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from stepwise.agreements import services as agreement_services
from stepwise.agreements.models import Agreement
from stepwise.conftest import World, client_for, participant_join
from stepwise.engagements import services
from stepwise.engagements.models import Participant
from stepwise.meetings.services.reviews import review_prepare
from stepwise.plans import services as plan_services
from stepwise.users.tests.test_invitations import token_mailed_to

ClientAs = Callable[..., Client]

# The engagement pages a sponsor reads under the default sharing choices of a signed agreement.
SPONSOR_PAGES = ("engagement_detail", "plan_detail", "worksheet_list", "review_list")


@pytest.fixture
def running(world: World, signed_agreement: Agreement) -> World:
    """The world's engagement under a signed agreement, with a goal the sponsor may read."""
    plan_services.goal_create(engagement=world.engagement, title="Delegate the weekly report", token=uuid4())
    return world


def _invite(world: World, email: str, full_name: str = "Someone Invited") -> Participant:
    return services.participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name=full_name, email=email, role="sponsor"
    )


def _status(client: Client, name: str, world: World) -> int:
    return client.get(reverse(name, args=[world.engagement.public_id])).status_code


def _api_list(client: Client) -> list[str]:
    return [row["public_id"] for row in client.get("/api/engagements").json()]


def test_an_existing_user_invited_as_sponsor_gets_nothing_until_they_accept(running: World) -> None:
    world = running
    participant = _invite(world, world.outsider.email)
    client = client_for(world.outsider)

    assert {name: _status(client, name, world) for name in SPONSOR_PAGES} == dict.fromkeys(SPONSOR_PAGES, 404)
    assert _api_list(client) == []
    assert client.get(f"/api/engagements/{world.engagement.public_id}").status_code == 404
    assert client.get(f"/api/engagements/{world.engagement.public_id}/goals").status_code == 404
    assert world.engagement.title not in client.get(reverse("home")).content.decode()

    participant_join(participant)

    assert {name: _status(client, name, world) for name in SPONSOR_PAGES} == dict.fromkeys(SPONSOR_PAGES, 200)
    assert _api_list(client) == [str(world.engagement.public_id)]
    detail = client.get(f"/api/engagements/{world.engagement.public_id}")
    assert detail.status_code == 200
    assert detail.json()["my_role"] == "sponsor"
    goals = client.get(f"/api/engagements/{world.engagement.public_id}/goals").json()
    assert [goal["title"] for goal in goals] == ["Delegate the weekly report"]


def test_the_practice_admin_invited_as_sponsor_keeps_the_admins_view_until_they_accept(running: World) -> None:
    world = running
    participant = _invite(world, world.admin.email, full_name="Ada Admin")
    client = client_for(world.admin)

    # The admin reads engagement facts anyway; the sponsor's reading of the coaching work waits.
    assert _status(client, "engagement_detail", world) == 200
    assert _status(client, "plan_detail", world) == 404
    assert _status(client, "worksheet_list", world) == 404
    assert _status(client, "review_list", world) == 404
    assert client.get(f"/api/engagements/{world.engagement.public_id}").json()["my_role"] == "admin"
    assert client.get(f"/api/engagements/{world.engagement.public_id}/goals").status_code == 404
    listed = client.get("/api/engagements").json()
    assert [row["my_role"] for row in listed if row["public_id"] == str(world.engagement.public_id)] == ["admin"]

    participant_join(participant)

    assert _status(client, "plan_detail", world) == 200
    assert client.get(f"/api/engagements/{world.engagement.public_id}").json()["my_role"] == "sponsor"


def test_someone_else_signed_in_cannot_accept_an_invitation_for_an_existing_account(
    running: World, run_worker: Callable[[], int]
) -> None:
    world = running
    participant = _invite(world, world.outsider.email)
    run_worker()
    token = token_mailed_to(world.outsider.email)
    intruder = client_for(world.other_coach)

    # Whatever the pages answer (that flow is the invitation pages' own), nobody but the invitee joins.
    intruder.get(reverse("invitation_open", args=[token]))
    intruder.post(reverse("invitation_accept"), {"full_name": "Otto", "time_zone": "UTC"})

    participant.refresh_from_db()
    assert participant.joined_at is None
    assert _status(intruder, "plan_detail", world) == 404
    assert _status(client_for(world.outsider), "engagement_detail", world) == 404


def test_an_invited_sponsor_cannot_sign_before_accepting(world: World) -> None:
    agreement = agreement_services.agreement_open(agreement=world.agreement)
    participant = _invite(world, world.outsider.email)

    with pytest.raises(ValidationError, match="Only the executive, the coach and the sponsors"):
        agreement_services.agreement_sign(
            agreement=agreement, signer=participant.user, typed_name="Olga Outsider", seen_hash=agreement.text_hash
        )


def test_mail_about_the_engagement_goes_only_to_sponsors_who_joined(
    running: World, fresh_outbox: list[mail.EmailMessage], run_worker: Callable[[], int]
) -> None:
    world = running
    _invite(world, "pending@acme.test", full_name="Pia Pending")
    run_worker()
    fresh_outbox.clear()
    goal = world.engagement.goals.get()
    goal = plan_services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={
            "different": "My team runs the report.",
            "measured_how": "Hours a week I spend on it.",
            "success_when": "Two hours or less.",
        },
        actions=[],
        measures=[],
        user=world.executive,
    )

    plan_services.goal_ask_approval(goal=goal)
    run_worker()

    assert sorted(address for message in fresh_outbox for address in message.to) == [world.sponsor.email]


def test_no_sponsor_joined_means_no_one_to_ask_for_approval(
    world: World, signed_agreement: Agreement, run_worker: Callable[[], int]
) -> None:
    world.engagement.participants.filter(user=world.sponsor).delete()
    _invite(world, "pending@acme.test", full_name="Pia Pending")
    goal = plan_services.goal_create(engagement=world.engagement, title="Delegate the weekly report", token=uuid4())

    with pytest.raises(ValidationError, match="No sponsor has joined"):
        plan_services.goal_ask_approval(goal=goal)


def test_the_agreement_is_sent_by_mail_to_joined_people_only(
    world: World, fresh_outbox: list[mail.EmailMessage], run_worker: Callable[[], int]
) -> None:
    _invite(world, "pending@acme.test", full_name="Pia Pending")
    run_worker()
    fresh_outbox.clear()

    agreement_services.agreement_open(agreement=world.agreement)
    run_worker()

    assert sorted(address for message in fresh_outbox for address in message.to) == sorted(
        [world.executive.email, world.sponsor.email]
    )


def test_a_review_waits_for_the_executive_to_join(world: World, signed_agreement: Agreement) -> None:
    world.engagement.participants.filter(user=world.executive).update(joined_at=None)

    with pytest.raises(ValidationError, match="The executive has not joined the engagement yet"):
        review_prepare(engagement=world.engagement, due_on=date(2027, 2, 11), coach=world.coach)
