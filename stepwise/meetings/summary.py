"""Step 5 on the engagement page: what each person may see of sessions, check-ins, reviews and
replies, gathered from each part's own selectors (a fixed handful of queries)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from stepwise.engagements.access import Access, Part

from .cadence import CadenceStatus
from .messaging import reply_time_summary
from .models import Session
from .progress import checkin_due
from .reviews import ReviewSummary, review_summary
from .sessions import Attendance, attendance_counts, cadence_for, next_session


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
    return Accountability(
        attendance=attendance_counts(engagement),
        sees_sessions=sees_sessions,
        # The cadence is the agreement's: before one is in force there is nothing to slip from.
        cadence=cadence_for(engagement, today=today) if sees_sessions and access.agreement_in_force else None,
        next_session=next_session(engagement, now=now) if sees_sessions else None,
        sees_checkins=access.can_read(Part.CHECKINS),
        checkin_due=checkin_due(engagement, today=today) if access.can_read(Part.CHECKINS) else False,
        reviews=review_summary(engagement, today=today) if sees_reviews else None,
        sees_reviews=sees_reviews,
        replies=reply_time_summary(engagement, now=now) if access.can_read(Part.MESSAGES) else "",
    )
