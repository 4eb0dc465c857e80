"""A person's roles in an engagement, and the role they sign its agreement in: one definition each."""

import pytest
from django.core.exceptions import ValidationError

from stepwise.agreements import services as agreement_services
from stepwise.agreements.models import signer_role
from stepwise.conftest import World, user_make
from stepwise.engagements.access import Access, Role, roles_from, roles_in, with_participant_role
from stepwise.engagements.models import Engagement
from stepwise.engagements.services import participant_invite

PERSONAS = ("admin", "coach", "other_coach", "executive", "sponsor", "outsider")


def _listed_roles(world: World, person: str) -> frozenset[Role]:
    user = getattr(world, person)
    rows = with_participant_role(Engagement.objects.filter(pk=world.engagement.pk), user)
    (row,) = rows
    return roles_from(row, user, row.my_participant_role)  # type: ignore[attr-defined]


@pytest.mark.parametrize("person", PERSONAS)
def test_a_list_row_and_a_single_engagement_give_the_same_roles(world: World, person: str) -> None:
    assert _listed_roles(world, person) == roles_in(world.engagement, getattr(world, person))


def test_roles_name_what_each_person_is(world: World) -> None:
    assert roles_in(world.engagement, world.coach) == {Role.COACH}
    assert roles_in(world.engagement, world.executive) == {Role.EXECUTIVE}
    assert roles_in(world.engagement, world.sponsor) == {Role.SPONSOR}
    assert roles_in(world.engagement, world.admin) == {Role.ADMIN}
    assert roles_in(world.engagement, world.outsider) == frozenset()


def test_an_invitation_not_yet_accepted_gives_no_role_in_either_form(world: World) -> None:
    invited = user_make(email="late@acme.test", full_name="Late Sponsor")
    participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Late Sponsor", email=invited.email,
        role="sponsor",
    )  # fmt: skip
    rows = with_participant_role(Engagement.objects.filter(pk=world.engagement.pk), invited)
    assert roles_from(rows.get(), invited, rows.get().my_participant_role) == frozenset()  # type: ignore[attr-defined]
    assert roles_in(world.engagement, invited) == frozenset()


@pytest.mark.parametrize(
    ("person", "role"),
    [("coach", "coach"), ("executive", "executive"), ("sponsor", "sponsor"), ("admin", None)],
)
def test_the_page_and_the_service_agree_on_the_signers_role(world: World, person: str, role: str | None) -> None:
    user = getattr(world, person)
    page = Access(engagement=world.engagement, user=user, roles=roles_in(world.engagement, user))
    assert signer_role(page.roles) == role
    agreement = agreement_services.agreement_open(agreement=world.agreement)
    if role is None:
        with pytest.raises(ValidationError, match="Only the executive, the coach and the sponsors sign"):
            agreement_services.agreement_sign(
                agreement=agreement, signer=user, typed_name=user.full_name, seen_hash=agreement.text_hash
            )
        return
    signature = agreement_services.agreement_sign(
        agreement=agreement, signer=user, typed_name=user.full_name, seen_hash=agreement.text_hash
    )
    assert signature.role == role
