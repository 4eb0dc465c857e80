"""Retention: how long an engagement's coaching content is kept after its close, and removing it.

The practice admin sets the number of days (``RetentionSetting``, one row). Once an engagement
has been closed that long, the worker's retention tick (``tasks_retention.py``) calls
:func:`retention_apply`, which deletes or blanks the coaching content listed in ``CONTENT`` and
keeps what the closing report and the ROI need: the engagement's facts, dates and people, the
signed agreements, each session's date and status (the attendance counts), the goals' titles and
status, measures and readings, the 360 rounds and their anonymous numbers (ratings and
mini-survey answers are aggregates already), the ROI lines. It writes a ``RetentionRecord`` with
the count of rows it deleted and blanked in each table.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.feedback.models import Comment, DevelopmentItem, Draft, FollowUp, PendingSubmission
from stepwise.lib.models import StoredRendering
from stepwise.lib.revisions import revision_claim
from stepwise.meetings.models import AgendaItem, CheckIn, Message, PrivateNote, ProgressReview, Session
from stepwise.plans.models import GOAL_FIELDS, Goal, GoalDecision, KeyAction
from stepwise.worksheets.models import Assessment, AssessmentNote, SelfRating, Worksheet

from .models import Closure, RetentionRecord, RetentionSetting, SustainChange, SustainCheckIn, SustainPlan


@dataclass(frozen=True)
class Content:
    """Coaching content of one table: ``rows(engagement)`` are deleted, or, when ``blank`` names
    fields, kept with those fields set to the values given (``blank_row`` for values made per row)."""

    rows: Callable[[Engagement], models.QuerySet[Any]]
    blank: dict[str, Any] | None = None
    blank_row: Callable[[Any], dict[str, Any]] | None = None

    def label(self, engagement: Engagement) -> str:
        return self.rows(engagement).model._meta.label


def _goal_blank(goal: Goal) -> dict[str, Any]:
    """The deep dive goes; the title and the approval stay (the closing report lists them)."""
    empty = {name: _empty(getattr(goal, name)) for name in GOAL_FIELDS if name != "title"}
    snapshot = {"title": goal.title} if goal.approved_snapshot is not None else None
    return empty | {"approved_snapshot": snapshot, "decided_snapshot": None}


def _empty(value: Any) -> Any:
    return [] if isinstance(value, list) else {} if isinstance(value, dict) else ""


def _stakeholder_blank(stakeholder: Stakeholder) -> dict[str, Any]:
    """Third parties' names and addresses go; the relationship stays (the 360's groups)."""
    return {"name": _("Stakeholder"), "email": f"{stakeholder.public_id}@removed.invalid"}


# In the order they are removed: rows that point at others go before them.
CONTENT: tuple[Content, ...] = (
    Content(lambda e: SustainChange.objects.filter(plan__engagement=e)),
    Content(lambda e: SustainCheckIn.objects.filter(plan__engagement=e)),
    Content(lambda e: SustainPlan.objects.filter(engagement=e)),
    Content(lambda e: AgendaItem.objects.filter(session__engagement=e)),
    Content(lambda e: PrivateNote.objects.filter(session__engagement=e)),
    Content(lambda e: CheckIn.objects.filter(key_action__goal__engagement=e)),
    Content(lambda e: ProgressReview.objects.filter(engagement=e)),
    Content(lambda e: Message.objects.filter(engagement=e)),
    Content(lambda e: FollowUp.objects.filter(rater__round__engagement=e)),
    Content(lambda e: DevelopmentItem.objects.filter(engagement=e)),
    Content(lambda e: Comment.objects.filter(round__engagement=e)),
    Content(lambda e: Draft.objects.filter(round__engagement=e)),
    Content(lambda e: PendingSubmission.objects.filter(round__engagement=e)),
    Content(lambda e: KeyAction.objects.filter(goal__engagement=e)),
    Content(lambda e: SelfRating.objects.filter(engagement=e)),
    Content(lambda e: AssessmentNote.objects.filter(assessment__engagement=e)),
    Content(lambda e: Assessment.objects.filter(engagement=e)),
    Content(lambda e: Worksheet.objects.filter(engagement=e)),
    Content(lambda e: Session.objects.filter(engagement=e), blank={"shared_notes": "", "reason": "", "where": ""}),
    Content(lambda e: GoalDecision.objects.filter(goal__engagement=e), blank={"comment": "", "snapshot": {}}),
    Content(lambda e: Goal.objects.filter(engagement=e), blank_row=_goal_blank),
    Content(lambda e: Stakeholder.objects.filter(engagement=e), blank_row=_stakeholder_blank),
)

# Stored PDFs of these tables are removed with their rows (an agreement's stays, like the agreement).
RENDERED = (ProgressReview,)


def retention_setting() -> RetentionSetting:
    """The practice's setting: its row, or the default until the practice admin first saves it."""
    return RetentionSetting.objects.filter(key=1).first() or RetentionSetting(key=1)


def retention_days() -> int:
    return retention_setting().retention_days


def closed_on(engagement: Engagement) -> date | None:
    """The day it was closed; for one closed before closures were recorded, its planned end."""
    if engagement.status != Engagement.Status.CLOSED:
        return None
    closure = Closure.objects.filter(engagement=engagement).first()
    return closure.closed_on if closure else engagement.end_date


def retention_ends_on(engagement: Engagement) -> date | None:
    """The last day its coaching content is kept: the close plus the practice's retention days.
    ``None`` while it is not closed (the time starts at the close). Mini-surveys and sustain
    check-ins after this day are refused: the content they would add is removed then."""
    closed = closed_on(engagement)
    return closed + timedelta(days=retention_days()) if closed else None


@transaction.atomic
def retention_setting_save(*, retention_days: int, revision: int | None) -> RetentionSetting:
    """The practice admin's change; refused with ``StaleEdit`` when saved since the form was drawn."""
    setting, _made = RetentionSetting.objects.get_or_create(key=1)
    if retention_days < 1:
        raise ValidationError({"retention_days": _("Keep the content at least one day after the close.")})
    current = revision_claim(setting, revision=revision)
    current.retention_days = retention_days
    current.full_clean()
    current.save()
    return current


def retention_due(*, today: date) -> list[tuple[Engagement, date]]:
    """Closed engagements not processed yet, with the last day of their retention, soonest first;
    the ones whose day has passed are due."""
    days = timedelta(days=retention_days())
    closed = (
        Engagement.objects.filter(status=Engagement.Status.CLOSED, retention_record__isnull=True)
        .select_related("organisation", "closure")
        .order_by("pk")
    )
    found = []
    for engagement in closed:
        closure = getattr(engagement, "closure", None)
        found.append((engagement, (closure.closed_on if closure else engagement.end_date) + days))
    return sorted(found, key=lambda pair: pair[1])


def retention_counts(engagement: Engagement) -> dict[str, int]:
    """How many rows of each table of ``CONTENT`` the engagement holds (for the page and tests)."""
    return {item.label(engagement): item.rows(engagement).count() for item in CONTENT}


@transaction.atomic
def retention_apply(*, engagement: Engagement, now: Any = None) -> RetentionRecord | None:
    """Remove ``engagement``'s coaching content and record what was removed. ``None`` when it is
    not closed or was processed already (by another worker a moment ago, too)."""
    now = now or timezone.now()
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    closed = closed_on(locked)
    if closed is None or RetentionRecord.objects.filter(engagement=locked).exists():
        return None
    deleted: dict[str, int] = {}
    anonymised: dict[str, int] = {}
    rendered = {model: list(model.objects.filter(engagement=locked).values_list("pk", flat=True)) for model in RENDERED}
    for item in CONTENT:
        rows = item.rows(locked)
        label = rows.model._meta.label
        if item.blank is not None:
            anonymised[label] = rows.update(**item.blank)
        elif item.blank_row is not None:
            count = 0
            for row in rows:
                type(row).objects.filter(pk=row.pk).update(**item.blank_row(row))
                count += 1
            anonymised[label] = count
        else:
            deleted.setdefault(label, 0)
            _total, by_table = rows.delete()  # with what cascades from them, each under its own table
            for table, count in by_table.items():
                deleted[table] = deleted.get(table, 0) + count
    for model, pks in rendered.items():
        kind = ContentType.objects.get_for_model(model)
        stored = StoredRendering.objects.filter(content_type=kind, object_id__in=pks)
        deleted["lib.StoredRendering"] = deleted.get("lib.StoredRendering", 0) + stored.delete()[0]
    try:
        with transaction.atomic():
            return RetentionRecord.objects.create(
                engagement=locked,
                processed_at=now,
                closed_on=closed,
                retention_days=retention_days(),
                deleted=deleted,
                anonymised=anonymised,
            )
    except IntegrityError:  # another worker recorded it a moment ago; its transaction did the work
        transaction.set_rollback(True)
        return None


def retention_run(*, today: date, now: Any = None) -> list[RetentionRecord]:
    """Apply retention to every engagement whose retention has ended before ``today``, each in its
    own transaction (one that fails stops no other)."""
    done = []
    for engagement, ends_on in retention_due(today=today):
        if ends_on >= today:
            break
        record = retention_apply(engagement=engagement, now=now)
        if record is not None:
            done.append(record)
    return done
