"""The practice's questionnaire library: list, copy, read a built-in one, edit a copy.

Questionnaires are the practice's, like worksheet templates: every coach and the practice admin
manage them (``may_manage_organisations``); to anyone else the pages do not exist (404)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import may_manage_organisations
from stepwise.lib.forms import add_errors, form_after_stale_edit
from stepwise.lib.http import AuthedRequest
from stepwise.lib.once import OneTimeTokenForm
from stepwise.lib.revisions import StaleEdit

from . import questionnaires
from .models import Questionnaire
from .questionnaire_forms import QuestionnaireForm, item_formset


def _questionnaire(request: AuthedRequest, questionnaire_id: UUID) -> Questionnaire:
    if not may_manage_organisations(request.user):
        raise Http404
    return get_object_or_404(Questionnaire, public_id=questionnaire_id)


@login_required
def questionnaire_list(request: AuthedRequest) -> HttpResponse:
    if not may_manage_organisations(request.user):
        raise Http404
    listed = Questionnaire.objects.annotate(questions=Count("items")).order_by("-built_in", "kind", "title")
    return render(request, "feedback/questionnaire_list.html", {"questionnaires": listed})


@login_required
@require_POST
def questionnaire_copy(request: AuthedRequest, questionnaire_id: UUID) -> HttpResponse:
    questionnaire = _questionnaire(request, questionnaire_id)
    form = OneTimeTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors["token"]))
        return redirect("questionnaire_list")
    try:
        copy = questionnaires.questionnaire_copy(questionnaire=questionnaire, token=form.cleaned_data["token"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("questionnaire_list")
    messages.success(
        request, _("Copied as “%(title)s”. Change the copy here; the original stays as it is.") % {"title": copy}
    )
    return redirect("questionnaire_detail", questionnaire_id=copy.public_id)


@login_required
def questionnaire_detail(request: AuthedRequest, questionnaire_id: UUID) -> HttpResponse:
    """A built-in questionnaire to read (and copy); a copy to edit, with the stale-edit check."""
    questionnaire = _questionnaire(request, questionnaire_id)
    if questionnaire.built_in:
        if request.method == "POST":
            raise PermissionDenied(questionnaires.builtin_refused().messages[0])
        items = list(questionnaire.items.all())
        return render(request, "feedback/questionnaire_builtin.html", {"questionnaire": questionnaire, "items": items})
    initial = {
        "revision": questionnaire.revision,
        "title": questionnaire.title,
        "description": questionnaire.description,
    }
    data = request.POST if request.method == "POST" else None
    form = QuestionnaireForm(data, initial=initial)
    rows = item_formset(questionnaire, data)
    status, saved = 200, None
    if data is not None:
        status = 400
        if form.is_valid() and rows.is_valid():
            try:
                questionnaires.questionnaire_update(
                    questionnaire=questionnaire,
                    revision=form.cleaned_data["revision"],
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    items=rows.rows(),
                )
            except StaleEdit as error:
                form = form_after_stale_edit(form, error)
                saved = error.current
                status = 409
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved. Rounds already made keep the questions they began with."))
                return redirect("questionnaire_detail", questionnaire_id=questionnaire.public_id)
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "rows": rows,
        "saved": saved,
        "saved_items": list(saved.items.all()) if saved else [],
    }
    return render(request, "feedback/questionnaire_edit.html", context, status=status)
