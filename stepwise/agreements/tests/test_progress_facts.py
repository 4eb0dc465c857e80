"""Step 1's facts on the home list: whether the person signed the version open for signature,
read from the engagement's own agreement, never by walking the person's signatures."""

from django.db import connection

from stepwise.agreements import services
from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all
from stepwise.dashboard.selectors import engagements_for_home
from stepwise.users.models import User


def signed_open(world: World, person: User) -> bool:
    (engagement,) = engagements_for_home(person).filter(pk=world.engagement.pk)
    return engagement.signed_open  # type: ignore[attr-defined]


def test_only_a_signature_on_the_open_version_counts(world: World) -> None:
    agreement_sign_by_all(world)  # version 1, signed by everyone
    second = services.agreement_open(agreement=services.agreement_start(engagement=world.engagement))
    assert [signed_open(world, p) for p in (world.coach, world.executive, world.sponsor)] == [False, False, False]

    services.agreement_sign(
        agreement=second, signer=world.coach, typed_name=world.coach.full_name, seen_hash=second.text_hash
    )
    assert [signed_open(world, p) for p in (world.coach, world.executive, world.sponsor)] == [True, False, False]
    assert not signed_open(world, world.admin)  # the admin signs nothing and sees the engagement
    assert Agreement.objects.get(pk=second.pk).status == Agreement.Status.OPEN


def test_the_signature_is_found_through_the_open_agreement(world: World) -> None:
    """SQLite used to start from the signer's index and walk every signature of the person for
    each engagement (quadratic for a coach's list); PostgreSQL hashes the person's signatures
    once either way. The plan must reach the signature by its agreement."""
    plan = engagements_for_home(world.coach).explain()  # EXPLAIN QUERY PLAN on SQLite
    if connection.vendor == "sqlite":
        assert "agreements_signature_signer_id" not in plan, plan
        assert "sqlite_autoindex_agreements_signature_2 (agreement_id=? AND signer_id=?)" in plan, plan
    else:
        assert "agreements_signature" in plan, plan
