from uuid import UUID

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render

from stepwise.engagements.access import Part, engagement_access, may_create_engagements
from stepwise.engagements.forms import InviteForm, StakeholderForm, StepForm
from stepwise.engagements.models import Participant
from stepwise.feedback.practice import practice_summary
from stepwise.lib.http import AuthedRequest
from stepwise.users.models import Invitation

from .forms import HomeSearchForm
from .selectors import home_page, next_step, step_of, step_summaries, tracker, with_progress

# The home page offers its search box above this many engagements (or while a search is on).
SEARCH_FROM = 5


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    form = HomeSearchForm(request.GET)
    # A search the form refuses (a status that does not exist) lists everything, with the reason.
    search = form.cleaned_data if form.is_valid() else {}
    page = home_page(
        request.user, number=request.GET.get("page"), text=search.get("q", ""), status=search.get("status", "")
    )
    searching = bool(search.get("q") or search.get("status")) or not form.is_valid()
    wants_mfa = (request.user.is_coach or request.user.is_practice_admin) and not Authenticator.objects.filter(
        user=request.user
    ).exists()
    return render(
        request,
        "engagements/home.html",
        {
            "engagements": page.object_list,
            "page": page,
            "form": form,
            "searching": searching,
            "show_search": searching or page.paginator.count > SEARCH_FROM,
            "query": _query_without_page(request),
            "may_create": may_create_engagements(request.user),
            "wants_mfa": wants_mfa,
        },
    )


def _query_without_page(request: AuthedRequest) -> str:
    """The search's own part of the address, for the page links to keep."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def engagement_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    # Its people once, for the table and for the next step (the person's own roles).
    people = Participant.objects.select_related("user").order_by("role", "user__full_name")
    engagement = (
        with_progress(user=request.user)
        .select_related("organisation", "coach")
        .prefetch_related(Prefetch("participants", queryset=people))
        .get(pk=access.engagement.pk)
    )
    access.engagement = engagement
    participants = engagement.participants.all()
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
            **practice_summary(access),  # the 12-step practice's steps 7–9 (feedback app)
        },
    )
