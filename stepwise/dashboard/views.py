from uuid import UUID

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from stepwise.engagements.access import Part, engagement_access, may_create_engagements
from stepwise.engagements.forms import InviteForm, StakeholderForm, StepForm
from stepwise.engagements.models import Engagement
from stepwise.lib.http import AuthedRequest
from stepwise.users.models import Invitation

from .selectors import engagements_for_home, engagements_with_progress, next_step, step_of, step_summaries, tracker


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    engagements = [(e, tracker(e), next_step(e, request.user)) for e in engagements_for_home(request.user)]
    wants_mfa = (request.user.is_coach or request.user.is_practice_admin) and not Authenticator.objects.filter(
        user=request.user
    ).exists()
    return render(
        request,
        "engagements/home.html",
        {"engagements": engagements, "may_create": may_create_engagements(request.user), "wants_mfa": wants_mfa},
    )


@login_required
def engagement_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    engagement = engagements_with_progress(Engagement.objects.filter(pk=access.engagement.pk), user=request.user).get()
    access.engagement = engagement
    participants = engagement.participants.select_related("user").order_by("role", "user__full_name")
    pending = {
        i.participant_id: i
        for i in Invitation.objects.filter(participant__engagement=engagement, status=Invitation.Status.PENDING)
    }
    stakeholders = engagement.stakeholders.all() if access.can_read(Part.STAKEHOLDERS) else None
    return render(
        request,
        "engagements/engagement_detail.html",
        {
            "access": access,
            "engagement": engagement,
            "tracker": tracker(engagement),
            "step": step_of(engagement),
            "next": next_step(engagement, request.user),
            "participants": [(p, pending.get(p.pk)) for p in participants],
            "stakeholders": stakeholders,
            "stakeholder_form": StakeholderForm(),
            "invite_form": InviteForm(),
            "step_form": StepForm(initial={"step": engagement.step_override}),
            **step_summaries(access),
        },
    )
