"""Two-factor sign-in: no way in around it, and required of coaches and admins when turned on.

Every sign-in goes through allauth, which asks for the authenticator's code after the
password. Django's admin has a login form of its own that knows nothing of a second factor;
``stepwise/urls.py`` sends it to allauth's sign-in instead.
"""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import PASSWORD
from stepwise.users.models import User


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
    """The code the person's app shows now: allauth's own counter for this moment and its period."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def signed_in(user: User) -> Client:
    """A client signed in through the sign-in page, as a person would."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def password_again(client: Client) -> None:
    """allauth asks for the password again before an authenticator is set up."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


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


REQUIRED = "requires two-factor sign-in"


@override_settings(STEPWISE_REQUIRE_2FA=True)
@pytest.mark.parametrize("role", ["coach", "admin"])
def test_where_required_a_coach_or_admin_without_an_authenticator_is_sent_to_set_one_up(world, role):
    client = signed_in(world.user(role))
    for url in (
        reverse("home"),
        reverse("account_settings"),
        reverse("engagement_detail", args=[world.engagement.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    page = client.get(reverse("home"), follow=True)
    activate = reverse("mfa_activate_totp")
    assert page.redirect_chain == [
        (activate, 302),
        (f"{reverse('account_reauthenticate')}?next={activate.replace('/', '%2F')}", 302),
    ]
    assert page.status_code == 200
    assert REQUIRED in page.content.decode()


@override_settings(STEPWISE_REQUIRE_2FA=True)
def test_where_required_a_coach_cannot_write_before_setting_it_up(world):
    client = signed_in(world.coach)
    response = client.post(reverse("account_settings"), {"full_name": "Cora Changed", "time_zone": "UTC"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    world.coach.refresh_from_db()
    assert world.coach.full_name == "Cora Coach"


@override_settings(STEPWISE_REQUIRE_2FA=True)
def test_where_required_the_operator_cannot_reach_the_django_admin_without_it(operator):
    response = signed_in(operator).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@override_settings(STEPWISE_REQUIRE_2FA=True)
def test_where_required_the_coach_sets_up_an_authenticator_and_then_goes_on(world):
    client = signed_in(world.coach)
    password_again(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": code_now(secret)})
    assert done.status_code == 302
    # allauth shows the recovery codes next: reachable, not sent back to the set-up page.
    assert client.get(done["Location"]).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@override_settings(STEPWISE_REQUIRE_2FA=True)
def test_where_required_a_coach_with_an_authenticator_cannot_switch_it_off(world):
    secret = totp_on(world.coach)
    client = Client()
    client.post(reverse("account_login"), {"login": world.coach.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    assert client.get(reverse("home")).status_code == 200
    password_again(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert client.get(reverse("home")).status_code == 200
    assert world.coach.authenticator_set.filter(type="totp").exists()


@override_settings(STEPWISE_REQUIRE_2FA=True)
def test_a_coach_signed_in_with_the_authenticator_is_not_looked_up_again_on_every_page(world):
    secret = totp_on(world.coach)
    client = Client()
    client.post(reverse("account_login"), {"login": world.coach.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code_now(secret)})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("inbox")).status_code == 200
    assert not [query for query in captured if "mfa_authenticator" in query["sql"]]


@override_settings(STEPWISE_REQUIRE_2FA=True)
def test_where_required_a_coach_without_it_can_still_sign_out(world):
    client = signed_in(world.coach)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not is_signed_in(client)


@override_settings(STEPWISE_REQUIRE_2FA=True)
@pytest.mark.parametrize("role", ["executive", "sponsor"])
def test_where_required_executives_and_sponsors_are_not_made_to_set_it_up(world, role):
    client = signed_in(world.user(role))
    assert client.get(reverse("home")).status_code == 200
    password_again(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@override_settings(STEPWISE_REQUIRE_2FA=False)
def test_where_not_required_a_coach_is_only_reminded(world):
    page = signed_in(world.coach).get(reverse("home"))
    assert page.status_code == 200
    assert "turn on two-factor sign-in to protect it" in page.content.decode()


def test_the_requirement_is_on_by_default_in_production_only():
    import subprocess
    import sys

    def required(env: str) -> str:
        code = "import django; django.setup(); from django.conf import settings; print(settings.STEPWISE_REQUIRE_2FA)"
        result = subprocess.run(  # noqa: S603 (our own interpreter and code)
            [sys.executable, "-c", code],
            env={"DJANGO_SETTINGS_MODULE": "stepwise.settings", "STEPWISE_ENV": env, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert required("production") == "True"
    assert required("development") == "False"


def test_staff_signed_in_cannot_use_the_admin_login_to_become_someone_else(operator, other_coach, client_as):
    # Another member of staff, whose authenticator the admin's form would never ask for.
    User.objects.filter(pk=other_coach.pk).update(is_staff=True)
    totp_on(other_coach)
    client = client_as(operator)
    response = client.post("/admin/login/", {"username": other_coach.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.session["_auth_user_id"] == str(operator.pk)
