from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.lib.forms import add_errors, form_after_stale_edit, form_status
from stepwise.lib.http import AuthedRequest
from stepwise.lib.revisions import StaleEdit

from . import services
from .access import Part, engagement_access, may_create_engagements, may_manage_organisations
from .forms import (
    EngagementCreateForm,
    EngagementFactsForm,
    InviteForm,
    OrganisationForm,
    ReassignCoachForm,
    StakeholderForm,
    StepForm,
)
from .models import Organisation, Participant


@login_required
def organisation_list(request: AuthedRequest) -> HttpResponse:
    if not may_manage_organisations(request.user):
        raise Http404
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                name=form.cleaned_data["name"], token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s added. Create its first engagement next.") % {"name": organisation})
            return redirect("organisation_list")
    organisations = Organisation.objects.annotate(engagement_count=Count("engagements"))
    return render(
        request,
        "engagements/organisation_list.html",
        {"form": form, "organisations": organisations},
        status=form_status(form),
    )


@login_required
def engagement_create(request: AuthedRequest) -> HttpResponse:
    if not may_create_engagements(request.user):
        raise Http404
    form = EngagementCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement = services.engagement_create(
                coach=request.user,
                organisation=data["organisation"],
                new_organisation=data["new_organisation"],
                title=data["title"],
                start_date=data["start_date"],
                planned_months=data["planned_months"],
                executive_name=data["executive_name"],
                executive_email=data["executive_email"],
                sponsor_name=data["sponsor_name"],
                sponsor_email=data["sponsor_email"],
                token=data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Engagement created and invitations sent. Next: list the executive's key "
                    "stakeholders and draft the agreement."
                ),
            )
            return redirect("engagement_detail", public_id=engagement.public_id)
    return render(request, "engagements/engagement_create.html", {"form": form}, status=form_status(form))


@login_required
def engagement_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.FACTS)
    form = EngagementFactsForm(request.POST or None, instance=access.engagement)
    saved = None  # the other person's version, after a stale edit
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.engagement_facts_save(
                engagement=access.engagement,
                revision=data["revision"],
                title=data["title"],
                start_date=data["start_date"],
                planned_months=data["planned_months"],
                status=data["status"],
            )
        except StaleEdit as error:
            saved = error.current
            form = form_after_stale_edit(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Engagement details saved."))
            return redirect("engagement_detail", public_id=public_id)
    return render(
        request,
        "engagements/engagement_edit.html",
        {"form": form, "engagement": access.engagement, "saved": saved},
        status=409 if saved else form_status(form),
    )


@login_required
def engagement_reassign_coach(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.COACH_ASSIGNMENT)
    engagement = access.engagement
    form = ReassignCoachForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        new_coach = form.cleaned_data["new_coach"]
        try:
            services.engagement_reassign_coach(engagement=engagement, new_coach=new_coach, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now coaches this engagement; the executive and both coaches are told by mail.")
                % {"name": new_coach},
            )
            return redirect("engagement_detail", public_id=public_id)
    return render(
        request,
        "engagements/engagement_reassign_coach.html",
        {"form": form, "engagement": engagement},
        status=form_status(form),
    )


@login_required
@require_POST
def engagement_step(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.FACTS)
    form = StepForm(request.POST)
    if form.is_valid():
        services.engagement_set_step(engagement=access.engagement, step=form.cleaned_data["step"])
        messages.success(request, _("Step updated."))
    else:
        messages.error(request, _("Choose one of the seven steps, or follow what has been done."))
    return redirect("engagement_detail", public_id=public_id)


@login_required
def participant_invite(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.FACTS)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_invite(
                engagement=access.engagement,
                invited_by=request.user,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": participant.user.email})
            return redirect("engagement_detail", public_id=public_id)
    return render(
        request,
        "engagements/participant_invite.html",
        {"form": form, "engagement": access.engagement},
        status=form_status(form),
    )


@login_required
@require_POST
def participant_reinvite(request: AuthedRequest, public_id: UUID, participant_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.FACTS)
    participant = get_object_or_404(Participant, engagement=access.engagement, public_id=participant_id)
    try:
        services.participant_reinvite(participant=participant, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("A new invitation is on its way to %(email)s; the old link no longer works.")
            % {"email": participant.user.email},
        )
    return redirect("engagement_detail", public_id=public_id)


@login_required
def stakeholder_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.STAKEHOLDERS)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_save(engagement=access.engagement, token=form.cleaned_data["token"], **form.values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Stakeholder added."))
            return redirect("engagement_detail", public_id=public_id)
    return render(
        request,
        "engagements/stakeholder_form.html",
        {"form": form, "engagement": access.engagement, "stakeholder": None},
        status=form_status(form),
    )


@login_required
def stakeholder_edit(request: AuthedRequest, public_id: UUID, stakeholder_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.STAKEHOLDERS)
    stakeholder = get_object_or_404(access.engagement.stakeholders, public_id=stakeholder_id)
    form = StakeholderForm(request.POST or None, instance=stakeholder)
    saved = None  # the other person's version, after a stale edit
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_save(
                engagement=access.engagement,
                stakeholder=stakeholder,
                revision=form.cleaned_data["revision"],
                **form.values(),
            )
        except StaleEdit as error:
            saved = error.current
            form = form_after_stale_edit(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Stakeholder saved."))
            return redirect("engagement_detail", public_id=public_id)
    return render(
        request,
        "engagements/stakeholder_form.html",
        {"form": form, "engagement": access.engagement, "stakeholder": stakeholder, "saved": saved},
        status=409 if saved else form_status(form),
    )


@login_required
@require_POST
def stakeholder_remove(request: AuthedRequest, public_id: UUID, stakeholder_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.STAKEHOLDERS)
    stakeholder = get_object_or_404(access.engagement.stakeholders, public_id=stakeholder_id)
    services.stakeholder_remove(stakeholder=stakeholder)
    messages.success(request, _("%(name)s was removed from the stakeholders.") % {"name": stakeholder.name})
    return redirect("engagement_detail", public_id=public_id)
