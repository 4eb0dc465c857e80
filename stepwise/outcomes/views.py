"""Pages of step 7. Change lane: planning mini-surveys (the coach; the executive sees the plan)
and the change they measured (the coach and the executive; the sponsor reads it only in the
closing report)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.engagements.middleware import writable_when_closed
from stepwise.feedback import release
from stepwise.feedback.models import Comment, Group, Response, Round
from stepwise.feedback.report_views import RedactForm
from stepwise.lib.forms import add_errors, form_status
from stepwise.lib.http import AuthedRequest

from . import mini, selectors
from .forms import MiniSurveyForm
from .models import MiniSurvey

# The follow-up goes on after the close (mini-surveys "after the close" are one of the points a
# coach plans): these stay open on a closed engagement until its retention ends.
follow_up_goes_on = writable_when_closed(Part.MINI_SURVEYS)


@follow_up_goes_on
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


@follow_up_goes_on
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
    # The coach reads the suggestions before the executive does (and may redact one).
    results = selectors.mini_results(engagement, unreleased_suggestions=access.can_write(Part.MINI_SURVEYS))
    context = {
        "access": access,
        "engagement": engagement,
        "results": list(reversed(results)),  # the latest first
        "chart": selectors.change_chart(results),
        "log": selectors.follow_up_log(engagement),
        "comparison": selectors.repeat_comparison(engagement),
        "can_release": access.can_write(Part.MINI_SURVEYS),
    }
    return render(request, "outcomes/change.html", context)


def _closed_mini(access: Access, mini_id: UUID) -> MiniSurvey:
    """The coach's mini-survey whose suggestions are released or redacted: sent and closed."""
    access.require_write(Part.MINI_SURVEYS)
    return get_object_or_404(
        MiniSurvey.objects.select_related("round"),
        engagement=access.engagement,
        public_id=mini_id,
        round__status=Round.Status.CLOSED,
    )


@follow_up_goes_on
@login_required
@require_POST
def mini_survey_release(request: AuthedRequest, public_id: UUID, mini_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.CHANGE)
    planned = _closed_mini(access, mini_id)
    try:
        mini.mini_survey_release(mini=planned, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The suggestions were released; the executive was told."))
    return redirect("change", public_id=access.engagement.public_id)


@follow_up_goes_on
@login_required
@require_http_methods(["GET", "POST"])
def suggestion_redact(request: AuthedRequest, public_id: UUID, mini_id: UUID, comment_id: UUID) -> HttpResponse:
    """The 360's redaction (``feedback.report_views.comment_redact``) for a mini-survey's suggestion."""
    access = engagement_access(request.user, public_id)
    access.require_read(Part.CHANGE)
    planned = _closed_mini(access, mini_id)
    round = planned.round
    comment = Comment.objects.filter(round=round, id=comment_id).first()
    if round is None or comment is None:
        raise Http404
    # Under the threshold the suggestions are shown to nobody, the coach included.
    if Response.objects.filter(round=round).exclude(group=Group.SELF).count() < round.threshold_others:
        raise Http404
    status = 200
    if request.method == "POST":
        form = RedactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                mini.suggestion_redact(mini=planned, comment=comment, text=data["text"], seen=data["seen"])
            except ValidationError as error:
                status = {"conflict": 409, "released": 409}.get(str(error.code), 400)
                form.add_error(None if status == 409 else "text", error)
            else:
                messages.success(request, _("Suggestion redacted: the original text is gone."))
                return redirect("change", public_id=access.engagement.public_id)
        else:
            status = 400
    else:
        form = RedactForm(initial={"text": comment.text, "seen": release.comment_digest(comment.text)})
    context = {"engagement": access.engagement, "mini": planned, "form": form}
    return render(request, "outcomes/suggestion_redact.html", context, status=status)
