"""Pages of the practice steps 7–9: the pulse, the development list, the follow-ups.

The executive writes each of them, the coach reads them (``Part.PULSE``,
``Part.DEVELOPMENT_LIST``, ``Part.PARTICIPATION``); nobody else reaches them.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.forms import add_errors, form_after_stale_edit
from stepwise.lib.http import AuthedRequest
from stepwise.lib.revisions import StaleEdit
from stepwise.plans.models import Goal

from . import practice, pulse
from .models import DevelopmentItem, FollowUp, ItemKind, Questionnaire, Rater, Round, RoundItem
from .practice_forms import DeleteForm, DevelopmentItemForm, FollowUpForm, PulseForm

# --- step 8: the development list ----------------------------------------------------------


def _goals(access: Access) -> QuerySet[Goal]:
    return Goal.objects.filter(engagement=access.engagement).order_by("position", "created_at")


def _source_items(rounds: list[Round]) -> QuerySet[RoundItem]:
    return RoundItem.objects.filter(round__in=rounds, kind=ItemKind.SCALE).order_by("round", "position")


def _development_context(
    access: Access, form: DevelopmentItemForm | None, rounds: list[Round] | None = None
) -> dict[str, Any]:
    """The list page; for the executive, ``rounds`` with a released report give the suggestions."""
    return {
        "access": access,
        "engagement": access.engagement,
        "items": practice.development_items(access.engagement),
        "form": form,
        "writes": access.can_write(Part.DEVELOPMENT_LIST),
        "suggested": [(r, practice.suggestions(r)) for r in rounds or []],
        "has_goals": form is not None and form.fields["goal"].queryset.exists(),  # type: ignore[attr-defined]
    }


@login_required
def development_list(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.DEVELOPMENT_LIST)
    if request.method == "POST":
        access.require_write(Part.DEVELOPMENT_LIST)
    if not access.can_write(Part.DEVELOPMENT_LIST):
        return render(request, "feedback/development_list.html", _development_context(access, None))
    rounds = practice.rounds_with_report(access.engagement)
    form = DevelopmentItemForm(
        request.POST or None,
        goals=_goals(access),
        items=_source_items(rounds),
        initial={"item": request.GET.get("item"), "text": request.GET.get("text", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice.development_item_create(
                engagement=access.engagement,
                text=data["text"],
                goal=data["goal"],
                item=data.get("item"),
                as_key_action=data["as_key_action"],
                target_date=data["target_date"],
                owner=request.user.full_name,
                token=data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Added to your development list."))
            return redirect("development_list", public_id=public_id)
    status = 400 if form.errors else 200
    context = _development_context(access, form, rounds)
    return render(request, "feedback/development_list.html", context, status=status)


@login_required
def development_item(request: AuthedRequest, public_id: UUID, item_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.DEVELOPMENT_LIST)
    item = get_object_or_404(
        DevelopmentItem.objects.select_related("goal", "key_action", "item", "engagement"),
        engagement=access.engagement,
        public_id=item_id,
    )
    if request.method == "POST":
        access.require_write(Part.DEVELOPMENT_LIST)
        if request.POST.get("action") == "delete":
            return _development_item_delete(request, access, item)
    initial = {"text": item.text, "goal": item.goal, "revision": item.revision}
    form = DevelopmentItemForm(request.POST or None, goals=_goals(access), initial=initial)
    status, saved = 200, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice.development_item_save(
                item=item,
                revision=data["revision"] or 0,
                text=data["text"],
                goal=data["goal"],
                as_key_action=data["as_key_action"],
                target_date=data["target_date"],
                owner=request.user.full_name,
            )
        except StaleEdit as stale:
            form, saved, status = form_after_stale_edit(form, stale), stale.current, 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Development item saved."))
            return redirect("development_list", public_id=public_id)
    if form.errors and status == 200:
        status = 400
    return _development_item_page(request, access, item, form, DeleteForm(), saved, status)


def _development_item_delete(request: AuthedRequest, access: Access, item: DevelopmentItem) -> HttpResponse:
    confirm = DeleteForm(request.POST)
    if not confirm.is_valid():
        form = DevelopmentItemForm(
            goals=_goals(access), initial={"text": item.text, "goal": item.goal, "revision": item.revision}
        )
        return _development_item_page(request, access, item, form, confirm, None, 400)
    practice.development_item_delete(item=item)
    messages.success(request, _("The item was taken off your development list."))
    return redirect("development_list", public_id=access.engagement.public_id)


def _development_item_page(
    request: AuthedRequest,
    access: Access,
    item: DevelopmentItem,
    form: DevelopmentItemForm,
    delete_form: DeleteForm,
    saved: DevelopmentItem | None,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "feedback/development_item.html",
        {
            "access": access,
            "engagement": access.engagement,
            "item": item,
            "form": form,
            "delete_form": delete_form,
            "saved": saved,
            "writes": access.can_write(Part.DEVELOPMENT_LIST),
        },
        status=status,
    )


# --- step 9: the follow-ups -----------------------------------------------------------------


def _round(access: Access, round_id: UUID) -> Round:
    return get_object_or_404(
        Round, engagement=access.engagement, kind=Questionnaire.Kind.FEEDBACK_360, public_id=round_id
    )


@login_required
@require_GET
def follow_up_list(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.PARTICIPATION)
    round = _round(access, round_id)
    closed = round.status == Round.Status.CLOSED
    people = practice.participants(round) if closed else []
    met = sum(1 for rater in people if getattr(rater, "follow_up", None) and rater.follow_up.met_on)
    return render(
        request,
        "feedback/follow_up_list.html",
        {
            "access": access,
            "engagement": access.engagement,
            "round": round,
            "closed": closed,
            "people": people,
            "met": met,
            "writes": access.can_write(Part.PARTICIPATION),
        },
    )


@login_required
def follow_up_edit(request: AuthedRequest, public_id: UUID, round_id: UUID, rater_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.PARTICIPATION)
    round = _round(access, round_id)
    rater = get_object_or_404(
        Rater.objects.select_related("stakeholder", "round"),
        round=round,
        public_id=rater_id,
        answer=Rater.Answer.SUBMITTED,
        round__status=Round.Status.CLOSED,
    )
    follow_up = FollowUp.objects.filter(rater=rater).first()
    if request.method == "POST":
        access.require_write(Part.PARTICIPATION)
    initial: dict[str, Any] = {"revision": 0, "thanked": True, "met_on": timezone.localdate()}
    if follow_up is not None:
        initial = {name: getattr(follow_up, name) for name in ("met_on", "thanked", "shared", "actions", "revision")}
    form = FollowUpForm(request.POST or None, initial=initial)
    status, saved = 200, None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = practice.FollowUpValues(
            met_on=data["met_on"], thanked=data["thanked"], shared=data["shared"], actions=data["actions"]
        )
        try:
            practice.follow_up_save(rater=rater, revision=data["revision"], values=values, today=timezone.localdate())
        except StaleEdit as stale:
            form, saved, status = form_after_stale_edit(form, stale), stale.current, 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your follow-up with %(name)s is recorded.") % {"name": rater.stakeholder.name})
            return redirect("follow_up_list", public_id=public_id, round_id=round_id)
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "feedback/follow_up_edit.html",
        {
            "access": access,
            "engagement": access.engagement,
            "round": round,
            "rater": rater,
            "follow_up": follow_up,
            "form": form,
            "saved": saved,
            "writes": access.can_write(Part.PARTICIPATION),
        },
        status=status,
    )


# --- step 7: the pulse ----------------------------------------------------------------------


@login_required
def pulse_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.PULSE)
    engagement = access.engagement
    series = pulse.pulse_series(engagement)
    candidates = engagement.stakeholders.filter(relationship__in=pulse.ASKED).order_by("relationship", "name")
    if request.method == "POST":
        access.require_write(Part.PULSE)
    initial: dict[str, Any] = {"revision": 0, "every_days": 30, "active": True, "next_send_on": timezone.localdate()}
    if series is not None:
        initial = {
            "revision": series.revision,
            "every_days": series.every_days,
            "active": series.active,
            "next_send_on": series.next_send_on,
            "stakeholders": list(series.stakeholders.all()),
        }
    form = PulseForm(request.POST or None, stakeholders=candidates, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pulse.pulse_series_save(
                engagement=engagement,
                stakeholders=list(data["stakeholders"]),
                every_days=data["every_days"],
                next_send_on=data["next_send_on"],
                active=data["active"],
                revision=data["revision"],
                today=timezone.localdate(),
            )
        except StaleEdit as stale:
            form, status = form_after_stale_edit(form, stale), 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your pulse is saved."))
            return redirect("pulse_detail", public_id=public_id)
    if form.errors and status == 200:
        status = 400
    sendings = pulse.pulse_sendings(engagement)
    return render(
        request,
        "feedback/pulse_detail.html",
        {
            "access": access,
            "engagement": engagement,
            "series": series,
            "form": form,
            "writes": access.can_write(Part.PULSE),
            "has_candidates": bool(form.fields["stakeholders"].queryset),  # type: ignore[attr-defined]
            "sendings": list(reversed(sendings)),
            "chart": pulse.pulse_chart(sendings),
            "questions": pulse.QUESTIONS,
            "window_days": pulse.WINDOW_DAYS,
        },
        status=status,
    )
