"""allauth and axes wiring: no public sign-up, every mail through the task worker."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from stepwise.lib.mail import mail_deliver


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join a practice by invitation only.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        mail_deliver.enqueue(subject=str(message.subject), body=str(message.body), to=list(message.to), html=html)


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
