"""The coach's and the executive's side of a 360 round: the rounds, the raters, opening and closing.

Both read rounds and nominate raters (``Part.ROUNDS``); making a round, approving the list,
opening, extending, closing and withdrawing a link already sent are the coach's.
"""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.forms import add_errors, form_status
from stepwise.lib.http import AuthedRequest
from stepwise.lib.revisions import StaleEdit

from . import answering, services
from .forms import ExtendForm, NewRaterForm, NominateForm, RevisionForm, RoundCreateForm
from .models import Questionnaire, Rater, Round
from .practice import follow_up_progress
from .progress import round_counts


def _access(request: AuthedRequest, public_id: UUID, *, write: bool = False, coach: bool = False) -> Access:
    access = engagement_access(request.user, public_id)
    if write or coach:
        access.require_write(Part.ROUNDS)
    else:
        access.require_read(Part.ROUNDS)
    if coach and not access.is_coach:
        raise PermissionDenied(_("Only the coach can do this."))
    return access


def _round(access: Access, round_id: UUID) -> Round:
    rounds = Round.objects.filter(engagement=access.engagement, kind=Questionnaire.Kind.FEEDBACK_360)
    return get_object_or_404(rounds.select_related("questionnaire", "raters_approved_by"), public_id=round_id)


def _goals(access: Access) -> Any:
    """The goals a round may ask about: those the sponsor approved where the agreement asks for
    their approval, else every goal of the engagement."""
    goals = access.engagement.goals.order_by("position", "created_at")
    if access.sponsor_may_see("sponsor_approves_goals"):
        goals = goals.filter(approval="approved")
    return goals


@login_required
def round_list(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = _access(request, public_id)
    rounds = Round.objects.filter(engagement=access.engagement, kind=Questionnaire.Kind.FEEDBACK_360).order_by(
        "-created_at"
    )
    return render(
        request, "feedback/round_list.html", {"access": access, "engagement": access.engagement, "rounds": rounds}
    )


@login_required
def round_create(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = _access(request, public_id, coach=True)
    goals = _goals(access)
    form = RoundCreateForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.round_create(
                engagement=access.engagement,
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                questionnaire=data["questionnaire"],
                goals=data["goals"],
                token=data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Round created. Next, the executive nominates the raters."))
            return redirect("round_detail", public_id=public_id, round_id=round.public_id)
    context = {"access": access, "engagement": access.engagement, "form": form, "has_goals": goals.exists()}
    return render(request, "feedback/round_create.html", context, status=form_status(form))


def _detail_context(access: Access, round: Round) -> dict[str, Any]:
    groups, total = round_counts(round)
    closed = round.status == Round.Status.CLOSED
    released = closed and round.report_versions.filter(released_at__isnull=False).exists()
    met, took_part = follow_up_progress(round) if closed else (0, 0)
    return {
        "report_readable": closed and (access.is_coach or released),
        "sponsor_approves": services.sponsor_approves_raters(access.engagement),
        "agreement_in_force": access.agreement_in_force is not None,
        "released": released,
        "follow_ups": {"met": met, "took_part": took_part},
        "access": access,
        "engagement": access.engagement,
        "round": round,
        "groups": groups,
        "total": total,
        "today": timezone.localdate(),
        "extend_form": ExtendForm(initial={"closes_on": round.closes_on, "revision": round.revision}),
    }


@login_required
def round_detail(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    access = _access(request, public_id)
    round = _round(access, round_id)
    return render(request, "feedback/round_detail.html", _detail_context(access, round))


@login_required
def round_raters(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    """The raters' list: nominate key stakeholders, or add a new one, into groups."""
    access = _access(request, public_id, write=request.method == "POST")
    round = _round(access, round_id)
    raters = list(round.raters.select_related("stakeholder").order_by("group", "stakeholder__name"))
    listed = {r.stakeholder_id for r in raters if r.status != Rater.Status.REVOKED}
    candidates = access.engagement.stakeholders.exclude(pk__in=listed).order_by("relationship", "name")
    nominate = NominateForm(stakeholders=candidates)
    new = NewRaterForm(prefix="new")
    status = 200
    if request.method == "POST":
        adding_new = request.POST.get("action") == "new"
        form: NominateForm | NewRaterForm
        form = (
            NewRaterForm(request.POST, prefix="new")
            if adding_new
            else NominateForm(request.POST, stakeholders=candidates)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                if isinstance(form, NewRaterForm):
                    services.rater_add_new(round=round, **data)
                else:
                    services.raters_nominate(round=round, stakeholders=list(data["stakeholders"]), group=data["group"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Added to the raters. The coach approves the list before the round opens."))
                return redirect("round_raters", public_id=public_id, round_id=round_id)
        status = 400
        if isinstance(form, NewRaterForm):
            new = form
        else:
            nominate = form
    context = {
        "access": access,
        "engagement": access.engagement,
        "round": round,
        "raters": raters,
        "groups": round_counts(round)[0],
        "nominate": nominate,
        "new": new,
        "has_candidates": candidates.exists(),
    }
    return render(request, "feedback/round_raters.html", context, status=status)


def _act(request: AuthedRequest, public_id: UUID, round_id: UUID, act: Any, done: str) -> HttpResponse:
    """A coach's button on the round page: run ``act(round, form)`` and go back to the page."""
    access = _access(request, public_id, coach=True)
    round = _round(access, round_id)
    form = RevisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This page is out of date. Reload it and try again."))
        return redirect("round_detail", public_id=public_id, round_id=round_id)
    try:
        act(round, form.cleaned_data["revision"])
    except StaleEdit as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "feedback/round_detail.html", _detail_context(access, round), status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "feedback/round_detail.html", _detail_context(access, round), status=400)
    messages.success(request, done)
    return redirect("round_detail", public_id=public_id, round_id=round_id)


@login_required
def round_approval(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    """The raters' list for whoever approves it: the sponsor, where the agreement in force gives
    them the approval (the coach reads it too). Names and groups only: never who answered."""
    access = engagement_access(request.user, public_id)
    if request.method == "POST":
        access.require_write(Part.RATER_APPROVAL)
    else:
        access.require_read(Part.RATER_APPROVAL)
    round = _round(access, round_id)
    sponsor_approves = services.sponsor_approves_raters(access.engagement)
    may_approve = access.is_sponsor if sponsor_approves else access.is_coach
    status = 200
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if not may_approve:
            raise PermissionDenied(_("The agreement gives the approval of the raters to someone else."))
        if form.is_valid():
            try:
                services.raters_approve(round=round, by=request.user, revision=form.cleaned_data["revision"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 409 if isinstance(error, StaleEdit) else 400
            else:
                messages.success(request, _("The list of raters is approved. The coach can now open the round."))
                return redirect("round_approval", public_id=public_id, round_id=round_id)
        else:
            messages.error(request, _("This page is out of date. Reload it and try again."))
            status = 400
        round = _round(access, round_id)
    groups, _total = round_counts(round)
    raters = list(
        round.raters.exclude(status=Rater.Status.REVOKED)
        .select_related("stakeholder")
        .order_by("group", "stakeholder__name")
    )
    return render(
        request,
        "feedback/round_approval.html",
        {
            "access": access,
            "engagement": access.engagement,
            "round": round,
            "groups": groups,
            "raters": raters,
            "may_approve": may_approve and round.status != Round.Status.CLOSED,
        },
        status=status,
    )


@login_required
@require_POST
def round_approve(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    return _act(
        request,
        public_id,
        round_id,
        lambda round, revision: services.raters_approve(round=round, by=request.user, revision=revision),
        _("The list of raters is approved."),
    )


@login_required
@require_POST
def round_open(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    return _act(
        request,
        public_id,
        round_id,
        lambda round, revision: services.round_launch(round=round, revision=revision),
        _("The round is open: each rater gets their invitation by mail."),
    )


@login_required
@require_POST
def round_close(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    return _act(
        request,
        public_id,
        round_id,
        lambda round, revision: answering.round_close(round=round),
        _("The round is closed. Its report is ready for you to read before you release it."),
    )


@login_required
@require_POST
def round_extend(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    access = _access(request, public_id, coach=True)
    round = _round(access, round_id)
    form = ExtendForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.round_extend(
                round=round, closes_on=form.cleaned_data["closes_on"], revision=form.cleaned_data["revision"]
            )
        except StaleEdit as error:
            round = error.current
            form = ExtendForm({"closes_on": request.POST.get("closes_on", ""), "revision": round.revision})
            form.is_valid()
            form.add_error(None, error)
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The closing date is moved."))
            return redirect("round_detail", public_id=public_id, round_id=round_id)
    context = _detail_context(access, round) | {"extend_form": form}
    return render(request, "feedback/round_detail.html", context, status=status)


@login_required
@require_POST
def rater_revoke(request: AuthedRequest, public_id: UUID, round_id: UUID, rater_id: UUID) -> HttpResponse:
    access = _access(request, public_id, write=True)
    round = _round(access, round_id)
    rater = get_object_or_404(round.raters.select_related("stakeholder"), public_id=rater_id)
    try:
        services.rater_withdraw(rater=rater, by_coach=access.is_coach)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer asked in this round.") % {"name": rater.stakeholder.name})
    return redirect("round_raters", public_id=public_id, round_id=round_id)
