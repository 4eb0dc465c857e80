"""The REST API: the same access policy as the pages, documented at /api/openapi.json.

Every endpoint signs people in with their browser session (``django_auth``) and loads objects
through :mod:`stepwise.engagements.access`, so an engagement outside a person's reach is a 404
here exactly as on the pages, and a refused write is a 403, never a 500.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from .engagements import router as engagements_router

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
