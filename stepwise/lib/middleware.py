"""Middleware of our own: responses no browser or proxy keeps, requests the database could not
store refused before any view sees them, and sessions kept alive without a write per request."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


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


# When a session last pushed its end back (seconds since the epoch, in the session itself).
REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Push a session's end back (``SESSION_COOKIE_AGE`` after the last request) with at most one
    write a minute, in place of ``SESSION_SAVE_EVERY_REQUEST``.

    Writing the session on every request put every signed-in page behind SQLite's write lock.
    Here a session stores when it was last written; a request saves it again only when that was
    ``SESSION_REFRESH_SECONDS`` (a minute) ago or more, or when the view changed it anyway. The
    idle sign-out therefore comes between ``SESSION_COOKIE_AGE`` minus a minute and
    ``SESSION_COOKIE_AGE`` after the last request. Goes right below ``SessionMiddleware``, which
    does the saving.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = request.session
        if session.session_key is None and not session.modified:
            return response  # no cookie, nothing stored: never start a session here
        refreshed_at = session.get(REFRESHED_AT)
        if session.is_empty():
            return response  # signed out, or the cookie named a session that has ended
        now = int(time.time())
        stale = not isinstance(refreshed_at, int) or now - refreshed_at >= settings.SESSION_REFRESH_SECONDS
        if session.modified or stale:
            session[REFRESHED_AT] = now
        return response


def session_refreshed_at_sign_in(*, request: HttpRequest | None, **kwargs: object) -> None:
    """A session signed in now has just been written: its first pages need not write it again.
    (Connected to ``user_logged_in`` in ``LibConfig.ready``; covers test clients' logins too.)"""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())


NUL = "\x00"


def _carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    if any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()):
        return True
    if request.method != "POST":
        return False
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # Field values only: an uploaded file may hold any bytes.
        return any(NUL in key or any(NUL in value for value in values) for key, values in request.POST.lists())
    if request.content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    return False


class RefuseNulMiddleware:
    """Refuse, with a 400 and a message, any request whose fields hold a NUL character.

    PostgreSQL cannot store NUL in text (``DataError``: a 500), and SQLite would store it where
    no one can see it. Django's form ``CharField`` already refuses it, but worksheet answers, the
    autosave endpoints and JSON bodies are read without one. Checking here, once, covers every
    way in, including the apps still to come; nothing is saved, and the person's page keeps
    what they typed (autosave reads the message from the JSON answer).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            return _refusal(request)
        return self.get_response(request)


def _refusal(request: HttpRequest) -> HttpResponse:
    message = _(
        "What you sent contains an invisible NUL character (often pasted from another program), "
        "which cannot be saved. Nothing was saved: go back, retype or remove the pasted part, and send it again."
    )
    if _wants_json(request):
        return JsonResponse({"message": message, "detail": message, "errors": {}}, status=400)
    return render(request, "lib/refused.html", {"message": message}, status=400)


def _wants_json(request: HttpRequest) -> bool:
    return (
        request.content_type == "application/json"
        or request.headers.get("X-Requested-With") == "fetch"
        or request.path.startswith("/api/")
        or "application/json" in request.headers.get("Accept", "")
    )


# What a lost or refused database connection raises: PostgreSQL restarting or failing over,
# too many connections, a network cut. The transaction it was in did not commit.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503, telling the person that what they sent may not have been saved and to send it again.

    Drawn without touching the database (no menu, no user). Usually nothing was saved (the
    transaction did not commit); when the connection broke after the write (saving the session,
    say), a create form's one-time token makes sending again safe: the repeat leads to what was
    made (``stepwise.lib.once``)."""
    message = _(
        "The database could not be reached, so what you sent may not have been saved. Send it again in a moment."
    )
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse({"message": message, "detail": message, "errors": {}}, status=503)
    else:
        response = HttpResponse(render_to_string("lib/database_unavailable.html", {"message": message}), status=503)
    response["Retry-After"] = "5"
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses its database gets the 503 of ``database_unavailable``, not a 500.

    Errors raised outside views (a middleware saving the session) reach ``handler500``
    (``stepwise.lib.views.server_error``), which answers the same way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            logger.warning("Database unavailable for %s %s: %s", request.method, request.path, type(exception).__name__)
            return database_unavailable(request)
        return None
