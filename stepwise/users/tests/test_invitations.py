"""Invitation links: a secret only the mail holds, used once, traded for a session at once."""

import base64
import hashlib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import PASSWORD, client_for
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Participant
from stepwise.users import services
from stepwise.users.models import Invitation, User
from stepwise.users.tests.invitations import NEW_PASSWORD, accept_form, open_link, token_mailed_to


def test_invitation_token_is_stored_only_as_sha256(invited, token):
    invitation = Invitation.objects.get(participant=invited)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in Invitation.objects.values_list(*[f.attname for f in Invitation._meta.fields])]
    assert not any(token in row for row in stored)


def test_the_token_is_not_kept_in_the_task_queue_either(invited, token):
    # The worker makes the token while sending: the queued task never held it.
    assert DBTaskResult.objects.exists()
    assert not any(token in str(result.args_kwargs) for result in DBTaskResult.objects.all())


def test_no_link_works_before_the_mail_is_sent(world):
    participant = engagement_services.participant_invite(
        engagement=world.engagement,
        invited_by=world.coach,
        full_name="Ivo Early",
        email="ivo@acme.test",
        role="sponsor",
    )
    invitation = Invitation.objects.get(participant=participant)
    assert not any(invitation.token_hash in str(r.args_kwargs) for r in DBTaskResult.objects.all())
    assert not [m for m in mail.outbox if "ivo@acme.test" in m.to]


def test_a_password_reset_link_is_wiped_from_the_task_queue_once_sent(world, run_worker):
    Client().post(reverse("account_reset_password"), {"email": world.executive.email})
    run_worker()
    (message,) = [m for m in mail.outbox if world.executive.email in m.to and "/password/reset/key/" in m.body]
    link = re.search(r"/password/reset/key/\S+", str(message.body))
    assert link
    assert not any(link.group(0) in str(r.args_kwargs) for r in DBTaskResult.objects.all())


def test_invitation_token_carries_at_least_128_random_bits(invited, token, world, run_worker):
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 128
    services.invitation_send(user=invited.user, invited_by=world.coach, participant=invited)
    run_worker()
    assert token_mailed_to("hana@acme.test") != token


def test_the_mail_tells_the_invitee_what_they_join_and_until_when(invited):
    (message,) = [m for m in mail.outbox if "hana@acme.test" in m.to]
    assert "Cora Coach invites you to Stepwise" in message.subject
    assert "You join the engagement “Leadership presence” as its sponsor." in message.body
    assert "http://testserver/invite/" in message.body
    assert "The link works once" in message.body


def test_opening_the_link_moves_the_token_out_of_the_address(token):
    client = Client()
    response = client.get(reverse("invitation_open", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("invitation_accept")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert token not in page.content.decode()
    assert "Join your coaching engagement" in page.content.decode()


def test_accepting_sets_the_password_and_lands_in_the_engagement(world, invited, token):
    client = Client()
    open_link(client, token)
    response = client.post(reverse("invitation_accept"), accept_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement_detail", args=[world.engagement.public_id])
    user = User.objects.get(email="hana@acme.test")
    assert user.check_password(NEW_PASSWORD)
    assert user.time_zone == "Europe/Berlin"
    invited.refresh_from_db()
    assert invited.joined_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Welcome to Stepwise" in page.content.decode()


def test_an_invitation_works_only_once(token):
    first = Client()
    open_link(first, token)
    first.post(reverse("invitation_accept"), accept_form())
    again = open_link(Client(), token)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_link_says_so(invited, token):
    Invitation.objects.filter(participant=invited).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = open_link(Client(), token)
    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    assert not User.objects.get(email="hana@acme.test").has_usable_password()


def test_a_link_replaced_by_a_new_invitation_says_so_and_the_new_one_works(world, invited, token, run_worker):
    engagement_services.participant_reinvite(participant=invited, invited_by=world.coach)
    run_worker()
    old = open_link(Client(), token)
    assert old.status_code == 410
    assert "withdrawn or replaced" in old.content.decode()
    fresh = token_mailed_to("hana@acme.test")
    assert fresh != token
    assert open_link(Client(), fresh).status_code == 200


def test_a_revoked_link_says_so(invited, token):
    services.invitation_revoke(invitation=Invitation.objects.get(participant=invited))
    response = open_link(Client(), token)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_a_made_up_link_is_not_found(invited):
    response = open_link(Client(), "x" * 43)
    assert response.status_code == 404
    assert response.redirect_chain == []
    assert "not valid" in response.content.decode()


def test_the_session_keeps_only_the_hash_of_the_token(invited, token):
    client = Client()
    open_link(client, token)
    (session,) = Session.objects.all()
    assert token not in session.session_data
    decoded = session.get_decoded()
    assert token not in str(decoded)
    assert hashlib.sha256(token.encode()).hexdigest() in decoded.values()


def test_a_link_that_cannot_be_used_starts_no_session(invited, token):
    Invitation.objects.filter(participant=invited).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = Client()
    assert client.get(reverse("invitation_open", args=[token])).status_code == 410
    assert client.get(reverse("invitation_open", args=["y" * 43])).status_code == 404
    assert Session.objects.count() == 0
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_made_up_links_from_one_address_are_paused_after_ten(invited, token):
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(10):
        assert guesser.get(reverse("invitation_open", args=[f"guess-{attempt}"])).status_code == 404
    paused = guesser.get(reverse("invitation_open", args=["guess-10"]))
    assert paused.status_code == 429
    assert "Too many invitation links tried" in paused.content.decode()
    # While paused, even a real link tells this address nothing.
    assert guesser.get(reverse("invitation_open", args=[token])).status_code == 429
    assert Session.objects.count() == 0
    # Another address is not held back by the guesser.
    assert Client(REMOTE_ADDR="198.51.100.7").get(reverse("invitation_open", args=[token])).status_code == 302


def test_behind_a_proxy_guesses_are_counted_per_client_not_per_proxy(invited, token, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for attempt in range(10):
        guesser.get(reverse("invitation_open", args=[f"guess-{attempt}"]))
    assert guesser.get(reverse("invitation_open", args=["guess-10"])).status_code == 429
    invitee = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert invitee.get(reverse("invitation_open", args=[token])).status_code == 302


def test_opening_a_real_link_again_and_again_is_not_a_guess(token):
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(12):
        assert client.get(reverse("invitation_open", args=[token])).status_code == 302


def test_the_accept_page_without_a_link_is_not_found(db):
    response = Client().get(reverse("invitation_accept"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_wrong_password_confirmation_keeps_what_was_typed(invited, token):
    client = Client()
    open_link(client, token)
    response = client.post(
        reverse("invitation_accept"), accept_form(full_name="Hana H. Ruiz", password2="Something-else-99")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The two passwords differ" in html
    assert 'value="Hana H. Ruiz"' in html
    assert 'name="time_zone" value="Europe/Berlin"' in html
    assert not User.objects.get(email="hana@acme.test").has_usable_password()
    assert Invitation.objects.get(participant=invited).status == Invitation.Status.PENDING


def test_a_weak_password_is_refused_with_the_reason(invited, token):
    client = Client()
    open_link(client, token)
    response = client.post(reverse("invitation_accept"), accept_form(password1="12345678", password2="12345678"))
    assert response.status_code == 400
    assert "too short" in response.content.decode()
    assert Invitation.objects.get(participant=invited).status == Invitation.Status.PENDING


def test_someone_with_an_account_signs_in_first_then_joins_without_a_new_password(world, second_engagement):
    # The executive of the world's engagement is invited by another coach to a second one.
    second = second_engagement
    client = Client()
    response = client.get(reverse("invitation_open", args=[token_mailed_to(world.executive.email)]), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next={reverse('invitation_accept')}"
    signed_in = client.post(
        response.redirect_chain[-1][0], {"login": world.executive.email, "password": PASSWORD}, follow=True
    )
    assert "password1" not in signed_in.content.decode()
    joined = client.post(reverse("invitation_accept"), {"full_name": "Erin Executive", "time_zone": "Europe/London"})
    assert joined["Location"] == reverse("engagement_detail", args=[second.public_id])
    world.executive.refresh_from_db()
    assert world.executive.check_password(PASSWORD)


def test_accepting_a_used_invitation_in_the_service_is_refused(invited):
    invitation = Invitation.objects.get(participant=invited)
    services.invitation_accept(
        invitation=invitation, accepted_by=None, full_name="Hana Hr", time_zone="UTC", password=NEW_PASSWORD
    )
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(
            invitation=invitation, accepted_by=None, full_name="Hana Hr", time_zone="UTC", password="Other-pass-123"
        )
    assert User.objects.get(email="hana@acme.test").check_password(NEW_PASSWORD)


def test_reinviting_someone_who_has_joined_is_refused(world):
    executive = world.engagement.participants.get(role=Participant.Role.EXECUTIVE)
    with pytest.raises(ValidationError, match="already joined"):
        engagement_services.participant_reinvite(participant=executive, invited_by=world.coach)


def test_a_link_opened_while_someone_else_is_signed_in_says_who_and_hands_over(world, second_engagement):
    # The coach who sent the invitation tries the link in their own browser: no redirect loop.
    client = client_for(world.other_coach)
    opened = client.get(reverse("invitation_open", args=[token_mailed_to(world.executive.email)]), follow=True)
    assert opened.redirect_chain == [(reverse("invitation_accept"), 302)]
    assert opened.status_code == 200
    html = opened.content.decode()
    assert "You are signed in as Otto Othercoach (other.coach@practice.test)." in html
    assert "This invitation is for erin@acme.test, and only they can accept it." in html
    assert "Sign out and continue as erin@acme.test" in html

    login = f"{reverse('account_login')}?next={reverse('invitation_accept')}"
    switched = client.post(reverse("invitation_switch"), follow=True)
    assert switched.redirect_chain == [(login, 302)]
    assert "_auth_user_id" not in client.session
    assert "Sign in as erin@acme.test to join." in switched.content.decode()

    signed_in = client.post(login, {"login": world.executive.email, "password": PASSWORD}, follow=True)
    assert signed_in.redirect_chain == [(reverse("invitation_accept"), 302)]
    assert "Join your coaching engagement" in signed_in.content.decode()
    joined = client.post(reverse("invitation_accept"), {"full_name": "Erin Executive", "time_zone": "Europe/London"})
    assert joined["Location"] == reverse("engagement_detail", args=[second_engagement.public_id])
    participant = second_engagement.participants.get(user=world.executive)
    assert participant.joined_at is not None


def test_someone_else_signed_in_cannot_accept_the_invitation(world, second_engagement):
    client = client_for(world.other_coach)
    open_link(client, token_mailed_to(world.executive.email))
    response = client.post(reverse("invitation_accept"), {"full_name": "Otto", "time_zone": "UTC"})
    assert response.status_code == 403
    assert "only they can accept it" in response.content.decode()
    assert second_engagement.participants.get(user=world.executive).joined_at is None


def test_the_service_refuses_an_acceptance_by_another_account(world, second_engagement):
    invitation = Invitation.objects.get(participant__engagement=second_engagement)
    with pytest.raises(ValidationError, match=re.escape("This invitation is for erin@acme.test")):
        services.invitation_accept(
            invitation=invitation, accepted_by=world.coach, full_name="Cora", time_zone="UTC", password=None
        )
    with pytest.raises(ValidationError, match=re.escape("Sign in as erin@acme.test")):
        services.invitation_accept(
            invitation=invitation, accepted_by=None, full_name="Erin", time_zone="UTC", password=None
        )
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.PENDING


def test_a_new_invitee_can_take_over_a_browser_someone_else_is_signed_in_on(world, invited, token):
    client = client_for(world.coach)
    open_link(client, token)
    switched = client.post(reverse("invitation_switch"), follow=True)
    assert switched.redirect_chain == [(reverse("invitation_accept"), 302)]
    assert "Set my password and join" in switched.content.decode()
    joined = client.post(reverse("invitation_accept"), accept_form())
    assert joined["Location"] == reverse("engagement_detail", args=[world.engagement.public_id])
    assert client.session["_auth_user_id"] == str(User.objects.get(email="hana@acme.test").pk)


def test_switching_without_an_invitation_in_the_session_signs_nobody_out(world):
    client = client_for(world.coach)
    response = client.post(reverse("invitation_switch"))
    assert response.status_code == 404
    assert "_auth_user_id" in client.session


def test_my_practice_joins_the_menu_when_a_signed_in_sponsor_accepts_to_be_coached(world, run_worker):
    """The menu shows "My practice" to executives only: a sponsor has none until they join an
    engagement as its executive, which shows on the next page, without signing in again."""
    client = client_for(world.sponsor)
    mine = f'href="{reverse("practice_mine")}"'
    assert mine not in client.get(reverse("home")).content.decode()
    engagement = engagement_services.engagement_create(
        coach=world.other_coach,
        organisation=world.organisation,
        title="The sponsor's own coaching",
        start_date=world.engagement.start_date,
        planned_months=3,
        executive_name=world.sponsor.full_name,
        executive_email=world.sponsor.email,
    )
    run_worker()
    opened = open_link(client, token_mailed_to(world.sponsor.email))
    assert opened.redirect_chain == [(reverse("invitation_accept"), 302)]
    assert mine not in opened.content.decode()  # invited is not joined
    joined = client.post(reverse("invitation_accept"), {"full_name": world.sponsor.full_name, "time_zone": "UTC"})
    assert joined["Location"] == reverse("engagement_detail", args=[engagement.public_id])
    assert mine in client.get(reverse("home")).content.decode()
