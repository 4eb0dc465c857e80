from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import rater_access, rater_trade


@require_GET
@never_cache
def rater_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the rater's mail: trade its token for a session, then leave the token behind."""
    rater_trade(request, token)
    return redirect("rater_home")


@require_GET
@never_cache
def rater_home(request: HttpRequest) -> HttpResponse:
    rater = rater_access(request)
    return render(request, "feedback/rater_home.html", {"rater": rater, "executive": rater.executive_name()})
