"""The ROI pages: the arithmetic for everyone who reads it, and the forms for benefits, estimates
and costs. Create forms claim a one-time token; edit forms carry the revision (409 on a stale edit)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.forms import add_errors, form_after_stale_edit, form_status
from stepwise.lib.http import AuthedRequest
from stepwise.lib.revisions import StaleEdit
from stepwise.plans.models import Measure

from . import roi_services as services
from .models import Benefit, Cost, Estimate
from .roi import RULES
from .roi_forms import BenefitForm, CostForm, EstimateForm


def _benefit(access: Access, benefit_id: UUID) -> Benefit:
    access.require_read(Part.ROI)
    return get_object_or_404(Benefit, engagement=access.engagement, public_id=benefit_id)


def _measures(access: Access) -> Any:
    return Measure.objects.filter(goal__engagement=access.engagement).order_by("goal__position", "created_at")


def _saved(form: Any, error: StaleEdit) -> Any:
    return form_after_stale_edit(form, error)


@login_required
def roi_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.ROI)
    roi = services.roi_read(access.engagement)
    estimators = services.estimators_for(access)
    for benefit in roi.benefits:  # whose estimate this person may still add to each benefit
        done = {estimate.estimator for estimate in benefit.estimates.all()}
        benefit.open_estimators = [e for e in estimators if e not in done]  # type: ignore[attr-defined]
    return render(
        request,
        "outcomes/roi_detail.html",
        {
            "access": access,
            "engagement": access.engagement,
            "roi": roi,
            "rules": RULES,
            "writes": access.can_write(Part.ROI),
            "estimators": estimators,
            "sees_goals": access.can_read(Part.GOALS),
        },
    )


@login_required
def roi_benefit_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.ROI)
    form = BenefitForm(request.POST or None, measures=_measures(access))
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_save(
                engagement=access.engagement,
                token=form.cleaned_data["token"],
                **{k: form.cleaned_data[k] for k in ("description", "measure", "intangible")},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Benefit added."))
            return redirect("roi_detail", public_id=public_id)
    context = {"engagement": access.engagement, "form": form, "benefit": None}
    return render(request, "outcomes/roi_benefit_form.html", context, status=form_status(form))


@login_required
def roi_benefit_edit(request: AuthedRequest, public_id: UUID, benefit_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    benefit = _benefit(access, benefit_id)  # an unknown one is a 404, even for those who only read
    access.require_write(Part.ROI)
    form = BenefitForm(
        request.POST or None,
        measures=_measures(access),
        initial=BenefitForm.initial_of(benefit),
        revision=benefit.revision,
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            services.benefit_save(
                engagement=access.engagement,
                benefit=benefit,
                revision=form.cleaned_data["revision"],
                **{k: form.cleaned_data[k] for k in ("description", "measure", "intangible")},
            )
        except StaleEdit as error:
            saved, form = error.current, _saved(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Benefit saved."))
            return redirect("roi_detail", public_id=public_id)
    context = {"engagement": access.engagement, "form": form, "benefit": benefit, "saved": saved}
    return render(request, "outcomes/roi_benefit_form.html", context, status=409 if saved else form_status(form))


@login_required
@require_POST
def roi_benefit_remove(request: AuthedRequest, public_id: UUID, benefit_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    benefit = _benefit(access, benefit_id)  # an unknown one is a 404, even for those who only read
    access.require_write(Part.ROI)
    services.benefit_remove(benefit=benefit)
    messages.success(request, _("“%(benefit)s” was removed, with its estimates.") % {"benefit": benefit})
    return redirect("roi_detail", public_id=public_id)


@login_required
def roi_estimate_add(request: AuthedRequest, public_id: UUID, benefit_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    benefit = _benefit(access, benefit_id)
    access.require_write(Part.ROI_ESTIMATES)
    done = {e.estimator for e in benefit.estimates.all()}
    estimators = [e for e in services.estimators_for(access) if e not in done] or services.estimators_for(access)
    form = EstimateForm(request.POST or None, estimators=estimators, choose=access.is_coach)
    if request.method == "POST" and form.is_valid():
        try:
            services.estimate_save(
                benefit=benefit,
                estimator=form.chosen_estimator(),
                entered_by=request.user,
                token=form.cleaned_data["token"],
                **form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Estimate added."))
            return redirect("roi_detail", public_id=public_id)
    context = {"engagement": access.engagement, "form": form, "benefit": benefit, "estimate": None}
    return render(request, "outcomes/roi_estimate_form.html", context, status=form_status(form))


def _estimate(access: Access, estimate_id: UUID) -> Estimate:
    access.require_read(Part.ROI_ESTIMATES)
    estimate = get_object_or_404(
        Estimate.objects.select_related("benefit"), benefit__engagement=access.engagement, public_id=estimate_id
    )
    services.require_estimator(access, estimate.estimator)
    return estimate


@login_required
def roi_estimate_edit(request: AuthedRequest, public_id: UUID, estimate_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    estimate = _estimate(access, estimate_id)
    form = EstimateForm(
        request.POST or None,
        estimators=[estimate.estimator],
        choose=False,
        initial=EstimateForm.initial_of(estimate),
        revision=estimate.revision,
    )
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            services.estimate_save(
                benefit=estimate.benefit,
                estimator=estimate.estimator,
                entered_by=request.user,
                estimate=estimate,
                revision=form.cleaned_data["revision"],
                **form.values(),
            )
        except StaleEdit as error:
            saved, form = error.current, _saved(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Estimate saved."))
            return redirect("roi_detail", public_id=public_id)
    context = {
        "engagement": access.engagement,
        "form": form,
        "benefit": estimate.benefit,
        "estimate": estimate,
        "saved": saved,
    }
    return render(request, "outcomes/roi_estimate_form.html", context, status=409 if saved else form_status(form))


@login_required
@require_POST
def roi_estimate_remove(request: AuthedRequest, public_id: UUID, estimate_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    estimate = _estimate(access, estimate_id)
    services.estimate_remove(estimate=estimate)
    messages.success(request, _("The estimate was removed."))
    return redirect("roi_detail", public_id=public_id)


@login_required
def roi_cost_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.ROI)
    form = CostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_save(engagement=access.engagement, token=form.cleaned_data["token"], **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Cost added."))
            return redirect("roi_detail", public_id=public_id)
    context = {"engagement": access.engagement, "form": form, "cost": None}
    return render(request, "outcomes/roi_cost_form.html", context, status=form_status(form))


@login_required
def roi_cost_edit(request: AuthedRequest, public_id: UUID, cost_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.ROI)
    cost = get_object_or_404(Cost, engagement=access.engagement, public_id=cost_id)
    access.require_write(Part.ROI)
    form = CostForm(request.POST or None, initial=CostForm.initial_of(cost), revision=cost.revision)
    saved = None
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_save(
                engagement=access.engagement, cost=cost, revision=form.cleaned_data["revision"], **form.values()
            )
        except StaleEdit as error:
            saved, form = error.current, _saved(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Cost saved."))
            return redirect("roi_detail", public_id=public_id)
    context = {"engagement": access.engagement, "form": form, "cost": cost, "saved": saved}
    return render(request, "outcomes/roi_cost_form.html", context, status=409 if saved else form_status(form))


@login_required
@require_POST
def roi_cost_remove(request: AuthedRequest, public_id: UUID, cost_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.ROI)
    cost = get_object_or_404(Cost, engagement=access.engagement, public_id=cost_id)
    access.require_write(Part.ROI)
    services.cost_remove(cost=cost)
    messages.success(request, _("The cost was removed."))
    return redirect("roi_detail", public_id=public_id)
