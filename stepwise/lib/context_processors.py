from typing import Any

from django.conf import settings
from django.http import HttpRequest


def stepwise(request: HttpRequest) -> dict[str, Any]:
    return {"OUTBOX_ENABLED": settings.OUTBOX_ENABLED, "STEPWISE_ENV": settings.STEPWISE_ENV}
