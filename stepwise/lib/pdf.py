"""PDFs from the same HTML templates as the pages, through WeasyPrint.

Every PDF is PDF/UA-1: tagged, so screen readers read its headings, lists and tables in order,
with the document's title (the template's <title>) shown instead of its file name and its
language taken from <html lang>.

A frozen document (a signed agreement, a completed review) is rendered once per version and
served again from ``StoredRendering`` (``stored_pdf_response``): WeasyPrint takes a tenth of a
second or more per page, a stored rendering a few milliseconds, and a worker that only serves
stored PDFs never imports WeasyPrint. Every other PDF is rendered afresh on each download.
"""

import functools
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import parse_etags

from stepwise.lib.charts import print_styled
from stepwise.lib.models import StoredRendering

_renderer = threading.local()


def _print_setup() -> tuple[list[Any], Any]:
    """The print stylesheet, parsed once, and a font configuration kept between renderings, so
    that fonts are looked up once. Per thread: Pango's font maps are not shared across threads."""
    if not hasattr(_renderer, "setup"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        stylesheet = finders.find("css/print.css")
        styles = [CSS(filename=str(stylesheet), font_config=fonts)] if stylesheet else []
        _renderer.setup = (styles, fonts)
    return _renderer.setup


def pdf_bytes(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which the web pages do not need

    html = print_styled(render_to_string(template, context, request=request))
    styles, fonts = _print_setup()
    return HTML(string=html).write_pdf(stylesheets=styles, font_config=fonts, pdf_variant="pdf/ua-1")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    return _pdf(pdf_bytes(template, context, request), filename)


def _files(folders: Iterable[Path], pattern: str) -> list[Path]:
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob(pattern))


@functools.cache
def renderer_fingerprint() -> str:
    """What every rendering of this release depends on besides its document: the templates, the
    print stylesheet, the translations and the versions of the code that lays the page out.

    Computed once per process: a new release (or a changed template) makes new renderings."""
    digest = hashlib.sha256()
    ours = [app.path for app in apps.get_app_configs() if app.name.startswith("stepwise.")]
    engines: list[dict[str, Any]] = settings.TEMPLATES
    template_dirs = [Path(folder) for engine in engines for folder in engine.get("DIRS", [])]
    template_dirs += [Path(path) / "templates" for path in ours]
    stylesheet = finders.find("css/print.css")
    files = _files(template_dirs, "*.html") + _files(map(Path, settings.LOCALE_PATHS), "*.mo")
    for path in [*files, *([Path(stylesheet)] if stylesheet else [])]:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("stepwise", "django", "weasyprint", "pygal"):
        digest.update(f"{package}={metadata.version(package)}\0".encode())
    return digest.hexdigest()


def rendering_version(depends_on: Sequence[object]) -> str:
    """A fingerprint of one rendering: what the document shows (``depends_on``, in the reader's
    language and time zone, both part of it) and the release that lays it out."""
    shown = [
        renderer_fingerprint(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        *(str(value) for value in depends_on),
    ]
    return hashlib.sha256(json.dumps(shown).encode()).hexdigest()


def stored_pdf_response(
    request: HttpRequest,
    *,
    document: models.Model,
    depends_on: Sequence[object],
    template: str,
    context: Callable[[], dict[str, Any]],
    filename: str,
) -> HttpResponse:
    """The PDF of a frozen ``document``, rendered on its first download and stored.

    ``depends_on`` lists every value the PDF shows that could differ between two downloads (the
    reader's variant, names, status): two downloads share a rendering only when all are equal.
    ``context`` is called only when there is nothing stored yet. The caller has already loaded
    the document through the access policy. Two first downloads at once both render; the second
    to store finds the row there and serves its own bytes, the same document.
    """
    version = rendering_version(depends_on)
    etag = f'"{version}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return not_modified
    kind = ContentType.objects.get_for_model(document)
    key = {"content_type": kind, "object_id": document.pk, "version": version}
    stored = StoredRendering.objects.filter(**key).values_list("pdf", flat=True).first()
    if stored is None:
        content = pdf_bytes(template, context(), request)
        try:
            with transaction.atomic():
                StoredRendering.objects.create(**key, pdf=content)
        except IntegrityError:
            pass  # a concurrent first download stored it a moment ago
    else:
        content = bytes(stored)  # PostgreSQL hands back a memoryview
    response = _pdf(content, filename)
    response["ETag"] = etag
    return response


def renderings_clear(*, older_than_days: int | None = None) -> int:
    """Delete stored renderings (those made more than ``older_than_days`` ago, or all); each is
    rendered again on its next download. How many were deleted."""
    renderings = StoredRendering.objects.all()
    if older_than_days is not None:
        renderings = renderings.filter(created_at__lt=timezone.now() - timedelta(days=older_than_days))
    count, _by_model = renderings.delete()
    return count
