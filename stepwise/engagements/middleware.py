"""The net under the access policy's closed-engagement rule (``access.WRITABLE_WHEN_CLOSED``).

``Access.require_write`` refuses writes on a closed engagement, but a view may check its own
rule (``access.is_coach``) instead of calling it. Every change to an engagement is a POST to a
URL under ``/engagements/<uuid:public_id>/``, so this middleware refuses each of them on a closed
engagement before the view runs, whatever the view checks: a view written later is covered too.
A view that stays open after the close says so with :func:`writable_when_closed`.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase

from .access import Part, engagement_access

F = TypeVar("F", bound=Callable[..., Any])

ENGAGEMENT_ROUTE = "engagements/<uuid:public_id>/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def writable_when_closed(part: Part) -> Callable[[F], F]:
    """Mark a view that writes ``part``, one of ``WRITABLE_WHEN_CLOSED``: the middleware lets its
    POSTs through on a closed engagement, and the view's own ``require_write(part)`` decides."""

    def mark(view: F) -> F:
        view.writable_when_closed = part  # type: ignore[attr-defined]
        return view

    return mark


def answers_closed_itself(view: F) -> F:
    """Mark a view that answers a POST on a closed engagement itself, with a message of its own
    (the close page: "closed already, by whom and when", for the second of two tabs)."""
    view.answers_closed_itself = True  # type: ignore[attr-defined]
    return view


class ClosedEngagementMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: dict[str, Any]
    ) -> None:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return None  # reads are the policy's; a visitor is sent to sign in by the view
        match = request.resolver_match
        if match is None or not match.route.startswith(ENGAGEMENT_ROUTE) or "public_id" not in view_kwargs:
            return None
        if getattr(view_func, "answers_closed_itself", False):
            return None
        access = engagement_access(request.user, view_kwargs["public_id"])  # a 404 outside one's reach
        access.require_open(getattr(view_func, "writable_when_closed", None))
        return None
