from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access, may_manage_organisations
from stepwise.lib.forms import add_errors, form_after_stale_edit
from stepwise.lib.http import AuthedRequest
from stepwise.lib.once import OneTimeTokenForm
from stepwise.lib.pdf import pdf_response
from stepwise.lib.revisions import StaleEdit

from . import services
from .charts import ratings_chart
from .forms import AssessmentForm, AssignForm, TemplateEditForm, answers_from_post, layout, row_count_problems
from .models import Assessment, AssessmentNote, Worksheet, WorksheetTemplate
from .schema import questions
from .selectors import assessment_visible, template_to_assign, worksheets_visible
from .text_format import schema_to_text, text_to_schema


def _load(request: AuthedRequest, public_id: UUID, worksheet_id: UUID) -> tuple[Access, Worksheet]:
    access = engagement_access(request.user, public_id)
    worksheet = get_object_or_404(worksheets_visible(access), public_id=worksheet_id)
    return access, worksheet


@login_required
def worksheet_list(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    worksheets = list(worksheets_visible(access))
    return render(
        request,
        "worksheets/worksheet_list.html",
        {
            "access": access,
            "engagement": access.engagement,
            "worksheets": worksheets,
            "assign_form": (
                AssignForm(suggested=template_to_assign(access))
                if access.can_write(Part.WORKSHEETS) and access.is_coach
                else None
            ),
            "assessment": assessment_visible(access),
            "chart": ratings_chart(access),
        },
    )


@login_required
def worksheet_assign(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.WORKSHEETS)
    if not access.is_coach:
        raise PermissionDenied
    access.require_open(Part.WORKSHEETS)
    form = AssignForm(request.POST or None, suggested=None if request.method == "POST" else template_to_assign(access))
    if request.method == "POST" and form.is_valid():
        try:
            worksheet = services.worksheet_assign(
                engagement=access.engagement,
                template=form.cleaned_data["template"],
                assigned_by=request.user,
                due_date=form.cleaned_data["due_date"],
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("“%(name)s” assigned; the executive has been told by mail.") % {"name": worksheet}
            )
            return redirect("worksheet_list", public_id=public_id)
    return render(
        request,
        "worksheets/worksheet_assign.html",
        {"form": form, "engagement": access.engagement},
        status=400 if form.errors else 200,
    )


@login_required
def worksheet_detail(request: AuthedRequest, public_id: UUID, worksheet_id: UUID) -> HttpResponse:
    access, worksheet = _load(request, public_id, worksheet_id)
    fills_in = access.is_executive and worksheet.is_editable() and not access.is_closed
    errors: dict[str, str] = {}
    answers = worksheet.answers
    extra_row = ""
    status = 200
    if request.method == "POST":
        if not fills_in:
            if access.is_executive:
                messages.error(
                    request,
                    _(
                        "This worksheet was submitted in another window; nothing was "
                        "changed. Here is what was submitted."
                    ),
                )
                return redirect("worksheet_detail", public_id=public_id, worksheet_id=worksheet_id)
            raise PermissionDenied
        raw = answers_from_post(worksheet.schema, request.POST)
        action = request.POST.get("action", "save")
        problems = row_count_problems(worksheet.schema, request.POST)
        revision = _revision(request)
        try:
            if problems:
                errors = problems
            elif action == "submit":
                worksheet, errors = services.worksheet_submit(worksheet=worksheet, raw=raw, revision=revision)
            else:
                worksheet, errors = services.worksheet_save(worksheet=worksheet, raw=raw, revision=revision)
        except StaleEdit as error:
            # Keep what this page sent, show the message; the saved answers are a reload away.
            return render(
                request,
                "worksheets/worksheet_detail.html",
                {
                    "access": access,
                    "engagement": access.engagement,
                    "worksheet": error.current,
                    "sections": layout(worksheet.schema, {**worksheet.answers, **raw}, {}, ""),
                    "fills_in": True,
                    "errors": {},
                    "conflict": " ".join(error.messages),
                },
                status=409,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("worksheet_detail", public_id=public_id, worksheet_id=worksheet_id)
        if not errors:
            if action == "submit":
                messages.success(
                    request, _("Submitted. Your coach has been told and will read it before your next session.")
                )
                return redirect("worksheet_list", public_id=public_id)
            if action.startswith("add-"):
                extra_row = action[4:]
            else:
                messages.success(request, _("Saved. You can come back and finish it at any time."))
                return redirect("worksheet_detail", public_id=public_id, worksheet_id=worksheet_id)
        else:
            status = 400
        # Show what was typed, valid or not, with a message beside each problem.
        answers = {**worksheet.answers, **raw}
    return render(
        request,
        "worksheets/worksheet_detail.html",
        {
            "access": access,
            "engagement": access.engagement,
            "worksheet": worksheet,
            "sections": layout(worksheet.schema, answers, errors, extra_row),
            "fills_in": fills_in and worksheet.is_editable(),
            "errors": errors,
        },
        status=status,
    )


@login_required
@require_POST
def worksheet_autosave(request: AuthedRequest, public_id: UUID, worksheet_id: UUID) -> HttpResponse:
    access, worksheet = _load(request, public_id, worksheet_id)
    if not access.is_executive:
        raise PermissionDenied
    problems = row_count_problems(worksheet.schema, request.POST)
    if problems:
        return JsonResponse(
            {"errors": problems, "message": _not_saved(worksheet.schema, problems), "saved": False}, status=400
        )
    try:
        worksheet, errors = services.worksheet_save(
            worksheet=worksheet, raw=answers_from_post(worksheet.schema, request.POST), revision=_revision(request)
        )
    except ValidationError as error:  # submitted elsewhere, or saved elsewhere since (StaleEdit)
        return JsonResponse({"message": " ".join(error.messages)}, status=409)
    saved_at = formats.time_format(timezone.localtime(worksheet.updated_at), "H:i:s")
    if errors:
        # Some answers were refused: the status line must not say "Saved", and the page keeps the
        # text (and the browser's copy of it) until the person fixes it.
        return JsonResponse(
            {
                "revision": worksheet.revision,
                "errors": errors,
                "message": _not_saved(worksheet.schema, errors, others_saved=True),
            },
            status=400,
        )
    return JsonResponse(
        {
            "saved_at": saved_at,
            "revision": worksheet.revision,
            "errors": errors,
            "message": _("Saved at %(t)s") % {"t": saved_at},
        }
    )


def _not_saved(schema: dict[str, Any], errors: dict[str, str], *, others_saved: bool = False) -> str:
    """The status line for a refused autosave: which answers, what to do, and that the rest is saved."""
    labels = {question["key"]: question["label"] for question in questions(schema)}
    parts = [
        _("“%(label)s”: %(error)s") % {"label": labels.get(key, key), "error": error} for key, error in errors.items()
    ]
    kept = (
        _("Your other answers are saved; this text is kept on this page and in this browser.")
        if others_saved
        else _("Your text is kept on this page and in this browser.")
    )
    return _("Not saved: %(problems)s %(kept)s") % {"problems": " ".join(parts), "kept": kept}


def _revision(request: AuthedRequest) -> int | None:
    """The revision the page was drawn at; None when a request sends none (not from the page)."""
    try:
        return int(request.POST["revision"])
    except (KeyError, ValueError):
        return None


def _toggle(request: AuthedRequest, public_id: UUID, worksheet_id: UUID, *, who: str) -> tuple[Access, Worksheet]:
    access, worksheet = _load(request, public_id, worksheet_id)
    if (who == "coach" and not access.is_coach) or (who == "executive" and not access.is_executive):
        raise PermissionDenied
    return access, worksheet


@login_required
@require_POST
def worksheet_allow_reopen(request: AuthedRequest, public_id: UUID, worksheet_id: UUID) -> HttpResponse:
    _access, worksheet = _toggle(request, public_id, worksheet_id, who="coach")
    allowed = request.POST.get("allowed") == "1"
    try:
        services.worksheet_allow_reopen(worksheet=worksheet, allowed=allowed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The executive may now reopen and change it.") if allowed else _("The worksheet stays as submitted."),
        )
    return redirect("worksheet_detail", public_id=public_id, worksheet_id=worksheet_id)


@login_required
@require_POST
def worksheet_reopen(request: AuthedRequest, public_id: UUID, worksheet_id: UUID) -> HttpResponse:
    _access, worksheet = _toggle(request, public_id, worksheet_id, who="executive")
    try:
        services.worksheet_reopen(worksheet=worksheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reopened: change your answers, then submit again."))
    return redirect("worksheet_detail", public_id=public_id, worksheet_id=worksheet_id)


@login_required
@require_POST
def worksheet_share(request: AuthedRequest, public_id: UUID, worksheet_id: UUID) -> HttpResponse:
    _access, worksheet = _toggle(request, public_id, worksheet_id, who="executive")
    shared = request.POST.get("shared") == "1"
    try:
        services.worksheet_share(worksheet=worksheet, shared=shared)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Shared with the sponsor.") if shared else _("No longer shared: the sponsor cannot see it any more."),
        )
    return redirect("worksheet_detail", public_id=public_id, worksheet_id=worksheet_id)


@login_required
def worksheet_pdf(request: AuthedRequest, public_id: UUID, worksheet_id: UUID) -> HttpResponse:
    access, worksheet = _load(request, public_id, worksheet_id)
    context = {
        "title": str(worksheet),
        "engagement": access.engagement,
        "worksheet": worksheet,
        "sections": layout(worksheet.schema, worksheet.answers),
        "blank": False,
    }
    return pdf_response(request, "worksheets/worksheet_pdf.html", context, f"{slugify(str(worksheet))}.pdf")


@login_required
def template_list(request: AuthedRequest) -> HttpResponse:
    if not may_manage_organisations(request.user):
        raise Http404
    templates = WorksheetTemplate.objects.prefetch_related("versions")
    return render(request, "worksheets/template_list.html", {"templates": templates})


def _template(request: AuthedRequest, template_id: UUID) -> WorksheetTemplate:
    if not may_manage_organisations(request.user):
        raise Http404
    return get_object_or_404(WorksheetTemplate, public_id=template_id)


@login_required
def template_pdf(request: AuthedRequest, template_id: UUID) -> HttpResponse:
    """A blank worksheet, for coaches who work on paper."""
    template = _template(request, template_id)
    version = template.versions.order_by("-number").first()
    if version is None:
        raise Http404
    context = {"title": template.name, "template": template, "sections": layout(version.schema, {}), "blank": True}
    return pdf_response(request, "worksheets/worksheet_pdf.html", context, f"{template.slug}-blank.pdf")


@login_required
@require_POST
def template_copy(request: AuthedRequest, template_id: UUID) -> HttpResponse:
    template = _template(request, template_id)
    form = OneTimeTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["token"]))
        return redirect("template_list")
    try:
        copy = services.template_copy(template=template, user=request.user, token=form.cleaned_data["token"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("template_list")
    messages.success(
        request, _("Copied as “%(name)s”. Edit the copy; the original stays as it is.") % {"name": copy.name}
    )
    return redirect("template_list")


@login_required
def template_edit(request: AuthedRequest, template_id: UUID) -> HttpResponse:
    template = _template(request, template_id)
    latest = template.versions.order_by("-number").first()
    if latest is None:
        raise Http404
    if template.is_builtin:
        messages.info(request, _("Built-in templates keep the seed's wording. Copy this one and edit the copy."))
        return redirect("template_list")
    initial = {"name": template.name, "description": template.description, "text": schema_to_text(latest.schema)}
    form = TemplateEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            schema = text_to_schema(form.cleaned_data["text"], latest.schema)
            version = services.template_update(
                template=template,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                schema=schema,
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            if version.number > latest.number:
                messages.success(
                    request,
                    _("Saved as version %(n)s. Worksheets already assigned keep the wording they began with.")
                    % {"n": version.number},
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("template_list")
    return render(
        request,
        "worksheets/template_edit.html",
        {"form": form, "template": template, "version": latest},
        status=400 if form.errors else 200,
    )


@login_required
def assessment_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.ASSESSMENT)
    assessment = Assessment.objects.filter(engagement=access.engagement).first()
    # Private notes are their author's alone: a coach who took the engagement over writes their own.
    note = AssessmentNote.objects.filter(assessment=assessment, author=request.user).first() if assessment else None
    initial = {
        "revision": assessment.revision if assessment else 0,
        "notes_revision": note.revision if note else 0,
        "private_notes": note.text if note else "",
    }
    if assessment:
        initial.update({name: getattr(assessment, name) for name in services.ASSESSMENT_FIELDS})
    form = AssessmentForm(request.POST or None, initial=initial)
    status = 200
    saved = saved_notes = None  # the version saved meanwhile, after a stale edit
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.ASSESSMENT_FIELDS}
            try:
                services.assessment_save(
                    engagement=access.engagement,
                    author=request.user,
                    revision=form.cleaned_data["revision"],
                    values=values,
                    notes=form.cleaned_data["private_notes"],
                    notes_revision=form.cleaned_data["notes_revision"] or 0,
                )
            except StaleEdit as error:
                if isinstance(error.current, AssessmentNote):  # nothing was saved: the assessment's revision holds
                    revision = str(form.cleaned_data["revision"])
                    form = form_after_stale_edit(
                        form, error, revision=revision, notes_revision=str(error.current.revision)
                    )
                    saved_notes = error.current
                else:
                    form = form_after_stale_edit(form, error)
                    saved = error.current
                status = 409
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Assessment saved."))
                return redirect("worksheet_list", public_id=public_id)
        else:
            status = 400
    return render(
        request,
        "worksheets/assessment_edit.html",
        {"form": form, "engagement": access.engagement, "saved": saved, "saved_notes": saved_notes},
        status=status,
    )
