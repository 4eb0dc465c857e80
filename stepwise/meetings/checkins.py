"""Check-ins between sessions: the executive's short update on each open key action.

The executive sends one form with a row per open key action; only rows that changed (status
or progress) or carry a comment or a blocker are stored, as one :class:`CheckIn` each, and the
key action's status follows. The coach reads what changed since the last held session.

Public: :func:`checkin_send`, :func:`changes_since_last_session` (whether one is owed: ``progress``),
:func:`checkin_history`, :func:`demo_checkins`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stepwise.engagements.models import Engagement
from stepwise.lib.forms import TOO_LONG
from stepwise.lib.once import OneTimeTokenField, submit_once
from stepwise.plans.models import KeyAction
from stepwise.users.models import User

from .models import CheckIn, Session

HISTORY_SIZE = 30


# Selectors ---------------------------------------------------------------------------------


def _with_last_checkin(actions: QuerySet[KeyAction]) -> QuerySet[KeyAction]:
    latest = CheckIn.objects.filter(key_action=OuterRef("pk")).order_by("-created_at", "-pk")
    return actions.annotate(
        last_progress=Subquery(latest.values("progress")[:1]),
        last_checkin_status=Subquery(latest.values("status")[:1]),
        last_checkin_at=Subquery(latest.values("created_at")[:1]),
    )


PLAN_ORDER = ("goal__position", "goal__created_at", "position", "created_at")


def open_actions(engagement: Engagement) -> list[KeyAction]:
    """The engagement's open key actions in plan order, each with ``last_progress`` (the latest
    check-in's, or None), in one query."""
    actions = KeyAction.objects.open().filter(goal__engagement=engagement).select_related("goal")
    return list(_with_last_checkin(actions).order_by(*PLAN_ORDER))


def actions_named(engagement: Engagement, public_ids: list[str]) -> list[KeyAction]:
    """The engagement's key actions among ``public_ids`` (whatever their status), in plan order,
    annotated like :func:`open_actions`: the rows a sent check-in form was built with."""
    ids = []
    for raw in public_ids[:200]:
        try:
            ids.append(UUID(str(raw)))
        except ValueError:
            continue
    actions = KeyAction.objects.filter(goal__engagement=engagement, public_id__in=ids).select_related("goal")
    return list(_with_last_checkin(actions).order_by(*PLAN_ORDER))


def last_held_session_start(engagement: Engagement, *, before: datetime | None = None) -> datetime | None:
    """When the last held session started (None while none was held)."""
    sessions = Session.objects.filter(engagement=engagement, status=Session.Status.HELD)
    if before is not None:
        sessions = sessions.filter(starts_at__lt=before)
    return sessions.order_by("-starts_at").values_list("starts_at", flat=True).first()


@dataclass(frozen=True)
class CheckInChange:
    """One change to a key action since the last held session, for the coach to read.

    ``via_checkin`` is False for a status changed on the plan page after the executive's last
    check-in (then ``at`` is when the action was saved, ``progress`` the last check-in's, and
    ``comment``, ``blocker`` and ``author`` are empty).
    """

    action_id: UUID  # the key action's public id
    action: str  # its description
    goal: str  # its goal's title
    status_before: str  # a KeyAction.Status value, "" if not known
    status_before_label: str
    status: str
    status_label: str
    progress: int | None
    comment: str
    blocker: str
    author: str  # the person's full name
    at: datetime
    via_checkin: bool = True

    @property
    def status_changed(self) -> bool:
        return bool(self.status_before) and self.status_before != self.status


def _label(status: str) -> str:
    return str(KeyAction.Status(status).label) if status in KeyAction.Status.values else ""


def changes_since_last_session(engagement: Engagement) -> list[CheckInChange]:
    """Check-ins sent since the start of the last held session (all of them while none was held),
    grouped by key action in plan order, newest first within each action; then the actions whose
    status was changed on the plan page after their last check-in. Three queries."""
    since = last_held_session_start(engagement)
    checkins = CheckIn.objects.filter(key_action__goal__engagement=engagement).select_related(
        "key_action__goal", "author"
    )
    if since is not None:
        checkins = checkins.filter(created_at__gte=since)
    checkins = checkins.order_by(
        "key_action__goal__position", "key_action__goal__created_at", "key_action__position", "key_action__pk",
        "-created_at", "-pk",
    )  # fmt: skip
    changes = [
        CheckInChange(
            action_id=c.key_action.public_id,
            action=c.key_action.description,
            goal=c.key_action.goal.title,
            status_before=c.status_before,
            status_before_label=_label(c.status_before),
            status=c.status,
            status_label=_label(c.status),
            progress=c.progress,
            comment=c.comment,
            blocker=c.blocker,
            author=c.author.full_name if c.author else "",
            at=c.created_at,
        )
        for c in checkins
    ]
    # A status changed after the last check-in, on the plan page: the check-in says what it was.
    changed = _with_last_checkin(KeyAction.objects.filter(goal__engagement=engagement).select_related("goal"))
    if since is not None:
        changed = changed.filter(updated_at__gte=since)
    for action in changed.order_by(*PLAN_ORDER):
        last_at, last_status = action.last_checkin_at, action.last_checkin_status  # type: ignore[attr-defined]
        if last_at is None or last_at >= action.updated_at or last_status == action.status:
            continue
        changes.append(
            CheckInChange(
                action_id=action.public_id,
                action=action.description,
                goal=action.goal.title,
                status_before=last_status,
                status_before_label=_label(last_status),
                status=action.status,
                status_label=_label(action.status),
                progress=action.last_progress,  # type: ignore[attr-defined]
                comment="",
                blocker="",
                author="",
                at=action.updated_at,
                via_checkin=False,
            )
        )
    return changes


def checkin_history(engagement: Engagement, *, limit: int = HISTORY_SIZE) -> list[CheckIn]:
    """The latest check-ins, newest first, with their action, goal and author (one query)."""
    return list(
        CheckIn.objects.filter(key_action__goal__engagement=engagement)
        .select_related("key_action__goal", "author")
        .order_by("-created_at", "-pk")[:limit]
    )


# Forms -------------------------------------------------------------------------------------


class CheckInForm(forms.Form):
    """The form's one-time token: the same form sent twice stores once."""

    token = OneTimeTokenField(required=True)


class CheckInRowForm(forms.Form):
    """One key action's row. ``seen`` is the status the page showed, to notice a change made
    elsewhere in between."""

    seen = forms.ChoiceField(choices=KeyAction.Status.choices, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=KeyAction.Status.choices)
    progress = forms.IntegerField(
        label=gettext_lazy("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": gettext_lazy("Enter a percentage from 0 to 100."),
            "max_value": gettext_lazy("Enter a percentage from 0 to 100."),
            "invalid": gettext_lazy("Enter a whole number from 0 to 100, for example 40."),
            "required": gettext_lazy("Enter a percentage from 0 to 100 (0 if you have not started)."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5, "inputmode": "numeric"}),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    blocker = forms.CharField(
        label=gettext_lazy("What blocks it"),
        required=False,
        max_length=2000,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, action: KeyAction, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"a-{action.public_id}")
        last = getattr(action, "last_progress", None)
        kwargs.setdefault(
            "initial",
            {
                "seen": action.status,
                "status": action.status,
                "progress": last if last is not None else (100 if action.status == KeyAction.Status.DONE else 0),
            },
        )
        super().__init__(*args, **kwargs)
        self.action = action


def checkin_rows(actions: list[KeyAction], data: Any = None) -> list[CheckInRowForm]:
    return [CheckInRowForm(data, action=action) for action in actions]


# Services ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInRow:
    """What the executive sent for one key action."""

    action: KeyAction
    seen: str  # the status the page showed
    status: str
    progress: int
    comment: str = ""
    blocker: str = ""


@transaction.atomic
def checkin_send(
    *, engagement: Engagement, author: User, rows: list[CheckInRow], token: UUID, today: date
) -> list[CheckIn]:
    """Store the executive's check-in and bring each key action's status along.

    Only rows that change the status or the progress, or carry a comment or a blocker, are
    stored. A status set to done records ``today`` (the executive's date) as the day it was done.
    The same form sent twice stores once (``token``); a key action changed elsewhere since the
    page was loaded refuses the whole check-in with code "conflict", naming the actions.
    """
    return submit_once(
        token=token,
        make=lambda: _checkins_make(engagement=engagement, author=author, rows=rows, token=token, today=today),
        find=lambda _made: list(CheckIn.objects.filter(key_action__goal__engagement=engagement, token=token)) or None,
    )


def _checkins_make(
    *, engagement: Engagement, author: User, rows: list[CheckInRow], token: UUID, today: date
) -> list[CheckIn]:
    for row in rows:
        if not 0 <= row.progress <= 100:
            raise ValidationError({"progress": _("Enter a percentage from 0 to 100.")})
    ids = [row.action.pk for row in rows]
    current = {
        a.pk: a
        for a in _with_last_checkin(
            KeyAction.objects.select_for_update(of=("self",)).filter(goal__engagement=engagement, pk__in=ids)
        )
    }
    moved = [row.action for row in rows if row.action.pk not in current or current[row.action.pk].status != row.seen]
    if moved:
        raise ValidationError(
            _(
                "Meanwhile someone changed %(actions)s. Your entries are kept below next to the status as it "
                "is now: check them, then send your check-in again."
            )
            % {"actions": ", ".join(f"“{a.description}”" for a in moved)},
            code="conflict",
        )
    made: list[CheckIn] = []
    for row in rows:
        action = current[row.action.pk]
        last = action.last_progress  # type: ignore[attr-defined]
        last_progress = last if last is not None else (100 if action.status == KeyAction.Status.DONE else 0)
        comment, blocker = row.comment.strip(), row.blocker.strip()
        if row.status == action.status and row.progress == last_progress and not comment and not blocker:
            continue
        made.append(
            CheckIn(
                key_action=action,
                author=author,
                status_before=action.status,
                status=row.status,
                progress=row.progress,
                comment=comment,
                blocker=blocker,
                token=token,
            )
        )
        if row.status != action.status:
            action.status = row.status
            action.completed_on = today if row.status == KeyAction.Status.DONE else None
            action.save(update_fields=["status", "completed_on", "updated_at"])
    if not made:
        raise ValidationError(
            _("Nothing changed, so nothing was sent. Change a status or a percentage, or add a comment, then send.")
        )
    for checkin in made:
        checkin.full_clean(exclude=["key_action", "author", "token"])
    return CheckIn.objects.bulk_create(made)


# Demo ----------------------------------------------------------------------------------------


def demo_checkins(engagement: Engagement, *, today: date) -> list[CheckIn]:
    """Two check-ins over the past weeks (16 and 5 days ago) on the engagement's open key actions:
    the first starts them, the second moves one on with a blocker. Needs an executive and at least
    one open key action; returns the check-ins made (none without them, or when the engagement
    has check-ins already: the demo is loaded again on every `make run`)."""
    if CheckIn.objects.filter(key_action__goal__engagement=engagement).exists():
        return []
    executives = engagement.executives()
    actions = open_actions(engagement)
    if not executives or not actions:
        return []
    made: list[CheckIn] = []
    first = [
        CheckInRow(
            action=a,
            seen=a.status,
            status=KeyAction.Status.IN_PROGRESS,
            progress=20,
            comment=_("Started this week.") if i == 0 else "",
        )
        for i, a in enumerate(actions[:2])
    ]
    batch = checkin_send(engagement=engagement, author=executives[0], rows=first, token=uuid4(), today=today)
    _backdate(batch, today - timedelta(days=16))
    made += batch
    action = open_actions(engagement)[0]
    second = [
        CheckInRow(
            action=action,
            seen=action.status,
            status=KeyAction.Status.IN_PROGRESS,
            progress=60,
            comment=_("Two of the three hand-overs are done."),
            blocker=_("Waiting for my deputy to come back from leave."),
        )
    ]
    batch = checkin_send(engagement=engagement, author=executives[0], rows=second, token=uuid4(), today=today)
    _backdate(batch, today - timedelta(days=5))
    return made + batch


def _backdate(checkins: list[CheckIn], day: date) -> None:
    when = timezone.make_aware(datetime.combine(day, time(18)))
    CheckIn.objects.filter(pk__in=[c.pk for c in checkins]).update(created_at=when, updated_at=when)
