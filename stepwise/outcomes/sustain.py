"""Step 7's sustain plan: what the executive keeps doing after the engagement, the check-in dates
(both are reminded by mail on each), the re-measurement schedule, and, for a goal whose
stakeholders see it declining, the plan's answer to "what changes?".

It is the one part of an engagement still written after the close (``WRITABLE_WHEN_CLOSED`` in
``engagements.access``): it is the plan for after it. Retention removes it with the rest.
"""

from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement
from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_claim
from stepwise.plans.models import Goal

from .models import MiniSurvey, RetentionRecord, SustainChange, SustainCheckIn, SustainPlan
from .retention import retention_ends_on

# A check-in whose reminder the worker missed (it was down) is still reminded this many days late.
LATE_REMINDER = timedelta(days=7)


def remeasurement_dates(engagement: Engagement) -> list[date]:
    """The days the mini-surveys are planned to go (the re-measurement schedule), sent or not."""
    return list(
        MiniSurvey.objects.filter(engagement=engagement).order_by("opens_on").values_list("opens_on", flat=True)
    )


def sustain_plan_of(engagement: Engagement) -> SustainPlan | None:
    return SustainPlan.objects.filter(engagement=engagement).first()


def sustain_removed(engagement: Engagement) -> bool:
    """Whether retention removed the engagement's content, the sustain plan with it: it is closed then."""
    return RetentionRecord.objects.filter(engagement=engagement).exists()


def _plan(engagement: Engagement) -> SustainPlan:
    if sustain_removed(engagement):
        raise ValidationError(
            _(
                "The practice removed this engagement's coaching content at the end of its retention; "
                "the plan is closed."
            )
        )
    plan, _made = SustainPlan.objects.get_or_create(engagement=engagement)
    return plan


@transaction.atomic
def sustain_plan_save(*, engagement: Engagement, keep_doing: str, revision: int | None) -> SustainPlan:
    """What the executive keeps doing; refused with ``StaleEdit`` when saved since the form was drawn."""
    plan = revision_claim(_plan(engagement), revision=revision)
    plan.keep_doing = keep_doing.strip()
    plan.full_clean()
    plan.save()
    return plan


def _checkin_refused(engagement: Engagement, due_on: date, today: date) -> str:
    if due_on < engagement.start_date:
        return _("Choose a date after the engagement's start (%(start)s).") % {
            "start": engagement.start_date.strftime("%d %b %Y")
        }
    if due_on < today:
        return _("Choose a date to come: a reminder goes out on the day.")
    ends = retention_ends_on(engagement)
    if ends is not None and due_on > ends:
        return _("Choose a date by %(end)s: after it, the practice removes the engagement's coaching content.") % {
            "end": ends.strftime("%d %b %Y")
        }
    return ""


@transaction.atomic
def sustain_checkin_add(
    *, engagement: Engagement, due_on: date, focus: str = "", token: UUID | None = None, today: date | None = None
) -> SustainCheckIn:
    """Add a check-in date (once per form: ``token``)."""
    today = today or timezone.localdate()

    def make() -> SustainCheckIn:
        refused = _checkin_refused(engagement, due_on, today)
        if refused:
            raise ValidationError({"due_on": refused})
        plan = _plan(engagement)
        taken = ValidationError({"due_on": _("There is a check-in on this date already.")})
        if plan.checkins.filter(due_on=due_on).exists():
            raise taken
        checkin = SustainCheckIn(plan=plan, due_on=due_on, focus=focus.strip())
        checkin.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                checkin.save()
        except IntegrityError:
            raise taken from None
        return checkin

    return submit_once(
        token=token,
        make=make,
        find=lambda made: SustainCheckIn.objects.filter(plan__engagement=engagement, public_id=made).first(),
    )


@transaction.atomic
def sustain_checkin_remove(*, checkin: SustainCheckIn) -> None:
    checkin.delete()


@transaction.atomic
def sustain_change_save(*, engagement: Engagement, goal: Goal, answer: str, revision: int | None) -> SustainChange:
    """The plan's answer to "what changes?" for ``goal`` (stale-edit checked by ``revision``)."""
    if goal.engagement_id != engagement.pk:
        raise ValidationError(_("This goal is not part of this engagement."))
    change, _made = SustainChange.objects.get_or_create(plan=_plan(engagement), goal=goal)
    change = revision_claim(change, revision=revision)
    change.answer = answer.strip()
    change.full_clean()
    change.save()
    return change


def sustain_reminders_send(*, today: date) -> int:
    """Remind the executive and the coach of each check-in due today (or missed in the last week),
    once: a conditional update claims it, so two workers remind once. Engagements whose content
    retention removed are skipped (their plans are gone anyway). Returns how many were reminded."""
    due = (
        SustainCheckIn.objects.filter(due_on__lte=today, due_on__gte=today - LATE_REMINDER, reminded_at__isnull=True)
        .exclude(plan__engagement__in=RetentionRecord.objects.values("engagement"))
        .select_related("plan__engagement__coach")
        .order_by("due_on", "pk")
    )
    sent = 0
    for checkin in due:
        with transaction.atomic():
            claimed = SustainCheckIn.objects.filter(pk=checkin.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            engagement = checkin.plan.engagement
            for person in [*engagement.executives(), engagement.coach]:
                mail_queue(
                    template="outcomes/email/sustain_checkin",
                    to=[person.email],
                    context={"person": person, "engagement": engagement, "checkin": checkin},
                )
            sent += 1
    return sent
