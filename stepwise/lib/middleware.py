"""Responses that must not be kept by browsers or proxies."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Every page, PDF, calendar file and API answer is marked ``no-store``.

    Almost everything Stepwise serves is private (coaching content, or a page behind a secret
    link), and a shared computer's back button or disk cache must not show it to the next
    person. Static files never reach this middleware: whitenoise, above it, answers them with
    its own long-lived caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
