"""Pages of the sustain plan, the close and retention (lane "close")."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.engagements.middleware import answers_closed_itself, writable_when_closed
from stepwise.lib.forms import add_errors, form_after_stale_edit, form_status
from stepwise.lib.http import AuthedRequest
from stepwise.lib.revisions import StaleEdit
from stepwise.plans.models import Goal

from . import closing, retention, sustain
from .models import RetentionRecord, SustainChange, SustainCheckIn, SustainPlan
from .selectors import goals_declining
from .sustain_forms import ChangeForm, CheckInAddForm, CloseForm, KeepDoingForm, RetentionForm


def _plan_page(
    request: AuthedRequest,
    access: Access,
    *,
    keep_form: KeepDoingForm | None = None,
    checkin_form: CheckInAddForm | None = None,
    change_forms: dict[int, ChangeForm] | None = None,
    saved: SustainPlan | None = None,
    status: int = 200,
) -> HttpResponse:
    engagement = access.engagement
    plan = sustain.sustain_plan_of(engagement)
    if keep_form is None:
        keep_form = KeepDoingForm(
            initial={"revision": plan.revision if plan else 0, "keep_doing": plan.keep_doing if plan else ""}
        )
    changes = {c.goal_id: c for c in SustainChange.objects.filter(plan=plan)} if plan else {}
    declining = []
    for goal in goals_declining(engagement=engagement):  # their interval wholly below zero
        change = changes.get(goal.pk)
        form = (change_forms or {}).get(goal.pk) or ChangeForm(
            initial={"revision": change.revision if change else 0, "answer": change.answer if change else ""}
        )
        declining.append((goal, change, form))
    return render(
        request,
        "outcomes/sustain_plan.html",
        {
            "access": access,
            "engagement": engagement,
            "plan": plan,
            "checkins": list(plan.checkins.all()) if plan else [],
            "keep_form": keep_form,
            "checkin_form": checkin_form or CheckInAddForm(),
            "declining": declining,
            "remeasurements": sustain.remeasurement_dates(engagement),
            "retention_ends_on": retention.retention_ends_on(engagement),
            "writes": access.can_write(Part.SUSTAIN) and not sustain.sustain_removed(engagement),
            "saved": saved,  # the version saved meanwhile, after a stale edit
        },
        status=status,
    )


def _require_plan_write(access: Access) -> None:
    """The sustain plan's writes: the policy's, and none once retention removed the plan."""
    access.require_write(Part.SUSTAIN)
    if sustain.sustain_removed(access.engagement):
        raise PermissionDenied(
            _(
                "The practice removed this engagement's coaching content at the end of its retention; "
                "the plan is closed."
            )
        )


@login_required
@writable_when_closed(Part.SUSTAIN)
def sustain_plan(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.SUSTAIN)
    if request.method != "POST":
        return _plan_page(request, access)
    _require_plan_write(access)
    form = KeepDoingForm(request.POST)
    saved = None
    if form.is_valid():
        try:
            sustain.sustain_plan_save(
                engagement=access.engagement,
                keep_doing=form.cleaned_data["keep_doing"],
                revision=form.cleaned_data["revision"],
            )
        except StaleEdit as error:
            form, saved = form_after_stale_edit(form, error), error.current
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Sustain plan saved."))
            return redirect("sustain_plan", public_id=public_id)
    return _plan_page(request, access, keep_form=form, saved=saved, status=409 if saved else form_status(form))


@login_required
@require_POST
@writable_when_closed(Part.SUSTAIN)
def sustain_checkin_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    _require_plan_write(access)
    form = CheckInAddForm(request.POST)
    if form.is_valid():
        try:
            checkin = sustain.sustain_checkin_add(
                engagement=access.engagement,
                due_on=form.cleaned_data["due_on"],
                focus=form.cleaned_data["focus"],
                token=form.cleaned_data["token"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Check-in added: you and the coach are reminded by mail on %(date)s.")
                % {"date": checkin.due_on.strftime("%d %b %Y")},
            )
            return redirect("sustain_plan", public_id=public_id)
    return _plan_page(request, access, checkin_form=form, status=400)


@login_required
@require_POST
@writable_when_closed(Part.SUSTAIN)
def sustain_checkin_remove(request: AuthedRequest, public_id: UUID, checkin_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    _require_plan_write(access)
    checkin = get_object_or_404(SustainCheckIn, plan__engagement=access.engagement, public_id=checkin_id)
    sustain.sustain_checkin_remove(checkin=checkin)
    messages.success(request, _("Check-in removed."))
    return redirect("sustain_plan", public_id=public_id)


@login_required
@require_POST
@writable_when_closed(Part.SUSTAIN)
def sustain_change(request: AuthedRequest, public_id: UUID, goal_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    _require_plan_write(access)
    goal = get_object_or_404(Goal, engagement=access.engagement, public_id=goal_id)
    form = ChangeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            sustain.sustain_change_save(
                engagement=access.engagement,
                goal=goal,
                answer=form.cleaned_data["answer"],
                revision=form.cleaned_data["revision"],
            )
        except StaleEdit as error:
            form, status = form_after_stale_edit(form, error), 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("What changes for “%(goal)s” is saved.") % {"goal": goal.title})
            return redirect("sustain_plan", public_id=public_id)
    return _plan_page(request, access, change_forms={goal.pk: form}, status=status)


@login_required
@answers_closed_itself
def engagement_close(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.CLOSE)
    engagement = access.engagement
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and access.is_closed:  # the second of two tabs: say by whom and when
        form.full_clean()
        add_errors(form, closing.closed_already(engagement))
    elif request.method == "POST":
        access.require_write(Part.CLOSE)
        if form.is_valid():
            try:
                closing.engagement_close(engagement=engagement, by=request.user, today=timezone.localdate())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The engagement is closed. It is read-only now; the sustain plan stays open to you both."),
                )
                return redirect("engagement_detail", public_id=public_id)
    return render(
        request,
        "outcomes/close_confirm.html",
        {
            "access": access,
            "engagement": engagement,
            "form": form,
            "open_rounds": closing.open_360_rounds(engagement),
            "retention_days": retention.retention_days(),
            "closed": access.is_closed and request.method != "POST",
        },
        status=form_status(form),
    )


@login_required
def retention_overview(request: AuthedRequest) -> HttpResponse:
    """The practice admin's page: the retention setting, what is due, and what was done."""
    if not request.user.is_practice_admin:
        raise Http404
    setting = retention.retention_setting()
    form = RetentionForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": setting.revision, "retention_days": setting.retention_days},
    )
    saved = None  # the setting saved meanwhile, after a stale edit
    if request.method == "POST" and form.is_valid():
        try:
            retention.retention_setting_save(
                retention_days=form.cleaned_data["retention_days"], revision=form.cleaned_data["revision"]
            )
        except StaleEdit as error:
            form, saved = form_after_stale_edit(form, error), error.current
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Retention saved: it applies to every closed engagement."))
            return redirect("retention_overview")
    today = timezone.localdate()
    return render(
        request,
        "outcomes/retention_overview.html",
        {
            "form": form,
            "saved": saved,
            "today": today,
            "due": retention.retention_due(today=today),
            "records": RetentionRecord.objects.select_related("engagement__organisation")[:50],
        },
        status=409 if saved else form_status(form),
    )
