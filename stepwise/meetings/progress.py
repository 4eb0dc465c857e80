"""Step 5 (accountability) as the tracker, the next steps, the engagement page and the
reminders read it. On the engagement page (:func:`accountability`), what each person may see of
sessions, check-ins, reviews and replies, gathered from each part's own selectors (a fixed
handful of queries).

A check-in is owed (:func:`checkin_owed`) has one definition here; the facts it reads are
annotations (:func:`checkin_facts`), so a list of engagements answers it in one query.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext

from stepwise.engagements.access import Access, Part, Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import NextStep, State, StepContribution, StepProgress
from stepwise.plans.models import KeyAction

from .cadence import Cadence, CadenceStatus
from .models import CheckIn, Message, Session
from .selectors.messaging import reply_days_of, reply_time_summary
from .selectors.reviews import ReviewSummary, review_summary
from .selectors.sessions import Attendance, attendance_counts, cadence_for, next_session

if TYPE_CHECKING:
    from stepwise.agreements.models import Agreement
    from stepwise.users.models import User


def checkin_facts() -> dict[str, Any]:
    """What :func:`checkin_owed` reads, as annotations on an ``Engagement`` queryset."""
    return {
        "has_open_actions": Exists(KeyAction.objects.open().filter(goal__engagement=OuterRef("pk"))),
        "last_held_at": Subquery(
            Session.objects.filter(engagement=OuterRef("pk"), status=Session.Status.HELD)
            .order_by("-starts_at")
            .values("starts_at")[:1]
        ),
        "last_checkin_at": Subquery(
            CheckIn.objects.filter(key_action__goal__engagement=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
    }


CHECKIN_FACTS = ("has_open_actions", "last_held_at", "last_checkin_at")


def checkin_owed(engagement: Engagement, *, today: date, zone: tzinfo | None = None) -> bool:
    """Whether the executive owes a check-in, from the facts :func:`checkin_facts` annotates:
    the engagement has begun, it has open key actions, and nothing was checked in since the last
    held session (a session held today, in ``zone``, is not a gap yet). With no session held, any
    check-in at all counts. Whether a session is ahead does not matter: the reminder chooses when
    to mail (two days before the next session), the pages say it whenever it is owed."""
    if today < engagement.start_date or not getattr(engagement, "has_open_actions", False):
        return False
    since = getattr(engagement, "last_held_at", None)
    if since is not None and timezone.localdate(since, zone) >= today:
        return False
    last_checkin = getattr(engagement, "last_checkin_at", None)
    return last_checkin is None or (since is not None and last_checkin < since)


def checkin_due(engagement: Engagement, *, today: date) -> bool:
    """:func:`checkin_owed` for one engagement: one query unless it carries the facts already
    (the engagement page's engagement is annotated with every step's facts)."""
    if not all(hasattr(engagement, name) for name in CHECKIN_FACTS):
        engagement = Engagement.objects.annotate(**checkin_facts()).get(pk=engagement.pk)
    return checkin_owed(engagement, today=today)


@dataclass(frozen=True)
class Accountability:
    attendance: Attendance
    sees_sessions: bool
    cadence: CadenceStatus | None = None
    next_session: Session | None = None
    checkin_due: bool = False
    sees_checkins: bool = False
    reviews: ReviewSummary | None = None
    sees_reviews: bool = False
    replies: str = ""


def accountability(access: Access, *, now: datetime) -> Accountability | None:
    """``None`` for someone with no view of step 5 at all."""
    if not access.can_read(Part.ATTENDANCE):
        return None
    engagement = access.engagement
    today = timezone.localdate(now)
    sees_sessions = access.can_read(Part.SESSIONS)
    sees_reviews = access.can_read(Part.REVIEW_SUMMARY)
    # Read once for the cadence and the reply commitment (the access policy reads the same one).
    in_force = cast("Agreement | None", access.agreement_in_force)
    return Accountability(
        attendance=attendance_counts(engagement),
        sees_sessions=sees_sessions,
        # The cadence is the agreement's: before one is in force there is nothing to slip from.
        cadence=cadence_for(engagement, today=today, cadence=Cadence.from_agreement(in_force))
        if sees_sessions and in_force
        else None,
        next_session=next_session(engagement, now=now) if sees_sessions else None,
        sees_checkins=access.can_read(Part.CHECKINS),
        checkin_due=checkin_due(engagement, today=today) if access.can_read(Part.CHECKINS) else False,
        reviews=review_summary(engagement, today=today) if sees_reviews else None,
        sees_reviews=sees_reviews,
        replies=reply_time_summary(engagement, now=now, days=reply_days_of(in_force))
        if access.can_read(Part.MESSAGES)
        else "",
    )


class AccountabilityStep(StepContribution):
    step = Step.ACCOUNTABILITY

    def annotations(self, *, user: "User | None" = None) -> dict[str, Any]:
        sessions = Session.objects.filter(engagement=OuterRef("pk"))
        return {
            "has_sessions": Exists(sessions.filter(status__in=[Session.Status.SCHEDULED, Session.Status.HELD])),
            "session_ahead": Exists(sessions.filter(status=Session.Status.SCHEDULED, starts_at__gte=Now())),
            **checkin_facts(),
            "message_waiting": Exists(
                Message.objects.filter(engagement=OuterRef("pk"), to_coach=True, answered_at__isnull=True)
            ),
        }

    def progress(self, engagement: Engagement) -> StepProgress:
        if engagement.status == Engagement.Status.CLOSED and getattr(engagement, "has_sessions", False):
            return StepProgress(State.DONE)
        if getattr(engagement, "has_sessions", False):
            return StepProgress(State.UNDER_WAY)
        return StepProgress(State.NOT_STARTED)

    def next_step(self, engagement: Engagement, roles: Collection[Role], current: Step) -> NextStep | None:
        if Role.COACH in roles and getattr(engagement, "message_waiting", False):
            return NextStep(gettext("A message from the executive is waiting for your reply."), "messages")
        if current != Step.ACCOUNTABILITY:
            return None
        if Role.COACH in roles and not getattr(engagement, "session_ahead", True):
            return NextStep(gettext("Schedule the next coaching session."), "sessions")
        if Role.EXECUTIVE in roles and checkin_owed(engagement, today=timezone.localdate()):
            return NextStep(gettext("Check in on your key actions before the next session."), "checkin")
        return None

    def summary(self, access: Access) -> dict[str, Any]:
        return {"step5": accountability(access, now=timezone.now())}


STEP = AccountabilityStep()
