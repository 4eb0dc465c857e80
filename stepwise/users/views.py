from allauth.account.decorators import secure_admin_login
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.lib.forms import add_errors, form_status
from stepwise.lib.http import AuthedRequest
from stepwise.lib.tokens import token_hash

from . import services
from .context_processors import remember_executive
from .forms import AcceptInvitationForm, ProfileForm
from .models import Invitation

# The session holds the SHA-256 of the link's token, never the token itself: a copy of the
# session table opens no invitation.
SESSION_KEY = "invitation_digest"
# Unknown links opened from one address, counted like failed sign-ins (ACCOUNT_RATE_LIMITS).
GUESS_LIMIT = "invitation_guess"


def _guesses_exhausted(request: HttpRequest, *, count: bool) -> bool:
    """Whether this address has used up its guesses; ``count`` records one more."""
    refused = ratelimit.consume_or_429(request, action=GUESS_LIMIT, limit_get=True, dry_run=not count)
    return refused is not None


def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """Trade the token in the link for a session entry, so it leaves the address bar and history.

    A link that cannot be used is answered at once, without starting a session, and an address
    that keeps trying made-up links is paused like one that keeps failing to sign in.
    """
    if _guesses_exhausted(request, count=False):
        return render(request, "users/invitation_throttled.html", status=429)
    digest = token_hash(token)
    invitation = services.invitation_find(digest=digest)
    if invitation is None and _guesses_exhausted(request, count=True):
        return render(request, "users/invitation_throttled.html", status=429)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, "users/invitation_problem.html", {"problem": problem}, status=410 if invitation else 404)
    request.session[SESSION_KEY] = digest
    return redirect("invitation_accept")


def _invitation_in_session(request: HttpRequest) -> tuple[Invitation | None, str]:
    digest = request.session.get(SESSION_KEY, "")
    invitation = services.invitation_find(digest=digest) if digest else None
    return invitation, services.invitation_problem(invitation)


def invitation_accept(request: HttpRequest) -> HttpResponse:
    invitation, problem = _invitation_in_session(request)
    if problem or invitation is None:
        return render(request, "users/invitation_problem.html", {"problem": problem}, status=410 if invitation else 404)
    user = invitation.user
    if request.user.is_authenticated and request.user != user:
        # Someone else is signed in on this browser: say so, and let them hand over.
        return render(
            request,
            "users/invitation_other_account.html",
            {"invitation": invitation},
            status=403 if request.method == "POST" else 200,
        )
    if user.has_usable_password() and not request.user.is_authenticated:
        # The person already has an account: they prove it by signing in first.
        messages.info(
            request, _("You already have a Stepwise account. Sign in as %(email)s to join.") % {"email": user.email}
        )
        return redirect(f"{_login_url()}?next={reverse('invitation_accept')}")
    form = AcceptInvitationForm(
        request.POST or None, user=user, initial={"full_name": user.full_name, "time_zone": user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                accepted_by=request.user if request.user.is_authenticated else None,
                full_name=form.cleaned_data["full_name"],
                time_zone=form.cleaned_data["time_zone"],
                password=form.cleaned_data.get("password1"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session.pop(SESSION_KEY, None)
            if request.user.is_authenticated:
                remember_executive(request=request, user=user)  # the menu's "My practice" may now be theirs
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # remembers it too
            messages.success(
                request, _("Welcome to Stepwise. This is your engagement: your next step is shown under the steps.")
            )
            if invitation.participant is not None:
                return redirect("engagement_detail", public_id=invitation.participant.engagement.public_id)
            return redirect("home")
    return render(
        request, "users/invitation_accept.html", {"form": form, "invitation": invitation}, status=form_status(form)
    )


@require_POST
def invitation_switch(request: HttpRequest) -> HttpResponse:
    """Sign out whoever is signed in and go on with the invitation in this browser as the invitee."""
    invitation, problem = _invitation_in_session(request)
    if problem or invitation is None:
        return render(request, "users/invitation_problem.html", {"problem": problem}, status=410 if invitation else 404)
    logout(request)  # a fresh session: nothing of the previous person's stays
    request.session[SESSION_KEY] = invitation.token_hash
    if invitation.user.has_usable_password():
        messages.info(
            request,
            _("You are signed out. Sign in as %(email)s to join.") % {"email": invitation.user.email},
        )
        return redirect(f"{_login_url()}?next={reverse('invitation_accept')}")
    return redirect("invitation_accept")


@secure_admin_login
def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Django admin's login page, which is never a way in: someone signed out is sent to the
    sign-in page (allauth, with its second factor) and back with ``?next=``; staff already signed
    in go to the admin (the admin's own form, which would sign in as whoever's password it is
    given, never runs); anyone else signed in is refused (403)."""
    return redirect("admin:index")


def _login_url() -> str:
    return reverse("account_login")


@login_required
def account_settings(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("Saved. Times are now shown in %(zone)s.") % {"zone": form.cleaned_data["time_zone"]}
        )
        return redirect("account_settings")
    return render(
        request,
        "users/account.html",
        {
            "form": form,
            "has_mfa": Authenticator.objects.filter(user=request.user).exists(),
            "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        },
        status=form_status(form),
    )
