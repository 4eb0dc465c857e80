"""Who the agreement waits for before it is in force."""

from stepwise.agreements.models import Agreement
from stepwise.conftest import World


def test_a_sponsor_added_after_sending_is_not_waited_for(world: World) -> None:
    from stepwise.agreements import services
    from stepwise.engagements.services import participant_invite

    agreement = services.agreement_open(agreement=world.agreement)
    participant_invite(
        engagement=world.engagement,
        invited_by=world.coach,
        full_name="Late Sponsor",
        email="late@acme.test",
        role="sponsor",
    )
    for person in (world.coach, world.executive, world.sponsor):
        services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SIGNED
