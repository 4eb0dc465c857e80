"""Small views that belong to no step."""

import sys

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views import defaults

from .middleware import DATABASE_DOWN, database_unavailable


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">: point them at it."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def _database_lost(error: BaseException | None) -> bool:
    """Whether ``error`` is, or was raised while handling, a lost database connection."""
    while error is not None:
        if isinstance(error, DATABASE_DOWN):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a lost database is a 503 saying what was sent may not be saved; anything
    else, Django's 500."""
    if _database_lost(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``. Django turns a session it could not save into a 400 (``SessionInterrupted``),
    also when the database went away after the view: that is the 503 of a lost database."""
    if _database_lost(exception):
        return database_unavailable(request)
    return defaults.bad_request(request, exception)
