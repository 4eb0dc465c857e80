"""Progress reviews: prepare one (asking for self-ratings), save each person's feedback, complete (freeze) it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement
from stepwise.lib.mail import mail_queue
from stepwise.lib.revisions import StaleEdit, revision_check, revision_claim
from stepwise.users.models import User
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import WorksheetTemplate

from ..models import ProgressReview, text_hash
from ..selectors.reviews import SELF_RATINGS, review_figures, review_points


@transaction.atomic
def review_prepare(*, engagement: Engagement, due_on: date, coach: User) -> ProgressReview:
    """Open the review at ``due_on`` (one of the engagement's review points): the executive is
    asked for their 1–10 self-ratings again, due on the review date, and told by mail. Preparing a
    review already prepared returns it, asking nothing twice."""
    existing = ProgressReview.objects.filter(engagement=engagement, due_on=due_on).first()
    if existing is not None:
        return existing
    point = next((p for p in review_points(engagement, today=due_on) if p.due_on == due_on), None)
    if point is None:
        raise ValidationError(
            {"due_on": _("No review falls on that date. Choose one of the dates listed on the reviews page.")}
        )
    executives = engagement.executives()
    if not executives:
        raise ValidationError(
            _(
                "The executive has not joined the engagement yet: the review asks them for ratings. "
                "Invite them, or send a new invitation, first."
            )
        )
    try:
        with transaction.atomic():
            review = ProgressReview.objects.create(
                engagement=engagement, kind=point.kind, due_on=due_on, period_start=point.period_start
            )
    except IntegrityError:  # the twin request prepared it first
        return ProgressReview.objects.get(engagement=engagement, due_on=due_on)
    worksheet_services.templates_install()
    review.self_ratings = worksheet_services.worksheet_assign(
        engagement=engagement,
        template=WorksheetTemplate.objects.get(slug=SELF_RATINGS),
        assigned_by=coach,
        due_date=due_on if due_on >= timezone.localdate() else None,
    )
    review.save(update_fields=["self_ratings", "updated_at"])
    for person in executives:
        mail_queue(
            template="meetings/email/review_prepared",
            to=[person.email],
            context={"person": person, "review": review, "engagement": engagement, "coach": engagement.coach},
        )
    return review


FEEDBACK_ROLES = ("coach", "executive")


@transaction.atomic
def review_feedback_save(*, review: ProgressReview, role: str, text: str, revision: int, seen: str) -> ProgressReview:
    """Save the coach's or the executive's review and feedback (``role``). Refused once the
    review is completed, and with code "conflict" when this text was changed elsewhere since the
    page was loaded (unless to the very same words: the form sent twice)."""
    if role not in FEEDBACK_ROLES:
        raise ValueError(role)
    current = revision_check(review, revision=None)  # locked; the comparison is this field's, below
    if current.is_complete:
        raise ValidationError(
            _("This review was completed on %(when)s and is kept as it was; its feedback no longer changes.")
            % {"when": formats.date_format(timezone.localtime(current.completed_at), "j F Y")}
        )
    field = f"{role}_feedback"
    saved, text = getattr(current, field), text.strip()
    if current.revision != revision and text_hash(saved) != seen:
        if saved == text:
            return current
        raise StaleEdit(
            _(
                "This feedback was saved from another window while you were writing. Your text is kept below "
                "and the saved one beside it: combine them, then save again."
            ),
            current=current,
        )
    current = revision_claim(current, revision=None)  # the other person's form is not stale: theirs is their field
    setattr(current, field, text)
    current.save(update_fields=[field, "revision", "updated_at"])
    return current


@transaction.atomic
def review_complete(*, review: ProgressReview, user: User, today: date) -> ProgressReview:
    """Freeze the review: the figures as they stand today are stored, the feedback no longer
    changes, and the executive is told by mail. Completing twice keeps the first record."""
    current = (
        # Only the review row is locked: PostgreSQL refuses FOR UPDATE across the nullable join.
        ProgressReview.objects.select_for_update(of=("self",))
        .select_related("engagement__coach", "self_ratings")
        .get(pk=review.pk)
    )
    if current.is_complete:
        return current
    current.compiled = review_figures(current, today=today)
    current.completed_at = timezone.now()
    current.completed_by = user
    current.revision += 1
    current.save()
    engagement = current.engagement
    for person in engagement.executives():
        mail_queue(
            template="meetings/email/review_completed",
            to=[person.email],
            context={"person": person, "review": current, "engagement": engagement, "coach": engagement.coach},
        )
    return current
