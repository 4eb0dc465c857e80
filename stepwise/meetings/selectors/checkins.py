"""Check-ins between sessions: the executive's short update on each open key action.

The executive sends one form with a row per open key action; only rows that changed (status
or progress) or carry a comment or a blocker are stored, as one :class:`CheckIn` each, and the
key action's status follows. The coach reads what changed since the last held session.

Reads here: :func:`open_actions`, :func:`changes_since_last_session`, :func:`checkin_history`
(whether one is owed: ``meetings.progress``); sending one is ``services.checkins.checkin_send``.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from stepwise.engagements.models import Engagement
from stepwise.plans.models import KeyAction

from ..models import CheckIn, Session

HISTORY_SIZE = 30
# What changed since the last session shows this many check-ins of each key action, the
# newest; the others are counted ("and 12 earlier check-ins"), so the page does not grow with
# the weeks between sessions.
CHANGES_PER_ACTION = 3


# Selectors ---------------------------------------------------------------------------------


def with_last_checkin(actions: QuerySet[KeyAction]) -> QuerySet[KeyAction]:
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
    return list(with_last_checkin(actions).order_by(*PLAN_ORDER))


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
    return list(with_last_checkin(actions).order_by(*PLAN_ORDER))


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
    earlier: int = 0  # on the last one shown of an action: its check-ins since then left out

    @property
    def status_changed(self) -> bool:
        return bool(self.status_before) and self.status_before != self.status


def _label(status: str) -> str:
    return str(KeyAction.Status(status).label) if status in KeyAction.Status.values else ""


def changes_since_last_session(engagement: Engagement) -> list[CheckInChange]:
    """Check-ins sent since the start of the last held session (all of them while none was held),
    grouped by key action in plan order, newest first within each action, at most
    ``CHANGES_PER_ACTION`` of each (the last one shown counts the others in ``earlier``); then the
    actions whose status was changed on the plan page after their last check-in. Three queries."""
    since = last_held_session_start(engagement)
    checkins = CheckIn.objects.filter(key_action__goal__engagement=engagement)
    if since is not None:
        checkins = checkins.filter(created_at__gte=since)
    checkins = checkins.annotate(
        newest=Window(RowNumber(), partition_by=[F("key_action")], order_by=[F("created_at").desc(), F("pk").desc()]),
        on_action=Window(Count("pk"), partition_by=[F("key_action")]),
    ).filter(newest__lte=CHANGES_PER_ACTION)
    # Only what the list shows: a goal row is wide (its whole deep dive and snapshots).
    checkins = checkins.select_related("key_action__goal", "author").only(
        "created_at", "status_before", "status", "progress", "comment", "blocker",
        "key_action__public_id", "key_action__description", "key_action__goal__title", "author__full_name",
    )  # fmt: skip
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
            earlier=c.on_action - c.newest if c.newest == CHANGES_PER_ACTION else 0,
        )
        for c in checkins
    ]
    # A status changed after the last check-in, on the plan page: the check-in says what it was.
    changed = with_last_checkin(
        KeyAction.objects.filter(goal__engagement=engagement)
        .select_related("goal")
        .only("public_id", "description", "status", "updated_at", "goal__title")
    )
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


# Services ----------------------------------------------------------------------------------
