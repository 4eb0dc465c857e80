"""The REST API: the same access policy as the pages, documented at /api/openapi.json.

Every endpoint signs people in with their browser session (``django_auth``) and loads objects
through :mod:`stepwise.engagements.access`, so an engagement outside a person's reach is a 404
here exactly as on the pages, and a refused write is a 403, never a 500.
"""

from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.security import django_auth

from .engagements import router as engagements_router
from .plans import router as plans_router

api = NinjaAPI(
    title="Stepwise API",
    version="1",
    description="Read the engagements you take part in. Sign in on the web site first: the API uses that session.",
    auth=django_auth,
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # A service refused the change: say why, as the pages do.
    return api.create_response(request, {"detail": exc.messages}, status=400)


api.add_router("/engagements", engagements_router)
api.add_router("/engagements", plans_router)

# Last, so it matches only what nothing else did: a malformed id or an unknown path under /api/
# is a JSON 404 like every other refusal here, not the site's HTML page.
fallback = Router(auth=None)


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False)
def not_found(request: HttpRequest, rest: str) -> NoReturn:
    raise Http404


api.add_router("", fallback)
