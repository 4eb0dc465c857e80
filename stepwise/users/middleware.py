import zoneinfo
from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

# What a coach or admin without an authenticator may still reach: setting one up (allauth may
# ask for the password again first), the recovery codes it shows next, and signing out.
TWO_FACTOR_SET_UP = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_logout",
    }
)


class UserTimezoneMiddleware:
    """Show times in the signed-in person's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """While ``STEPWISE_REQUIRE_2FA`` is on, a coach or admin without an authenticator reaches
    only the pages that set one up; every other request is sent there, with the reason."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.STEPWISE_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and user.holds_practice_material()
            and not self._is_set_up_page(request)
            and not self._signed_in_with_second_factor(request)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _(
                    "Coaches and practice admins hold confidential coaching material, so this practice "
                    "requires two-factor sign-in. Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _signed_in_with_second_factor(request: HttpRequest) -> bool:
        """This session's sign-in passed the authenticator: no query on every request to learn that
        the person has one (where it is required, it cannot be switched off)."""
        records = get_authentication_records(request, request.user)
        return any(record.get("method") == "mfa" for record in records)

    @staticmethod
    def _is_set_up_page(request: HttpRequest) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            return resolve(request.path_info).url_name in TWO_FACTOR_SET_UP
        except Resolver404:
            return False
