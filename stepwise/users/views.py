from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from stepwise.lib.forms import add_errors, form_status
from stepwise.lib.http import AuthedRequest

from . import services
from .forms import AcceptInvitationForm, ProfileForm

SESSION_KEY = "invitation_token"


def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """Trade the token in the link for a session entry, so it leaves the address bar and history."""
    request.session[SESSION_KEY] = token
    return redirect("invitation_accept")


def invitation_accept(request: HttpRequest) -> HttpResponse:
    token = request.session.get(SESSION_KEY, "")
    invitation = services.invitation_find(token=token) if token else None
    problem = services.invitation_problem(invitation)
    if problem or invitation is None:
        return render(request, "users/invitation_problem.html", {"problem": problem}, status=410 if invitation else 404)
    user = invitation.user
    if user.has_usable_password() and request.user != user:
        # The person already has an account: they prove it by signing in first.
        messages.info(
            request, _("You already have a Stepwise account. Sign in as %(email)s to join.") % {"email": user.email}
        )
        return redirect(f"{_login_url()}?next={request.path}")
    form = AcceptInvitationForm(
        request.POST or None, user=user, initial={"full_name": user.full_name, "time_zone": user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                time_zone=form.cleaned_data["time_zone"],
                password=form.cleaned_data.get("password1"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to Stepwise. This is your engagement: your next step is shown under the steps.")
            )
            if invitation.participant is not None:
                return redirect("engagement_detail", public_id=invitation.participant.engagement.public_id)
            return redirect("home")
    return render(
        request, "users/invitation_accept.html", {"form": form, "invitation": invitation}, status=form_status(form)
    )


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
