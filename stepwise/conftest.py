"""Personas shared by every app's tests, built through the real services.

``world`` is one engagement as people would set it up in the browser: a coach creates it, the
executive and the sponsor accept their invitations (so they have passwords), the executive
names a stakeholder, and the coach drafts the agreement from the built-in template. Around it
stand a practice admin, another coach of the same practice and an outsider with no role. The
stakeholder is the one rater of an open 360 round and holds its link (``rater_token``): the
rater persona has no account, only a session that traded that link.

Builders are plain functions as well as fixtures, so tests outside ``stepwise/`` (the access
walk in ``tests/``) can build the same world without importing fixtures.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse

from stepwise.agreements import services as agreement_services
from stepwise.agreements.models import Agreement
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement, Organisation, Participant, Stakeholder
from stepwise.feedback import services as feedback_services
from stepwise.feedback import vault
from stepwise.feedback.models import Group, Rater, Round
from stepwise.users import services as user_services
from stepwise.users.models import Invitation, User

PASSWORD = "Tall-ships-sail-at-dawn-42"
ROLES = ("admin", "coach", "other_coach", "executive", "sponsor", "outsider", "anonymous", "rater")


def user_make(*, email: str, full_name: str, **flags: bool) -> User:
    """An account made the way an operator makes one (coaches and admins are not invited)."""
    return User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **flags)


def participant_join(participant: Participant) -> User:
    """Accept the participant's pending invitation as they would: set a password, join."""
    invitation = Invitation.objects.get(participant=participant, status=Invitation.Status.PENDING)
    has_account = participant.user.has_usable_password()
    return user_services.invitation_accept(
        invitation=invitation,
        accepted_by=participant.user if has_account else None,
        full_name=participant.user.full_name,
        time_zone="Europe/London",
        password=None if has_account else PASSWORD,
    )


def engagement_make(
    *, coach: User, organisation: Organisation, executive_email: str, sponsor_email: str = "", title: str = ""
) -> Engagement:
    return engagement_services.engagement_create(
        coach=coach,
        organisation=organisation,
        title=title or f"Leadership presence ({executive_email})",
        start_date=date(2027, 1, 11),
        planned_months=6,
        executive_name="Erin Executive",
        executive_email=executive_email,
        sponsor_name="Sam Sponsor" if sponsor_email else "",
        sponsor_email=sponsor_email,
    )


@dataclass
class World:
    admin: User
    coach: User
    other_coach: User
    executive: User
    sponsor: User
    outsider: User
    organisation: Organisation
    engagement: Engagement
    stakeholder: Stakeholder
    agreement: Agreement
    round: Round  # an open 360 round with the stakeholder as its one rater
    rater: Rater
    rater_token: str  # what the stakeholder's mail would hold; only its hash is stored

    def user(self, role: str) -> User | None:
        """The persona for ``role`` (one of ``ROLES``); ``None`` for those without an account."""
        return None if role in ("anonymous", "rater") else getattr(self, role)

    def client(self, role: str) -> Client:
        """A test client as ``role``: signed in, anonymous, or a rater who opened their link."""
        client = client_for(self.user(role))
        if role == "rater":
            response = client.get(reverse("rater_open", args=[self.rater_token]))
            assert response.status_code == 302, "the world's rater link should open"
        return client

    def refresh(self) -> None:
        for name in ("engagement", "stakeholder", "agreement"):
            getattr(self, name).refresh_from_db()


def world_build() -> World:
    admin = user_make(email="admin@practice.test", full_name="Ada Admin", is_practice_admin=True)
    coach = user_make(email="coach@practice.test", full_name="Cora Coach", is_coach=True)
    other_coach = user_make(email="other.coach@practice.test", full_name="Otto Othercoach", is_coach=True)
    outsider = user_make(email="outsider@elsewhere.test", full_name="Olga Outsider")
    organisation = engagement_services.organisation_create(name="Acme Industries")
    engagement = engagement_make(
        coach=coach,
        organisation=organisation,
        executive_email="erin@acme.test",
        sponsor_email="sam@acme.test",
        title="Leadership presence",
    )
    executive = participant_join(engagement.participants.get(role=Participant.Role.EXECUTIVE))
    sponsor = participant_join(engagement.participants.get(role=Participant.Role.SPONSOR))
    stakeholder = engagement_services.stakeholder_save(
        engagement=engagement, name="Pat Peer", email="pat@acme.test", relationship="peer"
    )
    agreement = agreement_services.agreement_start(engagement=engagement)
    round = feedback_services.round_create(
        engagement=engagement, title="360 feedback", opens_on=date(2027, 3, 1), closes_on=date(2027, 3, 22)
    )
    rater = feedback_services.rater_nominate(round=round, stakeholder=stakeholder, group=Group.PEER)
    round = feedback_services.round_open(round=round)
    rater.refresh_from_db()
    return World(
        admin=admin,
        coach=coach,
        other_coach=other_coach,
        executive=executive,
        sponsor=sponsor,
        outsider=outsider,
        organisation=organisation,
        engagement=engagement,
        stakeholder=stakeholder,
        agreement=agreement,
        round=round,
        rater=rater,
        rater_token=vault.rater_token(rater.token_salt),
    )


def agreement_sign_by_all(world: World, agreement: Agreement | None = None) -> Agreement:
    """Open the agreement (if still a draft), have coach and executive sign, the sponsor acknowledge."""
    agreement = agreement or world.agreement
    if agreement.status == Agreement.Status.DRAFT:
        agreement = agreement_services.agreement_open(agreement=agreement)
    for person in (world.coach, world.executive, world.sponsor):
        agreement_services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )
    agreement.refresh_from_db()
    return agreement


def agreement_in_force(world: World) -> Agreement:
    """The world's agreement signed by all, unless it is already (a 360 round opens only then)."""
    world.agreement.refresh_from_db()
    if world.agreement.status != Agreement.Status.SIGNED:
        world.agreement = agreement_sign_by_all(world)
    return world.agreement


def agreement_form_data(agreement: Agreement, **changes: object) -> dict[str, object]:
    """What the edit page would post for ``agreement`` unchanged, with ``changes`` typed in."""
    values = agreement.content_values() | changes
    data: dict[str, object] = {"revision": agreement.revision}
    for name, value in values.items():
        if value is True:
            data[name] = "on"
        elif value is not False:  # an unticked checkbox is simply not posted
            data[name] = value
    return data


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(db) -> World:
    return world_build()


@pytest.fixture
def fresh_outbox(world: World, run_worker: Callable[[], int]) -> list[EmailMessage]:
    """Deliver the mail the world's set-up queued, then start the test from an empty outbox."""
    run_worker()
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def admin(world: World) -> User:
    return world.admin


@pytest.fixture
def coach(world: World) -> User:
    return world.coach


@pytest.fixture
def other_coach(world: World) -> User:
    return world.other_coach


@pytest.fixture
def executive(world: World) -> User:
    return world.executive


@pytest.fixture
def sponsor(world: World) -> User:
    return world.sponsor


@pytest.fixture
def outsider(world: World) -> User:
    return world.outsider


@pytest.fixture
def engagement(world: World) -> Engagement:
    return world.engagement


@pytest.fixture
def agreement(world: World) -> Agreement:
    return world.agreement


@pytest.fixture
def signed_agreement(world: World) -> Agreement:
    return agreement_sign_by_all(world)


@pytest.fixture
def client_as() -> Callable[[User | None], Client]:
    """``client_as(world.coach)``: a test client signed in as that person (``None``: anonymous)."""
    return client_for
