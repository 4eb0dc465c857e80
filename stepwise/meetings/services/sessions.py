"""Sessions: scheduling on the agreement's cadence, cancelling, moving, the agenda, private
notes and recording (keyword-only, under a transaction, raising ValidationError). The reads
are in ``selectors.sessions``.
"""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement
from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_claim
from stepwise.plans.models import Goal
from stepwise.plans.services import NewKeyAction, key_actions_add
from stepwise.users.models import User, validate_time_zone

from ..models import MAX_MINUTES, MIN_MINUTES, AgendaItem, PrivateNote, Session
from ..selectors.checkins import open_actions
from ..selectors.sessions import agenda_for, agenda_is_live, item_key

BY_ROLES = ("coach", "executive", "sponsor")
# --- scheduling ---------------------------------------------------------------------------


def local_start(day: date, at: "datetime | object", time_zone: str) -> datetime:
    """The aware instant of ``day`` at the wall-clock time ``at`` in ``time_zone``."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(time_zone))  # type: ignore[arg-type]


def _check_terms(*, minutes: int, time_zone: str) -> None:
    errors: dict[str, list[str]] = {}
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        errors["time_zone"] = error.messages
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["minutes"] = [
            _("A session lasts between %(low)d and %(high)d minutes.") % {"low": MIN_MINUTES, "high": MAX_MINUTES}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_schedule(
    *,
    engagement: Engagement,
    starts: list[datetime],
    minutes: int,
    time_zone: str,
    where: str,
    token: uuid.UUID,
    now: datetime,
    held: bool = False,
) -> list[Session]:
    """Schedule one session or a series; with ``held``, record a past session as held.

    A form sent twice (same token) schedules once: the second call returns the first's sessions."""
    return submit_once(
        token=token,
        make=lambda: _sessions_make(
            engagement=engagement,
            starts=starts,
            minutes=minutes,
            time_zone=time_zone,
            where=where,
            token=token,
            now=now,
            held=held,
        ),
        find=lambda _made: list(Session.objects.filter(engagement=engagement, create_token=token)) or None,
    )


def _sessions_make(
    *,
    engagement: Engagement,
    starts: list[datetime],
    minutes: int,
    time_zone: str,
    where: str,
    token: uuid.UUID,
    now: datetime,
    held: bool,
) -> list[Session]:
    _check_terms(minutes=minutes, time_zone=time_zone)
    if not starts:
        raise ValidationError({"date": _("Choose a date for the session.")})
    if held and any(start > now for start in starts):
        raise ValidationError(
            {"date": _("A session that has not taken place yet cannot be recorded as held: schedule it instead.")}
        )
    if not held and any(start <= now for start in starts):
        raise ValidationError(
            {
                "date": _(
                    "That time has passed, so it cannot be scheduled. Choose a later time, or tick "
                    "“It has already taken place” to record it as held."
                )
            }
        )
    if any(start.date() >= engagement.end_date + timedelta(days=1) for start in starts):
        raise ValidationError({"date": _("The engagement ends on %(end)s.") % {"end": engagement.end_date}})
    series = uuid.uuid4() if len(starts) > 1 else None
    sessions = [
        Session(
            engagement=engagement,
            starts_at=start,
            minutes=minutes,
            time_zone=time_zone,
            where=where.strip(),
            series=series,
            create_token=token,
            status=Session.Status.HELD if held else Session.Status.SCHEDULED,
        )
        for start in sorted(starts)
    ]
    return Session.objects.bulk_create(sessions)


def _bump(session: Session, revision: int | None) -> None:
    """The stale-edit check (``StaleEdit``), then the session's next revision."""
    claimed = revision_claim(
        session,
        revision=revision,
        message=_(
            "Someone changed this session while you had it open. Read it again below, then make your change once more."
        ),
    )
    session.revision = claimed.revision


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def session_cancel(
    *, session: Session, by_role: str, reason: str, user: User, now: datetime, revision: int | None = None
) -> Session:
    """Cancel a planned session, recording who asked, when and why (the zero-cancellation policy
    counts it). Cancelling a cancelled session again changes nothing."""
    session = _locked(session)
    if session.status == Session.Status.CANCELLED:
        return session
    if session.status != Session.Status.SCHEDULED:
        raise ValidationError(_("Only a planned session can be cancelled."))
    if by_role not in BY_ROLES:
        raise ValidationError({"by_role": _("Say who cancelled: the coach, the executive or the sponsor.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why: the agreement has a zero-cancellation policy.")})
    _bump(session, revision)
    session.status = Session.Status.CANCELLED
    session.cancelled_by = user
    session.cancelled_by_role = by_role
    session.cancelled_at = now
    session.reason = reason.strip()
    session.save()
    _tell_executive(session, template="meetings/email/session_cancelled")
    return session


@transaction.atomic
def session_no_show(
    *, session: Session, by_role: str, reason: str, user: User, now: datetime, revision: int | None = None
) -> Session:
    """Record that someone did not come to a session that has started."""
    session = _locked(session)
    if session.status == Session.Status.NO_SHOW:
        return session
    if session.status not in (Session.Status.SCHEDULED, Session.Status.HELD):
        raise ValidationError(_("This session was cancelled or moved; there is no attendance to record."))
    if session.starts_at > now:
        raise ValidationError(_("A session that has not started yet cannot be a no-show."))
    if by_role not in BY_ROLES:
        raise ValidationError({"by_role": _("Say who did not come.")})
    _bump(session, revision)
    session.status = Session.Status.NO_SHOW
    session.cancelled_by_role = by_role
    session.cancelled_at = now
    session.reason = reason.strip()
    session.recorded_at = now
    session.save()
    return session


@transaction.atomic
def session_reschedule(
    *,
    session: Session,
    starts_at: datetime,
    by_role: str,
    reason: str,
    user: User,
    now: datetime,
    revision: int | None = None,
) -> Session:
    """Move a planned session: the old one is kept as "rescheduled", pointing at the new one,
    which takes over the items people added to the agenda. Sent twice, it moves once."""
    session = _locked(session)
    if session.status == Session.Status.RESCHEDULED and session.rescheduled_to is not None:
        return session.rescheduled_to
    if session.status != Session.Status.SCHEDULED:
        raise ValidationError(_("Only a planned session can be moved."))
    if starts_at <= now:
        raise ValidationError({"date": _("Choose a new time that is still to come.")})
    if by_role not in BY_ROLES:
        raise ValidationError({"by_role": _("Say who asked to move it.")})
    _bump(session, revision)
    moved = Session.objects.create(
        engagement=session.engagement,
        starts_at=starts_at,
        minutes=session.minutes,
        time_zone=session.time_zone,
        where=session.where,
        series=session.series,
    )
    session.agenda.filter(kind=AgendaItem.Kind.ADDED).update(session=moved)
    session.status = Session.Status.RESCHEDULED
    session.rescheduled_to = moved
    session.cancelled_by = user
    session.cancelled_by_role = by_role
    session.cancelled_at = now
    session.reason = reason.strip()
    session.save()
    _tell_executive(moved, template="meetings/email/session_moved", context={"previous": session})
    return moved


def _tell_executive(session: Session, *, template: str, context: dict[str, object] | None = None) -> None:
    """Mail the executive(s), with the session's time in their own time zone."""
    for executive in session.engagement.executives():
        with timezone.override(ZoneInfo(executive.time_zone)):
            mail_queue(
                template=template,
                to=[executive.email],
                context={"session": session, "engagement": session.engagement, **(context or {})},
            )


# --- agenda and notes ---------------------------------------------------------------------


@transaction.atomic
def agenda_add(*, session: Session, text: str, user: User, token: uuid.UUID | None = None) -> AgendaItem:
    """Add an item to a planned session's agenda; the same form sent twice (``token``), or the
    same item added twice by the same person, is kept once."""
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write the item you want to talk about.")})

    def make() -> AgendaItem:
        # The session's row lock makes "is it there already?" hold for racing requests too.
        current = _locked(session)
        if current.status != Session.Status.SCHEDULED:
            raise ValidationError({"text": _("This session is no longer planned; add the item to the next one.")})
        existing = current.agenda.filter(kind=AgendaItem.Kind.ADDED, text=text, added_by=user).first()
        if existing is not None:
            return existing
        return AgendaItem.objects.create(session=current, text=text, added_by=user)

    return submit_once(
        token=token, make=make, find=lambda made: AgendaItem.objects.filter(session=session, public_id=made).first()
    )


@transaction.atomic
def private_note_save(*, session: Session, author: User, text: str, revision: int | None = None) -> PrivateNote:
    """Save the author's private note on the session; refused (``StaleEdit``) when it was saved
    since the form's ``revision`` (0 for a note not written yet), in another tab for example."""
    note, _created = PrivateNote.objects.get_or_create(session=session, author=author)
    note = revision_claim(
        note,
        revision=revision,
        message=_(
            "You saved this note in another tab or window since this page was opened. Your text "
            "here is kept and the saved note is shown above it: combine them, then save again."
        ),
    )
    note.text = text.strip()
    note.save(update_fields=["text", "revision", "updated_at"])
    return note


@transaction.atomic
def session_record(
    *,
    session: Session,
    revision: int,
    shared_notes: str,
    covered: set[str],
    new_actions: list[dict[str, object]],
    user: User,
    now: datetime,
    today: date,
) -> Session:
    """Record a session as held: the shared notes, which agenda items were covered, and the new
    action items (they become key actions of the plan, marked as coming from this session).

    The first recording stores the agenda the session was held with. Recording again edits the
    notes and adds actions. A form sent twice (same revision, same content) is taken once."""
    session = _locked(session)
    if session.starts_at > now:
        raise ValidationError(_("A session can be recorded once it has started."))
    if session.status not in (Session.Status.SCHEDULED, Session.Status.HELD):
        raise ValidationError(_("This session was cancelled or moved; there is nothing to record."))
    if revision != session.revision and _same_record(session, shared_notes, new_actions):
        return session
    _bump(session, revision)
    frozen = _freeze_agenda(session, today=today, covered=covered) if agenda_is_live(session) else set()
    for item in session.agenda.select_related("key_action"):
        was = item.covered
        item.covered = (item.pk in frozen and item.covered) or item_key(item) in covered
        if item.covered != was:
            item.save(update_fields=["covered", "updated_at"])
    _add_actions(session, new_actions, user)
    session.status = Session.Status.HELD
    session.shared_notes = shared_notes.strip()
    session.recorded_at = session.recorded_at or now
    session.save()
    return session


def _same_record(session: Session, shared_notes: str, new_actions: list[dict[str, object]]) -> bool:
    if session.shared_notes != shared_notes.strip():
        return False
    made = set(session.new_actions.values_list("description", flat=True))
    return all(str(row["description"]).strip() in made for row in new_actions)


def _freeze_agenda(session: Session, *, today: date, covered: set[str]) -> set[int]:
    """Store the live part of the agenda (open actions, what was left open) as the session is
    recorded; returns the new items' keys. Carried items are marked covered here, by the key
    the form knew them by."""
    actions = {str(a.public_id): a for a in open_actions(session.engagement)}
    frozen = []
    for entry in agenda_for(session, today=today):
        if entry.kind == AgendaItem.Kind.ACTION:
            action = actions.get(entry.key.split(":", 1)[1])
            frozen.append(AgendaItem(session=session, kind=entry.kind, text=entry.text, key_action=action))
        elif entry.kind == AgendaItem.Kind.CARRIED:
            frozen.append(AgendaItem(session=session, kind=entry.kind, text=entry.text, covered=entry.key in covered))
    return {item.pk for item in AgendaItem.objects.bulk_create(frozen)}


def _add_actions(session: Session, rows: list[dict[str, object]], user: User) -> None:
    if not rows:
        return
    goals = {g.public_id: g for g in Goal.objects.filter(engagement_id=session.engagement_id)}
    actions = []
    for row in rows:
        goal = goals.get(row["goal"])  # type: ignore[call-overload]
        if goal is None:
            raise ValidationError(_("Choose the goal each new action belongs to."))
        actions.append(
            NewKeyAction(
                goal=goal,
                description=str(row["description"]),
                target_date=row.get("target_date"),  # type: ignore[arg-type]
                owner=str(row.get("owner") or user.full_name),
            )
        )
    key_actions_add(actions=actions, session=session)


# --- reading --------------------------------------------------------------------------------
