"""Step 7's mini-survey: planned by the coach, sent and closed by the worker.

The coach plans a mini-survey for a day (3, 6 and 12 months after the start, and after the
close, are offered) and chooses whom it asks among the engagement's stakeholders (by default
the raters of the last closed 360). On that day the worker (``tasks.mini_surveys_tick``, hourly)
makes it a feedback ``Round`` of kind ``mini`` with one change item and one follow-up item per
approved goal (``feedback.services.mini_round_create``), nominates the stakeholders in their 360
group, opens it and queues the invitations; the 360's hourly tick sends the reminders
(``feedback.services.rater_reminders_send`` reminds the raters of every open round). Two weeks
later the worker closes it (``answering.round_close``: the shuffled batch) and, when a goal's
interval is wholly below zero, mails the coach and the executive once.
"""

import logging
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.feedback import answering, release
from stepwise.feedback import services as feedback_services
from stepwise.feedback.models import GROUP_OF_RELATIONSHIP, Comment, Group, Questionnaire, Rater, Round
from stepwise.lib.mail import MailNotNeeded, RenderedMail, mail_queue, mail_render
from stepwise.lib.once import submit_once
from stepwise.plans.models import Goal
from stepwise.users.models import User

from .models import MiniSurvey
from .retention import retention_ends_on

logger = logging.getLogger(__name__)

WINDOW_DAYS = 14  # two weeks of answers: shorter than a 360's three, as it asks much less
DECLINE_MAIL = "outcomes/email/goal_declining"
RELEASED_MAIL = "outcomes/email/suggestions_released"


def approved_goals(engagement: Engagement) -> list[Goal]:
    """The goals a mini-survey asks about: those the sponsor approved, in the plan's order."""
    return list(engagement.goals.filter(approval=Goal.Approval.APPROVED).order_by("position", "created_at"))


def suggested_dates(engagement: Engagement) -> list[tuple[date, str]]:
    """The points offered to the coach: 3, 6 and 12 months after the start, and 3 months after
    the planned close."""
    start = engagement.start_date
    return [
        (start + relativedelta(months=3), _("3 months after the start")),
        (start + relativedelta(months=6), _("6 months after the start")),
        (start + relativedelta(months=12), _("12 months after the start")),
        (engagement.end_date + relativedelta(months=3), _("3 months after the close")),
    ]


def last_closed_360(engagement: Engagement) -> Round | None:
    return (
        Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.CLOSED)
        .order_by("-closes_on", "-created_at")
        .first()
    )


def default_stakeholders(engagement: Engagement) -> list[Stakeholder]:
    """Whom a mini-survey asks unless the coach says otherwise: the raters of the last closed
    360 whose links were not withdrawn (the same stakeholders, re-measured)."""
    round = last_closed_360(engagement)
    if round is None:
        return []
    return [
        rater.stakeholder
        for rater in round.raters.exclude(status=Rater.Status.REVOKED).select_related("stakeholder").order_by("pk")
    ]


def _date_errors(engagement: Engagement, opens_on: date, today: date) -> str:
    if opens_on < engagement.start_date:
        return _("The engagement starts on %(start)s: plan the mini-survey on that day or later.") % {
            "start": formats.date_format(engagement.start_date, "j F Y")
        }
    if opens_on < today:
        return _("This date has passed. Choose today or a later date.")
    ends = retention_ends_on(engagement)
    if ends is not None and opens_on + timedelta(days=WINDOW_DAYS) > ends:
        return _("The engagement's content is kept until %(end)s: plan the mini-survey so that it closes by then.") % {
            "end": formats.date_format(ends, "j F Y")
        }
    return ""


@transaction.atomic
def mini_survey_plan(
    *,
    engagement: Engagement,
    opens_on: date,
    stakeholders: list[Stakeholder],
    today: date,
    token: UUID | None = None,
) -> MiniSurvey:
    """Plan a mini-survey on ``opens_on`` asking ``stakeholders``. Refused with a message beside
    the field: a date before the engagement starts, in the past, after its retention ends, a day
    already planned, nobody chosen or someone from elsewhere, no approved goal yet. Once per form."""
    return submit_once(
        token=token,
        make=lambda: _plan(engagement, opens_on, stakeholders, today),
        find=lambda made: MiniSurvey.objects.filter(engagement=engagement, public_id=made).first(),
    )


def _plan(engagement: Engagement, opens_on: date, stakeholders: list[Stakeholder], today: date) -> MiniSurvey:
    errors: dict[str, str] = {}
    if problem := _date_errors(engagement, opens_on, today):
        errors["opens_on"] = problem
    elif MiniSurvey.objects.filter(engagement=engagement, opens_on=opens_on).exists():
        errors["opens_on"] = _("A mini-survey is planned on that day already. Choose another day.")
    if not stakeholders:
        errors["stakeholders"] = _("Tick at least one stakeholder to ask.")
    elif any(s.engagement_id != engagement.pk for s in stakeholders):
        errors["stakeholders"] = _("Choose among this engagement's stakeholders.")
    if not errors and not approved_goals(engagement):
        errors["opens_on"] = _(
            "A mini-survey asks about the approved goals, and none is approved yet. "
            "Ask the sponsor to approve them first."
        )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            mini = MiniSurvey.objects.create(engagement=engagement, opens_on=opens_on)
    except IntegrityError:  # planned on that day a moment ago, from another tab
        raise ValidationError(
            {"opens_on": _("A mini-survey is planned on that day already. Choose another day.")}
        ) from None
    mini.stakeholders.set(stakeholders)
    return mini


@transaction.atomic
def mini_survey_cancel(*, mini: MiniSurvey) -> None:
    """Take a planned mini-survey off the schedule; one already sent stays (its answers are the engagement's)."""
    mini = MiniSurvey.objects.select_for_update().get(pk=mini.pk)
    if mini.round_id is not None:
        raise ValidationError(_("This mini-survey has been sent: it can no longer be cancelled."))
    mini.delete()


@transaction.atomic
def mini_survey_open(*, mini: MiniSurvey, today: date) -> Round | None:
    """Send the mini-survey due today: its round made, its stakeholders nominated in their 360
    group, links made and invitations queued. The row is locked first, so a second worker finds
    it sent and does nothing. None when there was nothing to send (or nothing could be)."""
    mini = MiniSurvey.objects.select_for_update().select_related("engagement").get(pk=mini.pk)
    if mini.round_id is not None or mini.not_sent or mini.opens_on > today:
        return None
    engagement = mini.engagement
    goals = approved_goals(engagement)
    asked = list(mini.stakeholders.order_by("pk"))
    if not goals or not asked:
        mini.not_sent = (
            _("Not sent: no goal was approved on the day.") if not goals else _("Not sent: nobody was left to ask.")
        )
        mini.save(update_fields=["not_sent", "updated_at"])
        return None
    round = feedback_services.mini_round_create(
        engagement=engagement,
        title=_("Mini-survey of %(date)s") % {"date": formats.date_format(today, "j F Y")},
        opens_on=today,
        closes_on=today + timedelta(days=WINDOW_DAYS - 1),
        goals=goals,
        since=engagement.start_date,
    )
    groups = _groups_of(engagement)
    for stakeholder in asked:
        feedback_services.rater_nominate(round=round, stakeholder=stakeholder, group=groups.get(stakeholder.pk, ""))
    round = feedback_services.round_open(round=round)
    feedback_services.rater_invitations_queue(round=round)
    mini.round = round
    mini.save(update_fields=["round", "updated_at"])
    return round


def _groups_of(engagement: Engagement) -> dict[int, str]:
    """Each stakeholder's group in the last closed 360 (the group they are compared in), else
    the one their relationship gives."""
    groups: dict[int, str] = {
        s.pk: GROUP_OF_RELATIONSHIP.get(Stakeholder.Relationship(s.relationship), Group.OTHER)
        for s in engagement.stakeholders.all()
    }
    last = last_closed_360(engagement)
    if last is not None:
        groups |= {stakeholder: str(group) for stakeholder, group in last.raters.values_list("stakeholder_id", "group")}
    return groups


@transaction.atomic
def mini_survey_close(*, round: Round) -> Round:
    """Close a mini-survey's round (the shuffled batch) and, if a goal now declines, queue the
    alert to the coach and the executive, once."""
    from .selectors import goals_declining  # the figures read the answers this close writes

    round = answering.round_close(round=round)
    mini = MiniSurvey.objects.select_for_update().filter(round=round, decline_alerted=False).first()
    if mini is not None and goals_declining(engagement=round.engagement):
        mini.decline_alerted = True
        mini.save(update_fields=["decline_alerted", "updated_at"])
        engagement = round.engagement
        recipients = [engagement.coach, *engagement.executives()]
        for person in recipients:
            mail_queue(
                template=DECLINE_MAIL,
                to=[person.email],
                context={"person": person, "mini": mini, "engagement": engagement},
                render=decline_mail_render,
            )
    return round


def decline_mail_render(*, template: str, context: dict[str, Any], to: list[str]) -> RenderedMail:
    """The decline alert, rendered by the worker with the goals declining at sending time."""
    from .selectors import goals_declining

    goals = goals_declining(engagement=context["engagement"])
    if not goals:
        raise MailNotNeeded
    return mail_render(template=template, context={**context, "goals": goals})


def mini_surveys_run(*, today: date) -> tuple[int, int]:
    """Send every mini-survey due by ``today`` and close every mini-survey round whose window has
    passed; ``(sent, closed)``. Each in its own transaction: one that fails stops no other."""
    sent = closed = 0
    # A closed engagement's mini-surveys still go: "after the close" is one of the points offered.
    due = MiniSurvey.objects.filter(round__isnull=True, not_sent="", opens_on__lte=today).order_by("opens_on", "pk")
    for mini in due:
        try:
            if mini_survey_open(mini=mini, today=today) is not None:
                sent += 1
        except ValidationError as refused:  # a rule of the rounds refused it: the others still go
            logger.warning("Mini-survey %s was not sent: %s", mini.public_id, "; ".join(refused.messages))
    past = Round.objects.filter(kind=Questionnaire.Kind.MINI, status=Round.Status.OPEN, closes_on__lt=today)
    for round in past.order_by("closes_on", "pk"):
        try:
            mini_survey_close(round=round)
        except ValidationError:
            continue  # the other worker closed it a moment ago
        closed += 1
    return sent, closed


# --- the suggestions: the coach reads them first, may redact one, then releases them ----------


@transaction.atomic
def mini_survey_release(*, mini: MiniSurvey, by: User) -> MiniSurvey:
    """Release a closed mini-survey's suggestions to the executive and tell them by mail. The
    figures need no release: the thresholds guard them and nothing in them can be redacted.
    Refused with a message before the close and the second time."""
    if mini.round_id is None or not Round.objects.filter(pk=mini.round_id, status=Round.Status.CLOSED).exists():
        raise ValidationError(_("The mini-survey has not closed yet: its answers are not in."), code="open")
    # A conditional update, so that one release wins on SQLite too (it takes no row lock).
    moved = MiniSurvey.objects.filter(pk=mini.pk, released_at__isnull=True).update(
        released_at=timezone.now(), released_by=by, updated_at=timezone.now()
    )
    if not moved:
        raise ValidationError(_("These suggestions were released already."), code="released")
    mini = MiniSurvey.objects.select_related("engagement").get(pk=mini.pk)
    engagement = mini.engagement
    for person in engagement.executives():
        mail_queue(
            template=RELEASED_MAIL,
            to=[person.email],
            context={"person": person, "mini": mini, "engagement": engagement},
        )
    return mini


@transaction.atomic
def suggestion_redact(*, mini: MiniSurvey, comment: Comment, text: str, seen: str) -> Comment:
    """Replace a suggestion's text with the coach's redacted text, as the 360's comments are
    (``feedback.release.comment_redact``: the original is not kept, a stale form changes nothing).
    Only before the suggestions are released."""
    # Writing the row first takes SQLite's write lock too: a release cannot slip in before the redaction.
    if not MiniSurvey.objects.filter(pk=mini.pk, released_at__isnull=True).update(updated_at=timezone.now()):
        raise ValidationError(
            _("These suggestions were released to the executive, so they can no longer be changed."), code="released"
        )
    return release.comment_redact(comment=comment, text=text, seen=seen)
