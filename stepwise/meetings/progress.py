"""Step 5 (accountability) as the home page, the engagement page and the reminders read it.

A check-in is owed (:func:`checkin_owed`) has one definition here; the facts it reads are
annotations (:func:`checkin_facts`), so a list of engagements answers it in one query.
"""

from datetime import date, tzinfo
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from stepwise.engagements.models import Engagement
from stepwise.plans.models import KeyAction

from .models import CheckIn, Session


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
    """:func:`checkin_owed` for one engagement that is not annotated yet (one query)."""
    return checkin_owed(Engagement.objects.annotate(**checkin_facts()).get(pk=engagement.pk), today=today)
