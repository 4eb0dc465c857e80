"""Reads of sessions for the pages, each a fixed number of queries: the agenda, attendance
counts, the cadence, overlapping sessions."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet, Subquery
from django.http import Http404

from stepwise.agreements.models import Agreement
from stepwise.engagements.models import Engagement
from stepwise.users.models import User

from ..cadence import Cadence, CadenceStatus, cadence_status
from ..models import MAX_MINUTES, AgendaItem, Session
from ..selectors.checkins import open_actions

LATE_NOTICE = timedelta(hours=24)  # a cancellation with less notice than this is a late one


def overlapping(
    *, coach: User, starts: list[datetime], minutes: int, token: uuid.UUID | None = None
) -> list[tuple[datetime, Session]]:
    """The coach's other sessions (in any engagement) that would overlap one of ``starts``,
    leaving out those made by the same form (``token``: a double submit is not an overlap).

    One query: the candidates between the earliest and the latest start, checked here."""
    if not starts:
        return []
    span = timedelta(minutes=MAX_MINUTES)
    candidates = list(
        Session.objects.filter(
            engagement__coach=coach,
            status__in=(Session.Status.SCHEDULED, Session.Status.HELD),
            starts_at__gt=min(starts) - span,
            starts_at__lt=max(starts) + timedelta(minutes=minutes),
        ).select_related("engagement")
    )
    candidates = [other for other in candidates if token is None or other.create_token != token]
    clashes = []
    for start in starts:
        end = start + timedelta(minutes=minutes)
        clashes += [(start, other) for other in candidates if other.starts_at < end and start < other.ends_at]
    return clashes


@dataclass
class AgendaEntry:
    """One line of a session's agenda, live for a planned session, stored for a recorded one."""

    key: str  # what the record form sends back: "action:<id>", "carried:<id>", "added:<id>"
    kind: str
    text: str
    goal: str = ""
    target_date: date | None = None
    overdue: bool = False
    status: str = ""
    progress: int | None = None  # the latest check-in's, for an open key action
    covered: bool = False
    added_by: str = ""
    item_id: uuid.UUID | None = None


def _held_before(session: Session) -> QuerySet[Session]:
    """The sessions held before this one, the latest first."""
    return Session.objects.filter(
        engagement_id=session.engagement_id, status=Session.Status.HELD, starts_at__lt=session.starts_at
    ).order_by("-starts_at")


def agenda_for(session: Session, *, today: date) -> list[AgendaEntry]:
    """The agenda: for a planned session, the open key actions, what the last session left open
    and what people added; for a recorded one, the agenda it was held with. Three queries."""
    items = list(session.agenda.select_related("added_by", "key_action__goal"))
    if not agenda_is_live(session):
        return [_stored_entry(item, today) for item in items]
    entries = [
        AgendaEntry(
            key=f"action:{action.public_id}",
            kind=AgendaItem.Kind.ACTION,
            text=action.description,
            goal=action.goal.title,
            target_date=action.target_date,
            overdue=action.is_overdue(today),
            status=action.get_status_display(),
            progress=action.last_progress,  # type: ignore[attr-defined]
        )
        for action in open_actions(session.engagement)
    ]
    last = _held_before(session).values("pk")[:1]
    left_open = AgendaItem.objects.filter(session_id=Subquery(last), covered=False).exclude(kind=AgendaItem.Kind.ACTION)
    entries += [
        AgendaEntry(key=f"carried:{item.public_id}", kind=AgendaItem.Kind.CARRIED, text=item.text) for item in left_open
    ]
    entries += [_stored_entry(item, today) for item in items]
    return entries


def agenda_is_live(session: Session) -> bool:
    """Planned, or held but not recorded yet: the agenda still follows the plan."""
    live = (Session.Status.SCHEDULED, Session.Status.HELD)
    return session.status in live and session.recorded_at is None


def _stored_entry(item: AgendaItem, today: date) -> AgendaEntry:
    action = item.key_action
    return AgendaEntry(
        key=item_key(item),
        kind=item.kind,
        text=item.text,
        goal=action.goal.title if action else "",
        target_date=action.target_date if action else None,
        status=action.get_status_display() if action else "",
        covered=item.covered,
        added_by=item.added_by.full_name if item.added_by else "",
        item_id=item.public_id,
    )


def item_key(item: AgendaItem) -> str:
    """How the record form names a stored agenda item (an action's item by its key action, so
    the key stays the same before and after the agenda is stored)."""
    if item.kind == AgendaItem.Kind.ACTION and item.key_action is not None:
        return f"action:{item.key_action.public_id}"
    return f"added:{item.public_id}"


@dataclass(frozen=True)
class Attendance:
    """Counts of sessions by what happened to them: what the sponsor and the admin may see."""

    held: int = 0
    planned: int = 0
    cancelled: int = 0
    cancelled_by: dict[str, int] = field(default_factory=dict)
    late_cancellations: int = 0
    no_shows: int = 0
    rescheduled: int = 0

    @property
    def total_missed(self) -> int:
        return self.cancelled + self.no_shows


def attendance_counts(
    engagement: Engagement, *, since: datetime | None = None, until: datetime | None = None
) -> Attendance:
    """One aggregate query over the engagement's sessions (optionally those starting in a period).
    A late cancellation came less than ``LATE_NOTICE`` before the start."""
    sessions = Session.objects.filter(engagement=engagement)
    if since is not None:
        sessions = sessions.filter(starts_at__gte=since)
    if until is not None:
        sessions = sessions.filter(starts_at__lt=until)
    # One row per status and canceller, summed here: nine filtered counts took three times as
    # long to build and compile as the query took to run.
    rows = (
        sessions.values_list("status", "cancelled_by_role")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(cancelled_at__gt=F("starts_at") - LATE_NOTICE)))
        .order_by()
    )
    by_status: dict[str, int] = defaultdict(int)
    cancelled_by = {"coach": 0, "executive": 0, "sponsor": 0}
    late = 0
    for status, by_role, n, late_ones in rows:
        by_status[status] += n
        if status == Session.Status.CANCELLED:
            late += late_ones
            if by_role in cancelled_by:
                cancelled_by[by_role] += n
    return Attendance(
        held=by_status[Session.Status.HELD],
        planned=by_status[Session.Status.SCHEDULED],
        cancelled=by_status[Session.Status.CANCELLED],
        cancelled_by=cancelled_by,
        late_cancellations=late,
        no_shows=by_status[Session.Status.NO_SHOW],
        rescheduled=by_status[Session.Status.RESCHEDULED],
    )


def cadence_of(engagement: Engagement) -> Cadence:
    agreement = Agreement.objects.in_force_for(engagement)
    return Cadence.from_agreement(agreement) if agreement else Cadence.DEFAULT


def cadence_for(engagement: Engagement, *, today: date, cadence: Cadence | None = None) -> CadenceStatus:
    """Sessions held and planned against the agreement's cadence (one query for the sessions)."""
    rows = Session.objects.filter(
        engagement=engagement, status__in=(Session.Status.SCHEDULED, Session.Status.HELD)
    ).values_list("starts_at", "time_zone", "status")
    sessions = [
        (starts_at.astimezone(ZoneInfo(zone)).date(), status == Session.Status.HELD) for starts_at, zone, status in rows
    ]
    return cadence_status(
        engagement_start=engagement.start_date,
        engagement_end=engagement.end_date,
        cadence=cadence or cadence_of(engagement),
        sessions=sessions,
        today=today,
    )


def next_session(engagement: Engagement, *, now: datetime) -> Session | None:
    return (
        Session.objects.filter(engagement=engagement, status=Session.Status.SCHEDULED, starts_at__gte=now)
        .order_by("starts_at")
        .first()
    )


def session_in(engagement: Engagement, public_id: uuid.UUID) -> Session:
    """A session of this engagement, or a 404 (another engagement's session is not found)."""
    try:
        return Session.objects.select_related("engagement", "rescheduled_to").get(
            engagement=engagement, public_id=public_id
        )
    except Session.DoesNotExist:
        raise Http404 from None
