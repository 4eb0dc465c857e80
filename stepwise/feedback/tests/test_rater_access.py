"""A rater without an account: the link trades its token for a session, and only the session
opens their page afterwards. Nothing but the token's hash is ever stored."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World
from stepwise.engagements import services as engagement_services
from stepwise.feedback import services
from stepwise.feedback.access import SESSION_KEY
from stepwise.feedback.models import RaterLink
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
    assert _stored_session(client) == {SESSION_KEY: str(world.rater_link.public_id)}

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert world.rater_token not in page.content.decode()
    assert "Feedback for Erin Executive" in page.content.decode()
    assert "This survey is not open yet." in page.content.decode()


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


def _revoke(link: RaterLink) -> None:
    services.rater_link_revoke(link=link)


def _expire(link: RaterLink) -> None:
    RaterLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


@pytest.mark.parametrize("close", [_revoke, _expire], ids=["revoked", "expired"])
def test_a_revoked_or_expired_link_opens_nothing_even_in_a_session_that_traded_it(world: World, close):
    rater = world.client("rater")
    assert rater.get(reverse("rater_home")).status_code == 200
    close(world.rater_link)

    assert rater.get(reverse("rater_home")).status_code == 404
    sessions_before = Session.objects.count()
    fresh = Client()
    assert fresh.get(f"/r/{world.rater_token}/").status_code == 404
    assert Session.objects.count() == sessions_before


def test_only_the_tokens_hash_is_stored(world: World):
    token = token_new()
    link = services.rater_link_create(stakeholder=world.stakeholder, token=token)
    (row,) = RaterLink.objects.filter(pk=link.pk).values()
    assert row["token_hash"] == token_hash(token)
    assert not any(token in str(value) for value in row.values())


def test_a_token_under_128_bits_is_refused(world: World):
    with pytest.raises(ValidationError):
        services.rater_link_create(stakeholder=world.stakeholder, token="short-guessable")
    assert RaterLink.objects.count() == 1  # the world's own


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
    token = token_new()
    second = services.rater_link_create(stakeholder=world.stakeholder, token=token)
    client = world.client("rater")
    client.get(f"/r/{token}/")
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
            services.rater_link_create(stakeholder=stakeholder, token=token_new())
        with CaptureQueriesContext(connection) as queries:
            assert rater.get(reverse("rater_home")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
