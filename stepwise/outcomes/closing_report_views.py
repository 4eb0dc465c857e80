"""The measures page and the closing report (page and PDF)."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stepwise.engagements.access import Part, engagement_access
from stepwise.lib.http import AuthedRequest
from stepwise.lib.pdf import pdf_response

from .closing_report import closing_report_context
from .measures import measure_rows


@login_required
def measures_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Each goal's measures against baseline and target: for whoever reads the goals; readings,
    charts and shares for whoever reads progress."""
    access = engagement_access(request.user, public_id)
    access.require_read(Part.GOALS)
    context = {
        "access": access,
        "engagement": access.engagement,
        "goals": measure_rows(access),
        "sees_progress": access.can_read(Part.PROGRESS),
    }
    return render(request, "outcomes/measures_detail.html", context)


@login_required
def closing_report(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    return render(request, "outcomes/closing_report.html", closing_report_context(access))


@login_required
def closing_report_pdf(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    context = closing_report_context(access)
    context["title"] = _("Closing report")
    return pdf_response(
        request, "outcomes/closing_report_pdf.html", context, f"{slugify(str(access.engagement))}-closing-report.pdf"
    )
