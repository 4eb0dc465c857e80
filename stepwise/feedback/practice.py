"""Practice steps 8 and 9, after a 360 round has closed.

- **Step 8, the development list**: "making a list of wrongs done to others and being willing to
  make amends for those wrongs". From the round's report the executive lists behaviours as
  others receive them that they want to make right, each linked to one of the engagement's goals
  and, if they wish, turned into a key action of the plan.
- **Step 9, the follow-ups**: "following up with those who anonymously participated in our 360
  assessment". The executive sees who took part (``Rater.answer``; never who said what) and
  records the meeting with each: thanked, the key things heard in the aggregated results that
  were shared, the actions discussed, the date. A weekly reminder nudges them while any is missing.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from stepwise.engagements.access import Access, Part
from stepwise.engagements.models import Engagement, Participant
from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import StaleEdit, revision_claim
from stepwise.plans.models import Goal
from stepwise.plans.services import NewKeyAction, key_actions_add

from .models import (
    RATER_GROUPS,
    SCALE_MAX,
    DevelopmentItem,
    FollowUp,
    ItemKind,
    Questionnaire,
    Rater,
    ReportVersion,
    Round,
    RoundItem,
)
from .report import Figure, ItemRow
from .selectors import report_of

if TYPE_CHECKING:
    from stepwise.users.models import User

SUGGESTIONS_SHOWN = 5

# --- step 8: the development list ----------------------------------------------------------


def released_version(round: Round) -> ReportVersion | None:
    """The round's latest released report version: what the executive may read."""
    return round.report_versions.filter(released_at__isnull=False).order_by("-number").first()


def rounds_with_report(engagement: Engagement) -> list[Round]:
    """The engagement's closed 360 rounds whose report has been released to the executive."""
    return list(
        Round.objects.filter(
            engagement=engagement,
            kind=Questionnaire.Kind.FEEDBACK_360,
            status=Round.Status.CLOSED,
            report_versions__released_at__isnull=False,
        )
        .distinct()
        .order_by("-closes_on", "-created_at")
    )


def suggestions(round: Round) -> list[RoundItem]:
    """The round's lowest-rated scale items, as the development list offers them: read from the
    report the executive was given (its latest released version), so that the list and the report
    never disagree. Items are ranked by all others' mean where the report shows it; when it shows
    none (too few responses), the round's scale items in their order. Nothing before a release:
    the ranking itself tells results."""
    version = released_version(round)
    if version is None:
        return []
    scale = {item.position: item for item in round.items.filter(kind=ItemKind.SCALE).order_by("position")}
    shown = report_of(round=round, version=version)

    def mean(row: ItemRow) -> float | None:
        """Others' mean as the report shows it: the shown rater groups' cells pooled (the same for
        every item, whichever cells secondary suppression hid), else the all-others cell."""
        cells = [figure for group, figure in row.cells.items() if group in RATER_GROUPS]
        pooled = sum(cells, start=Figure(0, 0, (0,) * SCALE_MAX, 0)) if cells else row.others
        return pooled.mean if pooled is not None and pooled.count else None

    rated = [(value, row.item.position) for row in shown.items if not row.item.open if (value := mean(row)) is not None]
    if not rated:
        return list(scale.values())[:SUGGESTIONS_SHOWN]
    return [scale[position] for _value, position in sorted(rated)[:SUGGESTIONS_SHOWN] if position in scale]


def development_items(engagement: Engagement) -> list[DevelopmentItem]:
    """The development list, oldest first, with what each item links to (one query)."""
    return list(
        DevelopmentItem.objects.filter(engagement=engagement)
        .select_related("goal", "key_action", "item", "round")
        .order_by("created_at", "pk")
    )


def _checked(engagement: Engagement, *, text: str, goal: Goal | None, item: RoundItem | None) -> tuple[str, Goal]:
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Describe the behaviour as others receive it, and what you want to make right.")
    if goal is None or goal.engagement_id != engagement.pk:
        errors["goal"] = _("Choose the coaching goal this belongs to.")
    if item is not None and (item.round.engagement_id != engagement.pk or item.kind != ItemKind.SCALE):
        errors["item"] = _("Choose a question of one of this engagement's 360 rounds, or none.")
    if errors or goal is None:
        raise ValidationError(errors)
    return text, goal


def _key_action(*, goal: Goal, text: str, target_date: date | None, owner: str) -> NewKeyAction:
    return NewKeyAction(goal=goal, description=text, target_date=target_date, owner=owner)


@transaction.atomic
def development_item_create(
    *,
    engagement: Engagement,
    text: str,
    goal: Goal | None,
    item: RoundItem | None = None,
    as_key_action: bool = False,
    target_date: date | None = None,
    owner: str = "",
    token: UUID | None = None,
) -> DevelopmentItem:
    """Add to the development list; ``as_key_action`` also adds it to the goal's key actions.
    The same form sent twice (``token``) makes one item and one key action."""
    text, goal = _checked(engagement, text=text, goal=goal, item=item)

    def make() -> DevelopmentItem:
        made = DevelopmentItem(
            engagement=engagement, text=text, goal=goal, item=item, round=item.round if item else None
        )
        if as_key_action:
            (made.key_action,) = key_actions_add(
                actions=[_key_action(goal=goal, text=text, target_date=target_date, owner=owner)]
            )
        made.full_clean(exclude=["engagement", "round", "item", "goal", "key_action"])
        made.save()
        return made

    return submit_once(
        token=token,
        make=make,
        find=lambda made: DevelopmentItem.objects.filter(engagement=engagement, public_id=made).first(),
    )


@transaction.atomic
def development_item_save(
    *,
    item: DevelopmentItem,
    revision: int,
    text: str,
    goal: Goal | None,
    as_key_action: bool = False,
    target_date: date | None = None,
    owner: str = "",
) -> DevelopmentItem:
    """Change an item of the list; refused (``StaleEdit``) when it was saved elsewhere since the
    form was drawn, unless the form says what is saved already. An item that is not yet a key
    action can become one; a key action made earlier stays in the plan as it is."""
    text, goal = _checked(item.engagement, text=text, goal=goal, item=None)
    try:
        current = revision_claim(item, revision=revision)
    except StaleEdit as stale:
        saved = stale.current
        if saved.text == text and saved.goal_id == goal.pk and (saved.key_action_id or not as_key_action):
            return saved
        raise
    current.text = text
    current.goal = goal
    if as_key_action and current.key_action_id is None:
        (current.key_action,) = key_actions_add(
            actions=[_key_action(goal=goal, text=text, target_date=target_date, owner=owner)]
        )
    current.full_clean(exclude=["engagement", "round", "item", "goal", "key_action"])
    current.save()
    return current


@transaction.atomic
def development_item_delete(*, item: DevelopmentItem) -> None:
    """Take an item off the list. A key action it became stays in the plan."""
    DevelopmentItem.objects.filter(pk=item.pk).delete()


# --- step 9: the follow-up with each person who took part -----------------------------------


def participants(round: Round) -> list[Rater]:
    """Who took part in ``round`` (submitted answers), by name, with their follow-up if any.
    Never what they said: nothing links a rater to an answer."""
    return list(
        round.raters.filter(answer=Rater.Answer.SUBMITTED)
        .select_related("stakeholder", "follow_up")
        .order_by("stakeholder__name", "pk")
    )


def follow_up_progress(round: Round) -> tuple[int, int]:
    """``(met, took_part)``: "met 6 of 9" for the round page, the engagement page and the home
    page. A follow-up counts once its meeting has a date. One query."""
    figures = round.raters.filter(answer=Rater.Answer.SUBMITTED).aggregate(
        took_part=Count("pk"), met=Count("pk", filter=Q(follow_up__met_on__isnull=False))
    )
    return figures["met"], figures["took_part"]


@dataclass(frozen=True)
class FollowUpValues:
    met_on: date | None
    thanked: bool
    shared: str
    actions: str

    def same_as(self, follow_up: FollowUp) -> bool:
        return (follow_up.met_on, follow_up.thanked, follow_up.shared, follow_up.actions) == (
            self.met_on,
            self.thanked,
            self.shared,
            self.actions,
        )


def _follow_up_checked(rater: Rater, values: FollowUpValues, today: date) -> FollowUpValues:
    if rater.round.status != Round.Status.CLOSED:
        raise ValidationError(_("Follow-ups are recorded once the round has closed."), code="not_closed")
    if rater.answer != Rater.Answer.SUBMITTED:
        raise ValidationError(_("This person did not take part in the round."), code="not_participant")
    if values.met_on is None:
        raise ValidationError({"met_on": _("Enter the date you met.")})
    if values.met_on > today:
        raise ValidationError({"met_on": _("This date is in the future. Record the meeting once it has taken place.")})
    return FollowUpValues(
        met_on=values.met_on, thanked=values.thanked, shared=values.shared.strip(), actions=values.actions.strip()
    )


@transaction.atomic
def follow_up_save(*, rater: Rater, revision: int, values: FollowUpValues, today: date) -> FollowUp:
    """Record (or correct) the follow-up meeting with ``rater``: one per rater, kept by the
    database. ``revision`` 0 means the form was drawn before any was recorded. A form that says
    exactly what is saved already (a double click, thirty at once) returns the saved one; a
    different one raises ``StaleEdit`` with it."""
    values = _follow_up_checked(rater, values, today)
    existing = FollowUp.objects.filter(rater=rater).first()
    if existing is None:
        try:
            with transaction.atomic():
                follow_up = FollowUp(rater=rater, revision=1, **values.__dict__)
                follow_up.full_clean(exclude=["rater"])
                follow_up.save()
                return follow_up
        except IntegrityError:  # recorded a moment ago from another tab: compare with it below
            existing = FollowUp.objects.get(rater=rater)
    try:
        current = revision_claim(existing, revision=revision)
    except StaleEdit as stale:
        if values.same_as(stale.current):
            return stale.current
        raise
    for name, value in values.__dict__.items():
        setattr(current, name, value)
    current.full_clean(exclude=["rater"])
    current.save()
    return current


REMINDER_KIND = "follow_up"


def _executives(engagement_ids: set[int]) -> dict[int, "User"]:
    return {
        p.engagement_id: p.user
        for p in Participant.objects.joined()
        .filter(engagement_id__in=engagement_ids, role=Participant.Role.EXECUTIVE, user__is_active=True)
        .select_related("user")
    }


@transaction.atomic
def follow_up_reminders_send(*, now: datetime) -> int:
    """Remind each executive, once a week, of the closed 360 rounds where someone who took part
    has no follow-up recorded yet. Each reminder is claimed in ``ReminderSent`` in a savepoint
    before its mail is queued, so two workers running at once send it once. A fixed number of
    queries, plus one insert per reminder."""
    from stepwise.meetings.calendar import zone_of
    from stepwise.meetings.models import ReminderSent

    rounds = list(
        Round.objects.filter(kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.CLOSED)
        .exclude(engagement__status=Engagement.Status.CLOSED)
        .annotate(
            missing=Count(
                "raters",
                filter=Q(raters__answer=Rater.Answer.SUBMITTED)
                & (Q(raters__follow_up__isnull=True) | Q(raters__follow_up__met_on__isnull=True)),
            ),
        )
        .filter(missing__gt=0)
        .select_related("engagement")
    )
    if not rounds:
        return 0
    executives = _executives({r.engagement_id for r in rounds})
    queued = 0
    for round in rounds:
        executive = executives.get(round.engagement_id)
        if executive is None:
            continue
        year, week, _day = timezone.localdate(now, zone_of(executive)).isocalendar()
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    user=executive, kind=REMINDER_KIND, key=f"{round.public_id}:{year}-W{week:02d}"
                )
        except IntegrityError:
            continue  # sent this week already, or by the other worker a moment ago
        with timezone.override(zone_of(executive)):
            mail_queue(
                template="feedback/email/follow_up_reminder",
                to=[executive.email],
                context={"person": executive, "round": round, "engagement": round.engagement, "missing": round.missing},
            )
        queued += 1
    return queued


TICK_HOURS = 6


@task()
def follow_ups_tick() -> int:
    """Send the follow-up reminders that are due, after queueing the next run."""
    from datetime import timedelta

    now = timezone.now()
    if follow_ups_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        follow_ups_tick.using(run_after=now + timedelta(hours=TICK_HOURS)).enqueue()
    return follow_up_reminders_send(now=now)


# --- the engagement page --------------------------------------------------------------------


def practice_summary(access: Access) -> dict[str, Any]:
    """What the engagement page shows of the practice steps 7–9, for those who read them: the
    pulse's chart, the follow-ups of the latest closed 360 ("met 6 of 9") and the length of the
    development list. A fixed number of queries."""
    from .pulse import pulse_chart, pulse_sendings

    summary: dict[str, Any] = {}
    engagement = access.engagement
    if access.can_read(Part.PULSE):
        summary["pulse_chart"] = pulse_chart(pulse_sendings(engagement))
    if access.can_read(Part.PARTICIPATION):
        latest = (
            Round.objects.filter(
                engagement=engagement, kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.CLOSED
            )
            .order_by("-closes_on", "-created_at")
            .first()
        )
        if latest is not None:
            met, took_part = follow_up_progress(latest)
            summary["follow_ups"] = {"round": latest, "met": met, "took_part": took_part}
    if access.can_read(Part.DEVELOPMENT_LIST):
        summary["development_items"] = DevelopmentItem.objects.filter(engagement=engagement).count()
    return {"practice": summary} if summary else {}
