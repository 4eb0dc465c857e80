"""Signing: over the exact text seen, once per person, only the version open for signature."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stepwise.agreements import services
from stepwise.agreements.models import Agreement, Signature
from stepwise.conftest import agreement_sign_by_all, participant_join
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement


@pytest.fixture
def open_agreement(world) -> Agreement:
    return services.agreement_open(agreement=world.agreement)


def sign_url(world, agreement: Agreement) -> str:
    return reverse("agreement_sign", args=[world.engagement.public_id, agreement.public_id])


def detail_url(world, agreement: Agreement) -> str:
    return reverse("agreement_detail", args=[world.engagement.public_id, agreement.public_id])


def test_the_executive_signs_with_the_hash_the_page_carries(world, open_agreement, client_as):
    client = client_as(world.executive)
    page = client.get(detail_url(world, open_agreement)).content.decode()
    seen = re.search(r'name="seen_hash" value="([0-9a-f]{64})"', page)
    assert seen
    response = client.post(sign_url(world, open_agreement), {"typed_name": "Erin Executive", "seen_hash": seen[1]})
    assert response.status_code == 302
    signature = open_agreement.signatures.get()
    assert (signature.signer, signature.role) == (world.executive, Signature.Role.EXECUTIVE)
    assert signature.text_hash == open_agreement.text_hash
    after = client.get(detail_url(world, open_agreement)).content.decode()
    assert "You have signed this version." in after


def test_a_signature_over_a_different_text_is_refused(world, open_agreement, client_as):
    response = client_as(world.executive).post(
        sign_url(world, open_agreement), {"typed_name": "Erin Executive", "seen_hash": "0" * 64}
    )
    assert response.status_code == 400
    assert "The text changed after you opened it." in response.content.decode()
    assert not open_agreement.signatures.exists()


def test_a_signature_without_a_typed_name_is_refused(world, open_agreement, client_as):
    response = client_as(world.executive).post(
        sign_url(world, open_agreement), {"typed_name": " ", "seen_hash": open_agreement.text_hash}
    )
    assert response.status_code == 400
    assert response.context["sign_form"].errors["typed_name"]
    assert not open_agreement.signatures.exists()


def test_signing_twice_is_refused_with_a_clear_message(world, open_agreement, client_as):
    client = client_as(world.coach)
    data = {"typed_name": "Cora Coach", "seen_hash": open_agreement.text_hash}
    assert client.post(sign_url(world, open_agreement), data).status_code == 302
    again = client.post(sign_url(world, open_agreement), data)
    assert again.status_code == 400
    assert "You have already signed this version; there is nothing more to do." in again.content.decode()
    assert open_agreement.signatures.count() == 1


def test_a_draft_cannot_be_signed(world):
    with pytest.raises(ValidationError, match="still a draft"):
        services.agreement_sign(
            agreement=world.agreement, signer=world.executive, typed_name="Erin Executive", seen_hash=""
        )


def test_a_superseded_version_cannot_be_signed(world, client_as):
    first = agreement_sign_by_all(world)
    second = agreement_sign_by_all(world, services.agreement_start(engagement=world.engagement))
    first.refresh_from_db()
    assert first.status == Agreement.Status.SUPERSEDED
    # A sponsor who joins later finds the old version from an old mail.
    late = engagement_services.participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Lee Late", email="lee@acme.test", role="sponsor"
    )
    with pytest.raises(ValidationError, match="replaced by a newer one"):
        services.agreement_sign(agreement=first, signer=late.user, typed_name="Lee Late", seen_hash=first.text_hash)
    response = client_as(world.coach).post(sign_url(world, first), {"typed_name": "x", "seen_hash": first.text_hash})
    assert response.status_code == 400
    assert "replaced by a newer one" in response.content.decode()
    assert second.status == Agreement.Status.SIGNED


def test_the_agreement_is_signed_only_when_coach_executive_and_every_sponsor_have(world, open_agreement):
    for person in (world.coach, world.executive):
        services.agreement_sign(
            agreement=open_agreement, signer=person, typed_name=person.full_name, seen_hash=open_agreement.text_hash
        )
    open_agreement.refresh_from_db()
    assert open_agreement.status == Agreement.Status.OPEN
    services.agreement_sign(
        agreement=open_agreement, signer=world.sponsor, typed_name="Sam Sponsor", seen_hash=open_agreement.text_hash
    )
    open_agreement.refresh_from_db()
    world.engagement.refresh_from_db()
    assert open_agreement.status == Agreement.Status.SIGNED
    assert open_agreement.signed_at is not None
    assert world.engagement.status == Engagement.Status.ACTIVE


def test_the_sponsor_acknowledges_rather_than_signs(world, open_agreement, client_as):
    client = client_as(world.sponsor)
    page = client.get(detail_url(world, open_agreement)).content.decode()
    assert "As sponsor you acknowledge the agreement" in page
    response = client.post(
        sign_url(world, open_agreement),
        {"typed_name": "Sam Sponsor", "seen_hash": open_agreement.text_hash},
        follow=True,
    )
    assert "your acknowledgement is recorded" in response.content.decode()
    assert open_agreement.signatures.get().is_acknowledgement


def test_a_sponsor_who_joins_after_signing_can_still_acknowledge(world):
    agreement = agreement_sign_by_all(world)
    late = engagement_services.participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Lee Late", email="lee@acme.test", role="sponsor"
    )
    participant_join(late)
    services.agreement_sign(agreement=agreement, signer=late.user, typed_name="Lee Late", seen_hash=agreement.text_hash)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
    assert agreement.signatures.filter(role=Signature.Role.SPONSOR).count() == 2


def test_the_executive_cannot_sign_again_once_signed_by_all(world):
    agreement = agreement_sign_by_all(world)
    with pytest.raises(ValidationError, match="already signed"):
        services.agreement_sign(
            agreement=agreement, signer=world.executive, typed_name="Erin Executive", seen_hash=agreement.text_hash
        )


def test_someone_outside_the_agreement_cannot_sign_it_through_the_service(world, open_agreement):
    with pytest.raises(ValidationError, match="Only the executive, the coach and the sponsors"):
        services.agreement_sign(
            agreement=open_agreement, signer=world.admin, typed_name="Ada Admin", seen_hash=open_agreement.text_hash
        )


def test_the_signatures_table_shows_who_signed_as_what_and_the_fingerprint(world, client_as):
    agreement = agreement_sign_by_all(world)
    html = client_as(world.admin).get(detail_url(world, agreement)).content.decode()
    assert "sponsor, acknowledged" in html
    assert html.count(agreement.text_hash) >= 4  # the page's fingerprint and one per signature


def test_the_page_says_which_name_to_type_before_signing(world, open_agreement, client_as):
    page = client_as(world.executive).get(detail_url(world, open_agreement)).content.decode()
    assert "Type your name as it appears on your account: Erin Executive." in page


def test_another_persons_name_does_not_sign(world, open_agreement, client_as):
    response = client_as(world.executive).post(
        sign_url(world, open_agreement), {"typed_name": "Somebody Else", "seen_hash": open_agreement.text_hash}
    )
    assert response.status_code == 400
    errors = response.context["sign_form"].errors["typed_name"]
    assert errors == [
        "The name you typed is not the name on your account. Type it as it appears there: Erin Executive "
        "(capitals and spacing do not matter)."
    ]
    assert errors[0] in response.content.decode().replace("&quot;", '"')
    assert not open_agreement.signatures.exists()


def test_a_sponsor_acknowledges_only_with_their_own_name(world, open_agreement):
    with pytest.raises(ValidationError, match="Sam Sponsor"):
        services.agreement_sign(
            agreement=open_agreement,
            signer=world.sponsor,
            typed_name="Erin Executive",
            seen_hash=open_agreement.text_hash,
        )
    assert not open_agreement.signatures.exists()


@pytest.mark.parametrize(
    "typed", ["erin executive", "  ERIN   Executive ", "Erin\u00a0Executive", "Ｅｒｉｎ Executive"]
)
def test_the_name_matches_whatever_the_case_spacing_or_width(world, open_agreement, typed):
    signature = services.agreement_sign(
        agreement=open_agreement, signer=world.executive, typed_name=typed, seen_hash=open_agreement.text_hash
    )
    assert signature.signer == world.executive


@pytest.mark.parametrize("typed", ["Erin", "Erin Executive Jr", "Erin Executiv", "ErinExecutive"])
def test_a_part_of_the_name_or_a_near_miss_does_not_sign(world, open_agreement, typed):
    with pytest.raises(ValidationError, match="not the name on your account"):
        services.agreement_sign(
            agreement=open_agreement, signer=world.executive, typed_name=typed, seen_hash=open_agreement.text_hash
        )
