"""The REST API: the same access policy as the pages, documented at /api/openapi.json."""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(title="Stepwise API", version="1", auth=django_auth)
