"""A rater without an account: the link trades its token for a session, and only the session
opens their page afterwards. Nothing but the token's hash is ever stored."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World
from stepwise.engagements import services as engagement_services
from stepwise.feedback import answering, services, vault
from stepwise.feedback.access import SESSION_KEY
from stepwise.feedback.models import Group, Rater
from stepwise.lib.middleware import REFRESHED_AT
from stepwise.lib.tokens import token_hash, token_new

pytestmark = pytest.mark.django_db


def _stored_session(client: Client) -> dict:
    """What the session store holds for ``client``, decoded (but for when it was last kept alive)."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    stored = Session.objects.get(session_key=key).get_decoded()
    assert isinstance(stored.pop(REFRESHED_AT), int)
    return stored


def test_opening_the_link_trades_the_token_for_a_session_and_leaves_it_behind(world: World):
    client = Client()
    response = client.get(f"/r/{world.rater_token}/")
    assert response.status_code == 302
    assert response["Location"] == "/r/"
    # The session store holds the link's id and nothing else: not the token.
    assert _stored_session(client) == {SESSION_KEY: str(world.rater.public_id)}

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert world.rater_token not in page.content.decode()
    assert "Feedback for Erin Executive" in page.content.decode()


def test_an_unknown_token_is_a_404_and_starts_no_session(world: World):
    client = Client()
    response = client.get(f"/r/{token_new()}/")
    assert response.status_code == 404
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.count() == 0


def test_the_survey_page_without_a_traded_link_is_a_404(world: World):
    response = Client().get(reverse("rater_home"))
    assert response.status_code == 404
    # A signed-in person's session holds no rater link either.
    assert world.client("coach").get(reverse("rater_home")).status_code == 404


def _revoke(world: World) -> None:
    services.rater_revoke(rater=world.rater)


def _close(world: World) -> None:
    answering.round_close(round=world.round)


@pytest.mark.parametrize("close", [_revoke, _close], ids=["revoked", "round closed"])
def test_a_revoked_link_or_a_closed_round_opens_nothing_even_in_a_session_that_traded_it(world: World, close):
    rater = world.client("rater")
    assert rater.get(reverse("rater_home")).status_code == 200
    close(world)

    assert rater.get(reverse("rater_home")).status_code == 410
    sessions_before = Session.objects.count()
    fresh = Client()
    assert fresh.get(f"/r/{world.rater_token}/").status_code == 410
    assert Session.objects.count() == sessions_before


def test_only_the_tokens_hash_is_stored(world: World):
    (row,) = Rater.objects.filter(pk=world.rater.pk).values()
    assert row["token_hash"] == token_hash(world.rater_token)
    assert not any(world.rater_token in str(value) for value in row.values())


def test_the_token_carries_256_bits_and_is_made_again_from_its_salt(world: World):
    assert len(world.rater_token) == 43  # 32 bytes in URL-safe base64
    assert vault.rater_token(world.rater.token_salt) == world.rater_token
    assert vault.rater_token(vault.token_salt_new()) != world.rater_token


def test_the_trade_gives_the_session_a_new_key(world: World):
    """A session id someone planted before the link was opened does not become the rater's."""
    client = Client()
    planted = client.session
    planted["visited"] = True
    planted.save()
    assert planted.session_key is not None
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key

    client.get(f"/r/{world.rater_token}/")
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()


def test_opening_a_second_link_replaces_the_first_in_the_session(world: World):
    second = _nominated_and_invited(world, "Quinn Peer", "quinn@acme.test")
    client = world.client("rater")
    client.get(f"/r/{vault.rater_token(second.token_salt)}/")
    assert _stored_session(client) == {SESSION_KEY: str(second.public_id)}


def test_the_survey_page_makes_the_same_number_of_queries_for_1_and_30_raters(world: World):
    rater = world.client("rater")
    counts = []
    for added in (0, 29):
        for number in range(added):
            stakeholder = engagement_services.stakeholder_save(
                engagement=world.engagement,
                name=f"Rater {number}",
                email=f"rater{number}@acme.test",
                relationship="peer",
            )
            services.rater_invite(
                rater=services.rater_nominate(round=world.round, stakeholder=stakeholder, group=Group.PEER)
            )
        with CaptureQueriesContext(connection) as queries:
            assert rater.get(reverse("rater_home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def _nominated_and_invited(world: World, name: str, email: str) -> Rater:
    stakeholder = engagement_services.stakeholder_save(
        engagement=world.engagement, name=name, email=email, relationship="peer"
    )
    rater = services.rater_nominate(round=world.round, stakeholder=stakeholder, group=Group.PEER)
    return services.rater_invite(rater=rater)
