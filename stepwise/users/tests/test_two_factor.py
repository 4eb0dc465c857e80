"""Two-factor sign-in: no way in around it, and required of coaches and admins when turned on.

Every sign-in goes through allauth, which asks for the authenticator's code after the
password. Django's admin has a login form of its own that knows nothing of a second factor;
``stepwise/urls.py`` sends it to allauth's sign-in instead.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from stepwise.conftest import PASSWORD
from stepwise.users.models import User


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth keeps its rate limits and used TOTP codes in the cache, which outlives each test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def operator(admin: User) -> User:
    """The practice admin, with the staff flag that opens Django's admin."""
    User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    admin.refresh_from_db()
    return admin


def totp_on(user: User) -> str:
    """Turn TOTP on for ``user`` as the set-up page does; return the secret their app holds."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def code_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_page_sends_people_to_the_sign_in_page(operator):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_a_password_posted_to_the_admin_login_signs_nobody_in(operator):
    totp_on(operator)
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": operator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not is_signed_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_the_sign_in_page_asks_an_admin_with_an_authenticator_for_the_code(operator):
    secret = totp_on(operator)
    client = Client()
    response = client.post(f"{reverse('account_login')}?next=/admin/", {"login": operator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client)
    page = client.get(reverse("mfa_authenticate"))
    assert "authenticator" in page.content.decode().lower()
    # Only the code completes the sign-in, and the admin lands where they were going.
    done = client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert done.status_code == 302
    assert done["Location"] == "/admin/"
    assert is_signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_person_who_is_not_staff_is_refused_the_admin_login(coach, client_as):
    assert client_as(coach).get("/admin/login/").status_code == 403
