"""allauth and axes wiring: no public sign-up, every mail through the task worker."""

from collections.abc import Sequence
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from stepwise.lib.mail import RenderedMail, mail_queue, mail_render

# What allauth puts in a mail's context that the queued task must not hold: the request and
# site (rebuilt by the worker), the recipient (the task has it), links and keys (made again by
# the worker when it sends the mail), and request details (text a browser chose).
NOT_QUEUED = frozenset(
    {"request", "current_site", "email", "password_reset_url", "uid", "key", "signup_url", "username"}
    | {"ip", "user_agent"}
)
PASSWORD_RESET_MAIL = "account/email/password_reset_key"  # noqa: S105 (a template name)
UNKNOWN_ACCOUNT_MAIL = "account/email/unknown_account"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join a practice by invitation only.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Queue allauth's mail as ours: its kind, the recipient and the user it is about.

        A password-reset mail is stored as "password reset for user <pk>"; the worker makes the
        link when it sends the mail, so no link or key ever rests in the task queue."""
        kept = {name: value for name, value in context.items() if name not in NOT_QUEUED}
        mail_queue(template=template_prefix, to=[email], context=kept, render=account_mail_render)


def account_mail_render(*, template: str, context: dict[str, Any], to: Sequence[str]) -> RenderedMail:
    """allauth's mail, rendered by the worker: the links it needs are made now."""
    context = {"email": to[0], **context}
    if template == PASSWORD_RESET_MAIL:
        user = context["user"]
        # allauth's token generator is the one its reset page checks; a token made now is
        # valid for PASSWORD_RESET_TIMEOUT from now, and void once the password changes.
        token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": token})
        context["password_reset_url"] = f"{settings.SITE_URL}{path}"
    elif template == UNKNOWN_ACCOUNT_MAIL:
        context["signup_url"] = f"{settings.SITE_URL}{reverse('account_signup')}"
    return mail_render(template=template, context=context, subject_prefix=account_settings.EMAIL_SUBJECT_PREFIX or "")


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """allauth authenticates with ``email``; its form posts ``login``."""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    else:
        value = request.POST.get("login", "")
    return str(value).strip().lower()


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Where two-factor sign-in is required, a coach or admin cannot switch it off.
        return not (settings.STEPWISE_REQUIRE_2FA and authenticator.user.holds_practice_material())
