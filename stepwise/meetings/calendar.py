"""Coaching sessions as iCalendar: one session's .ics to download and each person's private feed.

A session appears in a calendar only for the two people in it, the coach and the executive;
sponsors and practice admins see counts of sessions, never the schedule. Times are written in
the reader's own time zone with its VTIMEZONE, so a calendar app shows the hour the person
expects, and a session keeps one UID for life with SEQUENCE = its revision: a moved or
cancelled session updates (or removes) the event already in the calendar instead of adding one.
"""

import uuid
import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event
from icalendar.enums import STATUS

from stepwise.engagements.models import Participant

from .models import Preferences, Session

if TYPE_CHECKING:
    from stepwise.users.models import User

FEED_SALT = "stepwise.meetings.calendar-feed"
FEED_DAYS_BACK = 60
PRODID = "-//Stepwise//Coaching sessions//EN"


def zone_of(user: "User") -> zoneinfo.ZoneInfo:
    """The person's own time zone (UTC if what is stored is unknown to this server)."""
    try:
        return zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def session_url(session: Session) -> str:
    """The absolute address of the session's page (for mail and calendar events)."""
    args = [session.engagement.public_id, session.public_id]
    try:
        path = reverse("session_detail", args=args)
    except NoReverseMatch:  # the sessions pages are built beside this module
        path = f"/engagements/{args[0]}/sessions/{args[1]}/"
    return f"{settings.SITE_URL}{path}"


def _is_link(where: str) -> bool:
    return where.lower().startswith(("http://", "https://"))


def _cancelled(session: Session) -> bool:
    return session.status in (Session.Status.CANCELLED, Session.Status.RESCHEDULED)


def session_event(session: Session, *, zone: zoneinfo.ZoneInfo) -> Event:
    """One VEVENT for ``session`` with its times in ``zone`` (reads ``session.engagement``)."""
    title = session.engagement.title or str(session.engagement)
    link = session_url(session)
    description = _("The session's page, with its agenda and notes: %(link)s") % {"link": link}
    if session.where:
        description = f"{session.where}\n\n{description}"
    event = Event.new(
        uid=f"{session.public_id}@stepwise",
        sequence=session.revision,
        start=session.starts_at.astimezone(zone),
        end=session.ends_at.astimezone(zone),
        stamp=session.updated_at,
        summary=_("Coaching session — %(title)s") % {"title": title},
        description=description,
        location=session.where or None,
        url=session.where if _is_link(session.where) else None,
        status=STATUS.CANCELLED if _cancelled(session) else STATUS.CONFIRMED,
    )
    if session.is_scheduled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Coaching session in 15 minutes"))
        alarm.add("trigger", timedelta(minutes=-15))
        event.add_component(alarm)
    return event


def _calendar(events: Iterable[Event], *, name: str, method: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    starts: list[date] = []
    for event in events:
        calendar.add_component(event)
        start = event.start
        starts.append(start.date() if isinstance(start, datetime) else start)
    if starts:
        # A VTIMEZONE covering only the years the events need keeps the file small.
        calendar.add_missing_timezones(
            first_date=min(starts) - timedelta(days=366), last_date=max(starts) + timedelta(days=366)
        )
    return calendar.to_ical()


def session_ics(session: Session, *, user: "User") -> bytes:
    """A calendar with the one session, in ``user``'s time zone. The caller checks access."""
    title = session.engagement.title or str(session.engagement)
    event = session_event(session, zone=zone_of(user))
    return _calendar([event], name=_("Coaching session — %(title)s") % {"title": title}, method="PUBLISH")


def sessions_in_calendar_of(user: "User") -> QuerySet[Session]:
    """Sessions of the engagements where ``user`` is the coach or the executive (never the
    sponsor's or the practice admin's: they see counts, not the schedule)."""
    executive = Participant.objects.joined().filter(
        engagement=OuterRef("engagement"), user=user, role=Participant.Role.EXECUTIVE
    )
    return Session.objects.filter(Q(engagement__coach=user) | Exists(executive))


def feed_ics(user: "User", *, now: datetime | None = None) -> bytes:
    """The person's feed: every session from 60 days back on, in one query."""
    since = (now or timezone.now()) - timedelta(days=FEED_DAYS_BACK)
    sessions = sessions_in_calendar_of(user).filter(starts_at__gte=since).select_related("engagement")
    zone = zone_of(user)
    name = _("Stepwise — %(name)s") % {"name": user.full_name or user.email}
    return _calendar([session_event(session, zone=zone) for session in sessions], name=name)


def feed_token(feed_id: UUID) -> str:
    """The secret half of the feed's address, derived from its id with the server's key."""
    return salted_hmac(FEED_SALT, str(feed_id)).hexdigest()[:40]


def feed_url(feed_id: UUID) -> str:
    path = reverse("calendar_feed", kwargs={"feed_id": feed_id, "token": feed_token(feed_id)})
    return f"{settings.SITE_URL}{path}"


def feed_owner(*, feed_id: UUID, token: str) -> "User | None":
    """Whose feed this address opens; None for a wrong token or a revoked or unknown id."""
    if not constant_time_compare(token, feed_token(feed_id)):
        return None
    preferences = Preferences.objects.filter(feed_id=feed_id).select_related("user").first()
    if preferences is None or not preferences.user.is_active:
        return None
    return preferences.user


@transaction.atomic
def feed_enable(*, user: "User") -> Preferences:
    """Turn the person's calendar feed on (a second click keeps the same address)."""
    preferences = Preferences.objects.for_user(user)
    if preferences.feed_id is None:
        preferences.feed_id = uuid.uuid4()
        preferences.full_clean()
        preferences.save()
    return preferences


@transaction.atomic
def feed_revoke(*, user: "User", current: UUID | None) -> Preferences:
    """Give the feed a new address; the old one answers 404 from now on.

    ``current`` is the address the person saw: a repeated click (the page not yet reloaded)
    revokes once, not twice, so the address they are shown next is the one that works.
    """
    preferences = Preferences.objects.for_user(user)
    if preferences.feed_id is not None and preferences.feed_id == current:
        preferences.feed_id = uuid.uuid4()
        preferences.full_clean()
        preferences.save()
    return preferences


@transaction.atomic
def feed_disable(*, user: "User") -> Preferences:
    """Turn the feed off: its address answers 404; turning it on again gives a new one."""
    preferences = Preferences.objects.for_user(user)
    if preferences.feed_id is not None:
        preferences.feed_id = None
        preferences.save()
    return preferences
