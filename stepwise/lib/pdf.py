"""PDFs from the same HTML templates as the pages, through WeasyPrint.

Every PDF is PDF/UA-1: tagged, so screen readers read its headings, lists and tables in order,
with the document's title (the template's <title>) shown instead of its file name and its
language taken from <html lang>.
"""

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from stepwise.lib.charts import print_styled


def pdf_bytes(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which the web pages do not need

    html = print_styled(render_to_string(template, context, request=request))
    stylesheet = finders.find("css/print.css")
    styles = [CSS(filename=str(stylesheet))] if stylesheet else []
    return HTML(string=html).write_pdf(stylesheets=styles, pdf_variant="pdf/ua-1")


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
