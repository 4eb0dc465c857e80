"""Step 5: progress reviews. The coach prepares and completes them; coach and executive each write
their review and feedback; a sponsor reads completed reviews' summaries when the agreement says so."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.forms import add_errors, form_after_stale_edit
from stepwise.lib.http import AuthedRequest
from stepwise.lib.pdf import pdf_response, stored_pdf_response
from stepwise.lib.revisions import StaleEdit

from ..forms import FeedbackForm, PrepareForm
from ..models import ProgressReview, text_hash
from ..selectors.reviews import State, figures_for_page, review_figures, review_pdf_shows, review_points
from ..services import reviews


def _summary_only(access: Access) -> bool:
    """The sponsor reads the figures of completed reviews, never what coach and executive wrote."""
    return not (access.is_coach or access.is_executive)


def _review(access: Access, review_id: UUID) -> ProgressReview:
    access.require_read(Part.REVIEW_SUMMARY)
    review = get_object_or_404(
        ProgressReview.objects.select_related("self_ratings", "completed_by", "engagement__coach"),
        engagement=access.engagement,
        public_id=review_id,
    )
    if _summary_only(access) and not review.is_complete:
        raise Http404
    review.engagement = access.engagement
    return review


def _own_role(access: Access) -> str | None:
    """Whose feedback field this person writes."""
    if not access.can_write(Part.REVIEWS):
        return None
    return "coach" if access.is_coach else "executive" if access.is_executive else None


def _list_page(request: AuthedRequest, access: Access, *, status: int = 200) -> HttpResponse:
    points = review_points(access.engagement, today=timezone.localdate())
    if _summary_only(access):
        points = [p for p in points if p.state == State.COMPLETE]
    return render(
        request,
        "meetings/review_list.html",
        {
            "access": access,
            "engagement": access.engagement,
            "points": points,
            "prepares": access.is_coach and not access.is_closed,
        },
        status=status,
    )


@login_required
def review_list(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.REVIEW_SUMMARY)
    return _list_page(request, access)


@login_required
@require_POST
def review_prepare(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.REVIEW_SUMMARY)
    if not (access.is_coach and access.can_write(Part.REVIEWS)):
        raise PermissionDenied(_("The coach prepares the reviews."))
    form = PrepareForm(request.POST)
    if form.is_valid():
        try:
            review = reviews.review_prepare(
                engagement=access.engagement, due_on=form.cleaned_data["due_on"], coach=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Review prepared. The executive is asked for their self-ratings again and has been told by mail."),
            )
            return redirect("review_detail", public_id=public_id, review_id=review.public_id)
    for problems in form.errors.values():
        messages.error(request, " ".join(str(p) for p in problems))
    return _list_page(request, access, status=400)


def _page_context(access: Access, review: ProgressReview) -> dict[str, Any]:
    summary_only = _summary_only(access)
    figures = review.compiled if review.is_complete and review.compiled else None
    if figures is None:
        figures = review_figures(review, today=timezone.localdate())
    return {
        "access": access,
        "engagement": access.engagement,
        "review": review,
        "figures": figures_for_page(figures, summary_only=summary_only),
        "summary_only": summary_only,
    }


@login_required
def review_detail(request: AuthedRequest, public_id: UUID, review_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    review = _review(access, review_id)
    role = _own_role(access)
    status = 200
    form = FeedbackForm.for_review(review, role) if role and not review.is_complete and not access.is_closed else None
    if request.method == "POST":
        if role is None:
            raise PermissionDenied(_("You may read this review but not write in it."))
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                reviews.review_feedback_save(review=review, role=role, **form.cleaned_data)
            except StaleEdit as error:
                status = 409
                review = _review(access, review_id)
                # Saving again, after comparing, is allowed.
                form = form_after_stale_edit(form, error, seen=text_hash(getattr(review, f"{role}_feedback")))
            except ValidationError as error:
                status = 400
                review = _review(access, review_id)
                form.add_error(None, error)
            else:
                messages.success(request, _("Your review and feedback are saved."))
                return redirect("review_detail", public_id=public_id, review_id=review_id)
        else:
            status = 400
    context = _page_context(access, review)
    context |= {"form": form, "role": role, "conflict": status == 409}
    return render(request, "meetings/review_detail.html", context, status=status)


@login_required
@require_POST
def review_complete(request: AuthedRequest, public_id: UUID, review_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    review = _review(access, review_id)
    if not (access.is_coach and access.can_write(Part.REVIEWS)):
        raise PermissionDenied(_("The coach completes the review."))
    reviews.review_complete(review=review, user=request.user, today=timezone.localdate())
    messages.success(request, _("Review completed: its figures are kept as they stand today. The executive was told."))
    return redirect("review_detail", public_id=public_id, review_id=review_id)


@login_required
def review_pdf(request: AuthedRequest, public_id: UUID, review_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    review = _review(access, review_id)
    name = f"{slugify(str(access.engagement))}-review-{review.due_on:%Y-%m-%d}.pdf"

    def context() -> dict[str, Any]:
        return _page_context(access, review) | {"title": review.get_kind_display(), "pdf": True}

    if review.is_complete:
        return stored_pdf_response(
            request,
            document=review,
            depends_on=review_pdf_shows(review, summary_only=_summary_only(access)),
            template="meetings/review_pdf.html",
            context=context,
            filename=name,
        )
    return pdf_response(request, "meetings/review_pdf.html", context(), name)
