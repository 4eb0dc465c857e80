"""django-axes behind allauth's email login: five wrong passwords lock that email out.

allauth's login form posts ``login`` and authenticates with ``email=``; axes must read the same
address (``AXES_USERNAME_CALLABLE`` → ``stepwise.users.adapters.axes_username``) or it would
count every failure against an empty username.
"""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from stepwise.conftest import PASSWORD

WRONG = "not-the-password-at-all"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its own login rate limits in the cache, which outlives each test's database.
    cache.clear()
    yield
    cache.clear()


def _sign_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_signs_in_and_lands_on_home(coach):
    client = Client()
    response = _sign_in(client, coach.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _is_signed_in(client)


def test_a_wrong_password_says_so_and_is_counted_against_the_email(coach):
    response = _sign_in(Client(), coach.email, WRONG)
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert AccessAttempt.objects.get().username == coach.email


def test_the_fifth_wrong_password_shows_the_lockout_page(coach):
    client = Client()
    for _ in range(4):
        assert _sign_in(client, coach.email, WRONG).status_code == 200
    response = _sign_in(client, coach.email, WRONG)
    assert response.status_code == 429
    assert "signing in is paused" in response.content.decode()


def test_a_locked_email_cannot_sign_in_even_with_the_right_password(coach, settings):
    # With allauth's own rate limit out of the way, it is axes alone that refuses.
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    for _ in range(5):
        _sign_in(client, coach.email, WRONG)
    response = _sign_in(client, coach.email, PASSWORD)
    assert response.status_code == 429
    assert not _is_signed_in(client)


def test_with_allauths_rate_limit_on_the_locked_email_is_still_refused(coach):
    client = Client()
    for _ in range(5):
        _sign_in(client, coach.email, WRONG)
    _sign_in(client, coach.email, PASSWORD)
    assert not _is_signed_in(client)


def test_changing_the_case_of_the_email_does_not_reset_the_count(coach, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    for variant in ("COACH@practice.test", "Coach@Practice.Test", "coach@PRACTICE.test", "coach@practice.TEST"):
        _sign_in(client, variant, WRONG)
    _sign_in(client, coach.email, WRONG)
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert _sign_in(client, coach.email, PASSWORD).status_code == 429


def test_another_email_from_the_same_address_can_still_sign_in(coach, executive):
    client = Client()
    for _ in range(5):
        _sign_in(client, coach.email, WRONG)
    other = Client()
    assert _sign_in(other, executive.email, PASSWORD).status_code == 302
    assert _is_signed_in(other)


def test_signing_in_before_the_limit_starts_the_count_again(coach, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    for _ in range(4):
        _sign_in(client, coach.email, WRONG)
    assert _sign_in(client, coach.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, coach.email, WRONG).status_code == 200
    assert _sign_in(client, coach.email, PASSWORD).status_code == 302
