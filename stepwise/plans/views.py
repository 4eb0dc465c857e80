from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.forms import add_errors
from stepwise.lib.http import AuthedRequest
from stepwise.lib.pdf import pdf_response

from . import services
from .forms import (
    BaseRowFormSet,
    DecisionForm,
    GoalCreateForm,
    GoalForm,
    ReadingForm,
    action_formset,
    lines,
    measure_formset,
)
from .models import SHIFT_ANSWERS_ASKED, SHIFTS, Goal, Measure, Reading
from .selectors import (
    actions_view,
    changes_since_decision,
    goal_visible,
    goals_visible,
    measure_chart,
    measure_progress,
    value_choices,
)
from .smart import smart_check


def approval_asked(access: Access) -> bool:
    """Whether the agreement in force asks the sponsor to approve each goal."""
    return access.sponsor_may_see("sponsor_approves_goals")


def _goal_card(access: Access, goal: Goal, today: Any) -> dict[str, Any]:
    """What the plan page and the PDF show of one goal (from prefetched rows: no queries)."""
    ends_on = access.engagement.end_date
    measures = list(goal.measures.all())
    return {
        "goal": goal,
        "actions": actions_view(goal, ends_on=ends_on, today=today),
        "measures": [_measure_card(m) for m in measures],
        "shifts": [(label, goal.shift_answers(key)) for key, label in SHIFTS],
        "changes": changes_since_decision(goal) if goal.approval == Goal.Approval.PENDING else [],
    }


def _measure_card(measure: Measure) -> dict[str, Any]:
    readings = list(measure.readings.all())
    return {
        "measure": measure,
        "chart": measure_chart(measure),
        "progress": measure_progress(measure),
        "readings": readings,
        "latest": readings[-1] if readings else None,
    }


def _plan_context(access: Access) -> dict[str, Any]:
    today = timezone.localdate()
    goals = list(goals_visible(access))
    cards = [_goal_card(access, goal, today) for goal in goals]
    actions = [a for card in cards for a in card["actions"]]
    return {
        "access": access,
        "engagement": access.engagement,
        "cards": cards,
        "sees_plan": access.can_read(Part.PLAN),
        "sees_progress": access.can_read(Part.PROGRESS),
        "writes": access.can_write(Part.GOALS),
        "overdue_count": sum(1 for a in actions if a.overdue),
        "done_count": sum(1 for a in actions if a.action.status == "done"),
        "action_count": len(actions),
        "today": today,
    }


@login_required
def plan_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    return render(request, "plans/plan_detail.html", _plan_context(access))


@login_required
def plan_pdf(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    context = _plan_context(access)
    context["title"] = _("Development plan")
    return pdf_response(request, "plans/plan_pdf.html", context, f"{slugify(str(access.engagement))}-plan.pdf")


@login_required
def goal_create(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.GOALS)
    form = GoalCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(
                engagement=access.engagement, title=form.cleaned_data["title"], token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Goal added. Now take it through the deep dive below."))
            return redirect("goal_detail", public_id=public_id, goal_id=goal.public_id)
    title = form["title"].value() or ""
    return render(
        request,
        "plans/goal_create.html",
        {
            "access": access,
            "engagement": access.engagement,
            "form": form,
            "findings": smart_check(str(title), ends_on=access.engagement.end_date, today=timezone.localdate())
            if title
            else [],
        },
        status=400 if form.errors else 200,
    )


def _formsets(goal: Goal, data: Any = None) -> tuple[BaseRowFormSet, BaseRowFormSet]:
    return action_formset(list(goal.actions.all()), data), measure_formset(list(goal.measures.all()), data)


@login_required
def goal_detail(request: AuthedRequest, public_id: UUID, goal_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    goal = goal_visible(access, goal_id)
    if not access.can_write(Part.GOALS):
        return _goal_for_sponsor(request, access, goal)
    status = 200
    saved: Goal | None = None  # the other person's version, after a conflict
    choices = value_choices(access)
    if request.method == "POST":
        form = GoalForm(request.POST, value_choices=choices, kept_values=goal.values)
        action_set, measure_set = _formsets(goal, request.POST)
        if form.is_valid() and action_set.is_valid() and measure_set.is_valid():
            try:
                services.goal_save(
                    goal=goal,
                    revision=form.cleaned_data["revision"],
                    values=form.goal_values(),
                    actions=action_set.rows(),
                    measures=measure_set.rows(),
                    user=request.user,
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "conflict":
                    status = 409
                    saved = goal_visible(access, goal_id)
                    data = request.POST.copy()
                    data["revision"] = str(saved.revision)  # saving again, after comparing, is allowed
                    form = GoalForm(data, value_choices=choices, kept_values=[*goal.values, *saved.values])
                    form.is_valid()
                    form.add_error(None, error)
                else:
                    add_errors(form, error)
                    status = 400
            else:
                if request.POST.get("action") == "ask":
                    _ask_approval(request, goal)
                else:
                    messages.success(request, _("Goal saved."))
                return redirect("goal_detail", public_id=public_id, goal_id=goal_id)
        else:
            status = 400
    else:
        form = GoalForm(initial=GoalForm.initial_for(goal), value_choices=choices, kept_values=goal.values)
        action_set, measure_set = _formsets(goal)
    today = timezone.localdate()
    card = _goal_card(access, goal, today)
    warnings = {row.action.public_id: row.warning for row in card["actions"]}
    title = form["title"].value() or ""
    measured_how = form["measured_how"].value() or ""
    return render(
        request,
        "plans/goal_detail.html",
        {
            "access": access,
            "engagement": access.engagement,
            "goal": goal,
            "card": card,
            "form": form,
            "action_rows": [(f, warnings.get(f.initial.get("id"), "")) for f in action_set.forms],
            "action_set": action_set,
            "measure_set": measure_set,
            "shift_rows": [(field, _count(field.value())) for field in form.shift_fields()],
            "findings": smart_check(
                str(title),
                measured_how=str(measured_how),
                has_measures=bool(card["measures"]),
                today=today,
                ends_on=access.engagement.end_date,
            ),
            "shift_asked": SHIFT_ANSWERS_ASKED,
            "approval_asked": approval_asked(access),
            "saved": saved,
            "decisions": list(goal.decisions.select_related("sponsor")),
        },
        status=status,
    )


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else len(lines(str(value or "")))


def _goal_for_sponsor(request: AuthedRequest, access: Access, goal: Goal) -> HttpResponse:
    form = DecisionForm(request.POST or None, initial={"revision": goal.revision})
    may_decide = access.can_write(Part.GOAL_APPROVAL) and goal.approval == Goal.Approval.PENDING
    status = 200
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied(_("This goal is not waiting for your decision."))
        if form.is_valid():
            try:
                services.goal_decide(
                    goal=goal,
                    sponsor=request.user,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                    revision=form.cleaned_data["revision"],
                )
            except ValidationError as error:
                status = 409
                goal = goal_visible(access, goal.public_id)
                data = request.POST.copy()
                data["revision"] = str(goal.revision)  # deciding again, on what they now read, is allowed
                form = DecisionForm(data)
                form.is_valid()
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Your decision is recorded; the executive and the coach have been told by mail.")
                )
                return redirect("plan_detail", public_id=access.engagement.public_id)
        else:
            status = 400
    return render(
        request,
        "plans/goal_sponsor.html",
        {
            "access": access,
            "engagement": access.engagement,
            "card": _goal_card(access, goal, timezone.localdate()),
            "goal": goal,
            "form": form if may_decide else None,
            "sees_progress": access.can_read(Part.PROGRESS),
            "decisions": list(goal.decisions.select_related("sponsor")),
        },
        status=status,
    )


@login_required
@require_POST
def smart_check_view(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The SMART check of the goal as typed, for the page to show beside it (htmx)."""
    access = engagement_access(request.user, public_id)
    access.require_write(Part.GOALS)
    findings = smart_check(
        request.POST.get("title", "")[:2000],
        measured_how=request.POST.get("measured_how", "")[:4000],
        has_measures=request.POST.get("has_measures") == "1",  # the goal page says whether it has saved ones
        today=timezone.localdate(),
        ends_on=access.engagement.end_date,
    )
    return render(request, "plans/_smart.html", {"findings": findings})


@login_required
@require_POST
def goal_autosave(request: AuthedRequest, public_id: UUID, goal_id: UUID) -> HttpResponse:
    """Save the goal page as it is typed. The goal's own answers are saved whenever they are valid;
    key actions and measures with them when their rows are valid too. Anything refused is named,
    and the page keeps it; a save made elsewhere meanwhile is a 409, never overwritten."""
    access = engagement_access(request.user, public_id)
    access.require_write(Part.GOALS)
    goal = goal_visible(access, goal_id)
    form = GoalForm(request.POST, value_choices=value_choices(access), kept_values=goal.values)
    action_set, measure_set = _formsets(goal, request.POST)
    if not form.is_valid():
        return _autosave_refused(form, _form_errors(form), revision=goal.revision, others_saved=False)
    rows_valid = action_set.is_valid() and measure_set.is_valid()
    before = {a.public_id for a in goal.actions.all()} | {m.public_id for m in goal.measures.all()}
    try:
        goal = services.goal_save(
            goal=goal,
            revision=form.cleaned_data["revision"],
            values=form.goal_values(),
            actions=action_set.rows() if rows_valid else [],
            measures=measure_set.rows() if rows_valid else [],
            user=request.user,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "conflict":
            message = _(
                "Not saved: someone else saved this goal while you were editing it. Your text is kept on this "
                "page: press “Save the goal” to see both versions side by side."
            )
            return JsonResponse({"message": message}, status=409)
        add_errors(form, error)
        return _autosave_refused(form, _form_errors(form), revision=goal.revision, others_saved=False)
    if not rows_valid:
        errors: dict[str, str] = {}
        labels: dict[str, str] = {}
        for formset, legend in ((action_set, _("Action")), (measure_set, _("Measure"))):
            for number, row in enumerate(formset.forms, start=1):
                for name, messages_ in row.errors.items():
                    key = f"{row.prefix}-{name}"
                    errors[key] = " ".join(messages_)
                    labels[key] = f"{legend} {number}"
        return _autosave_refused(None, errors, revision=goal.revision, others_saved=True, labels=labels)
    saved_at = formats.time_format(timezone.localtime(goal.updated_at), "H:i:s")
    return JsonResponse(
        {
            "revision": goal.revision,
            "ids": _new_row_ids(goal, before, action_set, measure_set),
            "message": _("Saved at %(t)s") % {"t": saved_at},
        }
    )


def _form_errors(form: GoalForm) -> dict[str, str]:
    return {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}


def _autosave_refused(
    form: GoalForm | None,
    errors: dict[str, str],
    *,
    revision: int,
    others_saved: bool,
    labels: dict[str, str] | None = None,
) -> JsonResponse:
    """A 400 that names each refused answer, for the status line and beside each field."""
    labels = dict(labels or {})
    if form is not None:
        labels.update({name: str(form[name].label) for name in errors if name in form.fields})
    problems = " ".join(
        _("%(label)s: %(error)s") % {"label": labels[key], "error": error} if key in labels else error
        for key, error in errors.items()
    )
    kept = (
        _("The rest is saved; this text is kept on this page and in this browser.")
        if others_saved
        else _("Your text is kept on this page and in this browser.")
    )
    message = _("Not saved: %(problems)s %(kept)s") % {"problems": problems, "kept": kept}
    return JsonResponse({"errors": errors, "revision": revision, "message": message}, status=400)


def _new_row_ids(goal: Goal, before: set[UUID], *formsets: BaseRowFormSet) -> dict[str, str]:
    """The hidden id of each row the save just created, so the next autosave changes that row
    rather than adding it again. New rows were created in the order of the page."""
    created = [a.public_id for a in goal.actions.order_by("pk") if a.public_id not in before]
    created += [m.public_id for m in goal.measures.order_by("pk") if m.public_id not in before]
    new_rows = [
        form
        for formset in formsets
        for form in formset.forms
        if form.cleaned_data
        and not form.is_blank
        and not form.cleaned_data.get("id")
        and not form.cleaned_data.get("remove")
    ]
    return {f"{form.prefix}-id": str(public_id) for form, public_id in zip(new_rows, created, strict=False)}


def _ask_approval(request: AuthedRequest, goal: Goal) -> None:
    try:
        services.goal_ask_approval(goal=goal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent to the sponsor; you will hear by mail when they decide."))


@login_required
@require_POST
def goal_ask_approval(request: AuthedRequest, public_id: UUID, goal_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.GOALS)
    _ask_approval(request, goal_visible(access, goal_id))
    return redirect("goal_detail", public_id=public_id, goal_id=goal_id)


@login_required
@require_POST
def goal_delete(request: AuthedRequest, public_id: UUID, goal_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.GOALS)
    goal = goal_visible(access, goal_id)
    services.goal_delete(goal=goal)
    messages.success(request, _("The goal “%(title)s” was removed with its actions and measures.") % {"title": goal})
    return redirect("plan_detail", public_id=public_id)


def _measure(access: Access, measure_id: UUID) -> Measure:
    access.require_write(Part.PROGRESS)
    return get_object_or_404(
        Measure.objects.select_related("goal"), goal__engagement=access.engagement, public_id=measure_id
    )


@login_required
@require_POST
def reading_add(request: AuthedRequest, public_id: UUID, measure_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    measure = _measure(access, measure_id)
    form = ReadingForm(request.POST, measure=measure)
    if form.is_valid():
        try:
            services.reading_add(
                measure=measure,
                taken_on=form.cleaned_data["taken_on"],
                value=form.cleaned_data["value"],
                user=request.user,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        return render(
            request,
            "plans/reading_form.html",
            {"engagement": access.engagement, "measure": measure, "form": form},
            status=400,
        )
    messages.success(request, _("Reading recorded for “%(name)s”.") % {"name": measure.name})
    return redirect("goal_detail", public_id=public_id, goal_id=measure.goal.public_id)


@login_required
@require_POST
def reading_remove(request: AuthedRequest, public_id: UUID, reading_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.PROGRESS)
    reading = get_object_or_404(
        Reading.objects.select_related("measure__goal"),
        measure__goal__engagement=access.engagement,
        public_id=reading_id,
    )
    services.reading_remove(reading=reading)
    messages.success(request, _("Reading removed."))
    return redirect("goal_detail", public_id=public_id, goal_id=reading.measure.goal.public_id)
