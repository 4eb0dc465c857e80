"""Small views that belong to no step."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">: point them at it."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
