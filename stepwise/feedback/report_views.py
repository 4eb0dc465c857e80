"""The 360 report's pages: the coach reads, redacts and releases; the executive (and the sponsor,
when the agreement says so) reads released versions; the same page as a PDF.

Which versions a person may read is ``selectors.report_versions``; what a version shows is
``report.py``. The coach's first visit after a close makes the version the coach reads
(``release.report_version_make``): it counts as shown from then on.
"""

import hashlib
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.charts import bar_chart
from stepwise.lib.forms import TOO_LONG
from stepwise.lib.http import AuthedRequest
from stepwise.lib.pdf import stored_pdf_response

from . import release, report, selectors
from .answering import COMMENT_MAX_CHARS
from .models import Comment, Group, ReportVersion, Round

LABELS = {
    report.SELF: gettext_lazy("self"),
    report.ALL_OTHERS: gettext_lazy("all others"),
    **{group.value: group.label for group in Group if group != Group.SELF},
}


class RedactForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The comment as it will be shown"),
        help_text=gettext_lazy("Take out names and details that would tell who wrote it. The original is not kept."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=COMMENT_MAX_CHARS,
        error_messages={"required": gettext_lazy("Type the comment as it should be shown."), **TOO_LONG},
    )
    seen = forms.CharField(widget=forms.HiddenInput)


def _round(access: Access, round_id: UUID) -> Round:
    access.require_read(Part.FEEDBACK_REPORT)
    return selectors.round_of(access=access, round_id=round_id)


def _chosen(request: AuthedRequest, versions: list[ReportVersion]) -> ReportVersion | None:
    """The version asked for (``?version=N``), else the newest one the person may read."""
    asked = request.GET.get("version")
    if asked is None:
        return versions[0] if versions else None
    chosen = next((v for v in versions if str(v.number) == asked), None)
    if chosen is None:
        raise Http404
    return chosen


def _charts(made: report.Report) -> dict[str, str]:
    """The report's charts, drawn from shown figures only."""
    if not made.competencies:
        return {}
    groups = [g for g in made.columns]
    names = [c.name or _("Other items") for c in made.competencies]
    by_group = bar_chart(
        title=_("Mean rating by competency and group (1 to 5)"),
        x_labels=names,
        series=[
            (str(LABELS[g]), [round(c.cells[g].mean, 2) if g in c.cells else None for c in made.competencies])
            for g in groups
        ],
        y_range=(0, 5),
    )
    compared = [row for row in made.items if row.gap is not None]
    self_others = bar_chart(
        title=_("Self against all others, by item (1 to 5)"),
        x_labels=[f"{row.item.position}" for row in compared],
        series=[
            (str(LABELS[g]), [round(row.cells[g].mean, 2) for row in compared])
            for g in (report.SELF, report.ALL_OTHERS)
        ],
        y_range=(0, 5),
    )
    return {"by_group": by_group, "self_others": self_others if compared else ""}


def _context(access: Access, round: Round, version: ReportVersion | None, versions: list[ReportVersion]) -> dict:
    context: dict[str, Any] = {
        "engagement": access.engagement,
        "access": access,
        "round": round,
        "version": version,
        "versions": versions,
        "labels": LABELS,
        "gap": report.GAP,
        "released_batch": release.released_batch(round_id=round.pk),
    }
    if version is None:
        return context
    made = selectors.report_of(round=round, version=version)
    context |= {
        "report": made,
        "charts": _charts(made),
        # Each cell with its column's label: a phone shows the table as labelled rows.
        "table": [(row, [(LABELS[g], row.cells.get(g)) for g in made.columns]) for row in made.items],
        "competency_table": [(c, [(LABELS[g], c.cells.get(g)) for g in made.columns]) for c in made.competencies],
        "column_labels": [LABELS[g] for g in made.columns],
        "group_counts": [(LABELS[g], n) for g, n in made.responses.items()],
        "hidden_labels": [str(LABELS[g]) for g in made.hidden_groups],
        "comment_labels": [
            (item, [(c, LABELS[c.group], release.comment_digest(c.text)) for c in said]) for item, said in made.comments
        ],
    }
    return context


@login_required
def round_report(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    round = _round(access, round_id)
    if access.can_write(Part.FEEDBACK_REPORT) and round.closings:
        release.report_version_make(round=round)
    versions = selectors.report_versions(access=access, round=round)
    version = _chosen(request, versions)
    context = _context(access, round, version, versions)
    newest = max((v.batch for v in versions), default=0)
    if access.can_write(Part.FEEDBACK_REPORT) and versions and round.closings > newest:
        # Responses came in after the newest version, too few to make another: say what is missing.
        context["blocked"] = release.version_blocked_because(round=round, versions=versions)
    return render(request, "feedback/report.html", context)


@login_required
def round_report_pdf(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    round = _round(access, round_id)
    versions = selectors.report_versions(access=access, round=round)
    version = _chosen(request, versions)
    if version is None:
        raise Http404
    name = f"{slugify(round.title)}-360-report-v{version.number}.pdf"
    context = _context(access, round, version, versions) | {"pdf": True}
    # Everything the PDF shows that could change between two downloads of a version: its release,
    # the comments' text (the coach may redact one) and the names on it. A version's figures are
    # fixed when it is made (its batch and the versions before it), so the coach's unreleased
    # version is stored too: rendering 50 questions for 60 raters takes seconds, once.
    made = context["report"]
    said = hashlib.sha256("\0".join(c.text for _item, cs in made.comments for c in cs).encode()).hexdigest()
    shown = [version.number, version.batch, version.released_at, said, round.title, str(access.engagement)]
    shown += [access.engagement.named_for_documents()]
    return stored_pdf_response(
        request,
        document=version,
        depends_on=shown,
        template="feedback/report_pdf.html",
        context=lambda: context,
        filename=name,
    )


@login_required
def comment_redact(request: AuthedRequest, public_id: UUID, round_id: UUID, comment_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    round = _round(access, round_id)
    access.require_write(Part.FEEDBACK_REPORT)
    comment = Comment.objects.filter(round=round, id=comment_id).first()
    if comment is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = RedactForm(request.POST)
        if form.is_valid():
            try:
                release.comment_redact(comment=comment, text=form.cleaned_data["text"], seen=form.cleaned_data["seen"])
            except ValidationError as error:
                status = {"conflict": 409, "released": 409}.get(str(error.code), 400)
                form.add_error(None if status == 409 else "text", error)
            else:
                messages.success(request, _("Comment redacted: the original text is gone."))
                return redirect("round_report", public_id=public_id, round_id=round_id)
        else:
            status = 400
    else:
        form = RedactForm(initial={"text": comment.text, "seen": release.comment_digest(comment.text)})
    context = {"engagement": access.engagement, "round": round, "comment": comment, "form": form}
    return render(request, "feedback/report_redact.html", context, status=status)


@login_required
@require_POST
def round_report_release(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    round = _round(access, round_id)
    access.require_write(Part.FEEDBACK_REPORT)
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        number = 0
    try:
        version = release.report_release(round=round, number=number, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Version %(n)d of the report was released; the executive was told.") % {"n": version.number}
        )
    return redirect("round_report", public_id=public_id, round_id=round_id)
