"""PDFs from the same HTML templates as the pages, through WeasyPrint."""

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def pdf_bytes(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which the web pages do not need

    html = render_to_string(template, context, request=request)
    stylesheet = finders.find("css/print.css")
    styles = [CSS(filename=str(stylesheet))] if stylesheet else []
    return HTML(string=html).write_pdf(stylesheets=styles)


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
