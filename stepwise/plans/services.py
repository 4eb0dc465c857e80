"""Steps 3–4 workflows: goals and their deep dive, key actions, measures and readings, approval."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stepwise.agreements.models import Agreement
from stepwise.engagements.models import Engagement
from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import StaleEdit, revision_check, revision_claim
from stepwise.users.models import User

from .models import GOAL_FIELDS, Goal, GoalDecision, KeyAction, Measure, Reading

if TYPE_CHECKING:
    from stepwise.meetings.models import Session


@transaction.atomic
def goal_create(*, engagement: Engagement, title: str, token: UUID) -> Goal:
    """Start a goal. The same form sent twice (a double click, a retry) makes one goal."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Write the goal in a sentence or two.")})

    def make() -> Goal:
        position = (Goal.objects.filter(engagement=engagement).aggregate(Max("position"))["position__max"] or 0) + 1
        return Goal.objects.create(engagement=engagement, title=title, position=position, create_token=token)

    return submit_once(
        token=token, make=make, find=lambda made: Goal.objects.filter(engagement=engagement, public_id=made).first()
    )


def _action_key(row: dict[str, Any]) -> tuple[Any, ...]:
    # The owner is left out: a blank one is filled in with the author's name when saved.
    return (row["description"], row["target_date"], row["status"])


def _measure_key(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["name"], row["unit"], _dec(row["baseline"]), _dec(row["target"]))


def _dec(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _same_as_saved(
    goal: Goal, values: dict[str, Any], actions: list[dict[str, Any]], measures: list[dict[str, Any]]
) -> bool:
    """Whether a form built on an older revision says exactly what is saved now (a double submit)."""
    if any(getattr(goal, name) != values[name] for name in GOAL_FIELDS if name in values):
        return False
    saved_actions = sorted(_action_key(a.__dict__) for a in goal.actions.all())
    sent_actions = sorted(_action_key(r) for r in actions if not r.get("remove"))
    saved_measures = sorted(_measure_key(m.__dict__) for m in goal.measures.all())
    sent_measures = sorted(_measure_key(r) for r in measures if not r.get("remove"))
    return saved_actions == sent_actions and saved_measures == sent_measures


@transaction.atomic
def goal_save(
    *,
    goal: Goal,
    revision: int,
    values: dict[str, Any],
    actions: list[dict[str, Any]],
    measures: list[dict[str, Any]],
    user: User,
) -> Goal:
    """Save the goal page: deep dive, key actions and measures together, or nothing.

    Refused when someone saved the goal since this form was loaded, unless the form says exactly
    what was saved (the same form sent twice). A goal the sponsor approved goes back to them when
    what they approved changes.
    """
    try:
        current = revision_claim(
            goal,
            revision=revision,
            message=_(
                "Someone else saved this goal while you were editing it. Your version is kept below "
                "and the saved one is shown beside it: compare, then save again."
            ),
        )
    except StaleEdit as stale:
        if _same_as_saved(stale.current, values, actions, measures):
            return stale.current
        raise
    before = current.snapshot()
    for name in GOAL_FIELDS:
        if name in values:
            setattr(current, name, values[name])
    current.full_clean(exclude=["engagement", "approved_by"])
    current.save()
    _sync_actions(current, actions, user)
    _sync_measures(current, measures)
    after = current.snapshot(list(current.measures.all()))
    if after != before and current.approval in (Goal.Approval.APPROVED, Goal.Approval.CHANGES):
        # What the sponsor decided on has changed: it goes back to them, showing the change.
        current.approval = Goal.Approval.PENDING
        current.save(update_fields=["approval", "updated_at"])
        _tell_sponsors(current)
    return current


def _sync_actions(goal: Goal, rows: list[dict[str, Any]], user: User) -> None:
    existing = {a.public_id: a for a in goal.actions.all()}
    position = 0
    for row in rows:
        action = existing.get(row["id"]) if row.get("id") else None
        if row.get("id") and action is None:
            continue  # removed in between by the other person: their removal stands
        if row.get("remove"):
            if action is not None:
                action.delete()
            continue
        position += 1
        fields = {
            "description": row["description"],
            "target_date": row["target_date"],
            "owner": row["owner"] or (user.full_name if action is None else ""),
            "position": position,
        }
        action = action or KeyAction(goal=goal)
        for name, value in fields.items():
            setattr(action, name, value)
        action.status_set(row["status"], today=timezone.localdate(), completed_on=row["completed_on"])
        action.save()


@dataclass(frozen=True)
class NewKeyAction:
    """A key action to add to a goal from outside the goal page (an action item of a session)."""

    goal: Goal
    description: str
    target_date: date | None = None
    owner: str = ""


@transaction.atomic
def key_actions_add(*, actions: list[NewKeyAction], session: "Session | None" = None) -> list[KeyAction]:
    """Add key actions at the end of their goals' lists (``session``: the session they came out
    of), each checked like a saved model (``full_clean``). Two queries and one insert each."""
    if not actions:
        return []
    goals = {new.goal.pk for new in actions}
    last = dict(
        KeyAction.objects.filter(goal__in=goals).values("goal").annotate(top=Max("position")).values_list("goal", "top")
    )
    made = []
    for new in actions:
        position = last.get(new.goal.pk, 0) + 1
        last[new.goal.pk] = position
        action = KeyAction(
            goal=new.goal,
            position=position,
            description=new.description.strip(),
            target_date=new.target_date,
            owner=new.owner,
            session=session,
        )
        action.full_clean(exclude=["goal", "session"])
        action.save()
        made.append(action)
    return made


@transaction.atomic
def key_action_status_set(*, action: KeyAction, status: str, today: date) -> KeyAction:
    """Change a key action's status outside the goal page (a check-in), with the completion-date
    rule of :meth:`KeyAction.status_set` (``today``: the date where the person is), checked
    (``full_clean``) and saved."""
    action.status_set(status, today=today)
    action.full_clean(exclude=["goal", "session"])
    action.save(update_fields=["status", "completed_on", "updated_at"])
    return action


def _sync_measures(goal: Goal, rows: list[dict[str, Any]]) -> None:
    existing = {m.public_id: m for m in goal.measures.all()}
    for row in rows:
        measure = existing.get(row["id"]) if row.get("id") else None
        if row.get("id") and measure is None:
            continue
        if row.get("remove"):
            if measure is not None:
                measure.delete()
            continue
        fields = {
            "name": row["name"],
            "unit": row["unit"].strip(),
            "baseline": row["baseline"],
            "target": row["target"],
        }
        if measure is None:
            Measure.objects.create(goal=goal, **fields)
        else:
            for name, value in fields.items():
                setattr(measure, name, value)
            measure.save()


def _tell_sponsors(goal: Goal) -> None:
    """Ask the sponsors to decide; the mail says whether they approved an earlier version, asked
    for changes to it, or see the goal for the first time."""
    engagement = goal.engagement
    for sponsor in engagement.sponsors():
        mail_queue(
            template="plans/email/approval_asked",
            to=[sponsor.email],
            context={"person": sponsor, "goal": goal, "engagement": engagement},
        )


@transaction.atomic
def goal_ask_approval(*, goal: Goal) -> Goal:
    """Send the goal to the sponsor(s) to approve."""
    goal = Goal.objects.select_for_update().select_related("engagement").get(pk=goal.pk)
    agreement = Agreement.objects.in_force_for(goal.engagement)
    if agreement is None or not agreement.sponsor_approves_goals:
        raise ValidationError(_("The agreement in force does not ask the sponsor to approve goals."))
    if goal.approval == Goal.Approval.PENDING:
        return goal  # asked already (a double click); nobody is mailed twice
    if goal.approval == Goal.Approval.APPROVED and goal.approved_snapshot == goal.snapshot():
        raise ValidationError(_("The sponsor has approved this goal as it stands."))
    if not goal.engagement.sponsors():
        raise ValidationError(
            _("No sponsor has joined this engagement yet. Ask the coach to invite one, or to send a new invitation.")
        )
    goal.approval = Goal.Approval.PENDING
    goal.save(update_fields=["approval", "updated_at"])
    _tell_sponsors(goal)
    return goal


@transaction.atomic
def goal_decide(*, goal: Goal, sponsor: User, decision: str, comment: str, revision: int) -> GoalDecision:
    """Record the sponsor's decision on the goal exactly as they read it."""
    goal = revision_check(
        goal,
        revision=revision,
        message=_("The goal was changed while you were reading it. Read the new version below, then decide again."),
    )
    if goal.approval != Goal.Approval.PENDING:
        raise ValidationError(_("This goal is not waiting for a decision. Nothing was recorded."))
    snapshot = goal.snapshot()
    record = GoalDecision.objects.create(
        goal=goal, sponsor=sponsor, decision=decision, comment=comment.strip(), snapshot=snapshot
    )
    if decision == GoalDecision.Decision.APPROVED:
        goal.approval = Goal.Approval.APPROVED
        goal.approved_snapshot = snapshot
        goal.approved_at = record.created_at
        goal.approved_by = sponsor
    else:
        goal.approval = Goal.Approval.CHANGES
    goal.decided_snapshot = snapshot
    goal.last_decision = decision
    goal.save()
    engagement = goal.engagement
    for person in [engagement.coach, *engagement.executives()]:
        mail_queue(
            template="plans/email/decided",
            to=[person.email],
            context={"person": person, "goal": goal, "engagement": engagement, "record": record, "sponsor": sponsor},
        )
    return record


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    Goal.objects.filter(pk=goal.pk).delete()


@transaction.atomic
def reading_add(*, measure: Measure, taken_on: date, value: Decimal, user: User, token: UUID | None = None) -> Reading:
    """Record a reading. The same reading sent twice is kept once (``token``, and the same value
    for the same day); a different value for a day that already has one is refused rather than
    silently replacing it."""
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": _("This date is in the future. Enter readings once they are taken.")})
    return submit_once(
        token=token,
        make=lambda: _reading_make(measure=measure, taken_on=taken_on, value=value, user=user),
        find=lambda made: Reading.objects.filter(measure=measure, public_id=made).first(),
    )


def _reading_make(*, measure: Measure, taken_on: date, value: Decimal, user: User) -> Reading:
    existing = Reading.objects.select_for_update().filter(measure=measure, taken_on=taken_on).first()
    if existing is not None:
        if existing.value == value:
            return existing
        raise ValidationError(
            {
                "taken_on": _(
                    "There is already a reading for %(day)s (%(value)s). Remove it first if it was wrong, "
                    "or choose another date."
                )
                % {"day": formats.date_format(taken_on, "j F Y"), "value": formats.number_format(existing.value)}
            }
        )
    try:
        with transaction.atomic():
            return Reading.objects.create(measure=measure, taken_on=taken_on, value=value, recorded_by=user)
    except IntegrityError:  # another form recorded this day a moment ago: compare with it, as above
        return _reading_make(measure=measure, taken_on=taken_on, value=value, user=user)


@transaction.atomic
def reading_remove(*, reading: Reading) -> None:
    Reading.objects.filter(pk=reading.pk).delete()
