"""Pages of step 7. Change lane: planning mini-surveys (the coach; the executive sees the plan)
and the change they measured (the coach and the executive; the sponsor reads it only in the
closing report)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stepwise.engagements.access import Part, engagement_access
from stepwise.lib.forms import add_errors, form_status
from stepwise.lib.http import AuthedRequest

from . import mini, selectors
from .forms import MiniSurveyForm
from .models import MiniSurvey


@login_required
@require_http_methods(["GET", "POST"])
def mini_surveys(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The mini-surveys planned and sent; the coach plans another."""
    access = engagement_access(request.user, public_id)
    access.require_read(Part.MINI_SURVEYS)
    if request.method == "POST":
        access.require_write(Part.MINI_SURVEYS)
    engagement = access.engagement
    form = None
    if access.can_write(Part.MINI_SURVEYS):
        form = MiniSurveyForm(
            request.POST or None,
            points=mini.suggested_dates(engagement),
            stakeholders=engagement.stakeholders.order_by("relationship", "name"),
            initial={"stakeholders": mini.default_stakeholders(engagement)},
        )
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            made = mini.mini_survey_plan(
                engagement=engagement,
                opens_on=data["opens_on"],
                stakeholders=list(data["stakeholders"]),
                today=timezone.localdate(),
                token=data.get("token"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Mini-survey planned for %(date)s.") % {"date": formats.date_format(made.opens_on, "j F Y")}
            )
            return redirect("mini_surveys", public_id=engagement.public_id)
    context = {
        "access": access,
        "engagement": engagement,
        "minis": selectors.planned_minis(engagement),
        "form": form,
        "has_goals": bool(mini.approved_goals(engagement)),
        "window_days": mini.WINDOW_DAYS,
    }
    return render(request, "outcomes/mini_surveys.html", context, status=form_status(form) if form else 200)


@login_required
@require_POST
def mini_survey_cancel(request: AuthedRequest, public_id: UUID, mini_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.MINI_SURVEYS)
    planned = get_object_or_404(MiniSurvey, engagement=access.engagement, public_id=mini_id)
    try:
        mini.mini_survey_cancel(mini=planned)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The mini-survey is no longer planned."))
    return redirect("mini_surveys", public_id=access.engagement.public_id)


@login_required
@require_GET
def change_page(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The change the mini-surveys measured, per goal and group, with intervals; the follow-up
    beside it; a repeat 360 against the first."""
    access = engagement_access(request.user, public_id)
    access.require_read(Part.CHANGE)
    engagement = access.engagement
    results = selectors.mini_results(engagement)
    context = {
        "access": access,
        "engagement": engagement,
        "results": list(reversed(results)),  # the latest first
        "chart": selectors.change_chart(results),
        "log": selectors.follow_up_log(engagement),
        "comparison": selectors.repeat_comparison(engagement),
    }
    return render(request, "outcomes/change.html", context)
