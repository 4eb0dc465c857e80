"""Writes to the executive's practice record. Each takes the record's ``owner`` (the caller loaded it
through ``practice.access``) and refuses with a ``ValidationError`` naming the field to fix."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_claim

from . import notices
from .models import (
    INTENSITY_MAX,
    MINUTES_IN_A_DAY,
    Cadence,
    Comment,
    Emotion,
    JournalEntry,
    MarkKind,
    MindfulnessCheckIn,
    PracticeMinutes,
    Preferences,
    Program,
    ProgramStep,
    Reminder,
    StepMark,
    Teaching,
)

if TYPE_CHECKING:
    from stepwise.engagements.models import Engagement
    from stepwise.users.models import User


def _not_in_future(field: str, day: date, today: date) -> None:
    if day > today:
        raise ValidationError({field: _("This date is in the future: choose today or a day before.")})


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- where am I ------------------------------------------------------------------------------


@transaction.atomic
def program_builtin_install() -> Program:
    """The built-in program with the seed's steps, made if missing (migration 0002 makes it; a test
    database flushed between transactional tests, and the demo loading into one, need it again)."""
    from .content import BUILTIN_NAME, CLOSING_QUESTIONS, CLOSING_SPONSOR, STEPS

    program, _created = Program.objects.get_or_create(
        builtin=True, defaults={"name": BUILTIN_NAME, "closing_questions": f"{CLOSING_QUESTIONS}\n\n{CLOSING_SPONSOR}"}
    )
    for number, traditional, coaching, explanation in STEPS:
        ProgramStep.objects.get_or_create(
            program=program,
            number=number,
            defaults={"traditional": traditional, "coaching": coaching, "explanation": explanation},
        )
    return program


@transaction.atomic
def mark_set(*, owner: "User", step: ProgramStep, kind: str, why: str, token: UUID | None = None) -> StepMark:
    """Mark ``step`` as the one the executive is on, one to revisit, or one they struggle with.
    The mark in force of the same kind on the same step (and, for the current step, the previous
    current one) is ended, not changed: the history keeps every mark."""

    def make() -> StepMark:
        now = timezone.now()
        in_force = StepMark.objects.select_for_update().filter(owner=owner, ended_at__isnull=True, kind=kind)
        if kind != MarkKind.CURRENT:
            in_force = in_force.filter(step=step)
        in_force.update(ended_at=now)
        try:
            with transaction.atomic():
                return StepMark.objects.create(owner=owner, step=step, kind=kind, why=why.strip())
        except IntegrityError:  # marked in another tab at the same moment
            raise ValidationError(
                _("This step was marked in another window meanwhile. Reload the page to see your marks.")
            ) from None

    return submit_once(
        token=token, make=make, find=lambda pid: StepMark.objects.filter(owner=owner, public_id=pid).first()
    )


@transaction.atomic
def mark_clear(*, mark: StepMark) -> StepMark:
    """End a mark in force (a step no longer to revisit); it stays in the history."""
    StepMark.objects.filter(pk=mark.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    mark.refresh_from_db()
    return mark


@transaction.atomic
def comment_add(
    *,
    author: "User",
    text: str,
    entry: JournalEntry | None = None,
    mark: StepMark | None = None,
    engagement: "Engagement | None" = None,
    token: UUID | None = None,
) -> Comment:
    """A comment on a shared entry or on a step mark (the view checked that the author reads it);
    the other party is told by mail (``notices.py``), the owner with a link beside ``engagement``."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your comment first.")})
    if entry is not None:
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if not entry.shared:
            raise ValidationError(_("This entry is no longer shared, so it takes no comments."))

    def make() -> Comment:
        comment = Comment.objects.create(author=author, text=text, entry=entry, mark=mark)
        owner = entry.owner if entry is not None else mark.owner  # type: ignore[union-attr]
        notices.comment_told(comment=comment, owner=owner, engagement=engagement)
        return comment

    return submit_once(token=token, make=make, find=lambda pid: Comment.objects.filter(public_id=pid).first())


# --- step 10: the journal --------------------------------------------------------------------


@dataclass
class EntryValues:
    cadence: str
    entry_date: date
    went_well: str = ""
    where_wrong: str = ""
    admitted: str = ""
    admitted_to: str = ""
    differently: str = ""

    def is_empty(self) -> bool:
        return not any(s.strip() for s in (self.went_well, self.where_wrong, self.admitted_to, self.differently))


def _entry_checked(values: EntryValues, today: date) -> EntryValues:
    if values.is_empty():
        raise ValidationError({"went_well": _("The entry is empty: answer at least one of the questions.")})
    _not_in_future("entry_date", values.entry_date, today)
    if values.cadence == Cadence.WEEKLY:
        values.entry_date = week_start(values.entry_date)
    return values


def _period_taken() -> ValidationError:
    return ValidationError(
        {"entry_date": _("You have an entry for this day (or week) already: open it from the calendar and add to it.")}
    )


@transaction.atomic
def journal_entry_save(
    *,
    owner: "User",
    entry: JournalEntry | None,
    values: EntryValues,
    today: date,
    revision: int | None = None,
    token: UUID | None = None,
) -> JournalEntry:
    """Write a new entry (``entry`` None) or change one at the revision its form was drawn at."""
    values = _entry_checked(values, today)
    fields = {name: getattr(values, name) for name in EntryValues.__dataclass_fields__}
    if entry is None:

        def make() -> JournalEntry:
            try:
                with transaction.atomic():
                    return JournalEntry.objects.create(owner=owner, **fields)
            except IntegrityError:
                raise _period_taken() from None

        return submit_once(
            token=token, make=make, find=lambda pid: JournalEntry.objects.filter(owner=owner, public_id=pid).first()
        )
    entry = revision_claim(entry, revision=revision)
    for name, value in fields.items():
        setattr(entry, name, value)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise _period_taken() from None
    return entry


@transaction.atomic
def journal_entry_share(*, entry: JournalEntry, shared: bool) -> JournalEntry:
    """Share the entry with the coach, or take it back: once unshared the coach reads it no more
    (its comment thread is kept, and shows again if it is shared again)."""
    entry = revision_claim(entry, revision=None)
    newly = shared and entry.shared_at is None
    entry.shared_at = (entry.shared_at or timezone.now()) if shared else None
    entry.save(update_fields=["shared_at", "revision", "updated_at"])
    if newly:
        notices.share_told(entry=entry, now=entry.shared_at)  # type: ignore[arg-type]
    return entry


@transaction.atomic
def journal_entry_delete(*, entry: JournalEntry) -> None:
    """Delete an entry for good, with its comments; a shared one leaves the coach's view with it.
    A mail about it not sent yet is not sent (the worker finds nothing to refer to)."""
    JournalEntry.objects.filter(pk=entry.pk).delete()


@transaction.atomic
def record_line_delete(*, line: MindfulnessCheckIn | PracticeMinutes | Teaching) -> None:
    """Delete one check-in, one day's practice minutes or one line of the teaching log, for good."""
    type(line)._default_manager.filter(pk=line.pk, owner_id=line.owner_id).delete()


@transaction.atomic
def notices_save(*, person: "User", mail_comments: bool | None = None, mail_shares: bool | None = None) -> Preferences:
    """Switch a person's practice mails on or off; a switch given as None is left as it is."""
    preferences, _created = Preferences.objects.select_for_update().get_or_create(owner=person)
    if mail_comments is not None:
        preferences.mail_comments = mail_comments
    if mail_shares is not None:
        preferences.mail_shares = mail_shares
    preferences.save(update_fields=["mail_comments", "mail_shares", "updated_at"])
    return preferences


@transaction.atomic
def preferences_save(
    *, owner: "User", cadence: str, reminder: str, hour: int, weekday: int, revision: int | None = None
) -> Preferences:
    preferences, _created = Preferences.objects.get_or_create(owner=owner)
    preferences = revision_claim(preferences, revision=revision)
    if not 0 <= hour <= 23:
        raise ValidationError({"reminder_hour": _("Choose an hour from 0 to 23.")})
    if not 0 <= weekday <= 6:
        raise ValidationError({"reminder_weekday": _("Choose a day of the week.")})
    if reminder not in Reminder.values or cadence not in Cadence.values:
        raise ValidationError(_("Choose from the lists."))
    preferences.cadence, preferences.reminder = cadence, reminder
    preferences.reminder_hour, preferences.reminder_weekday = hour, weekday
    preferences.save()
    return preferences


def preferences_of(owner: "User") -> Preferences:
    """The executive's preferences as saved, or the defaults (not saved) if they chose none."""
    return Preferences.objects.filter(owner=owner).first() or Preferences(owner=owner)


# --- step 11: mindfulness --------------------------------------------------------------------


@dataclass
class CheckInValues:
    on_date: date
    emotion: str
    intensity: int
    trigger: str
    response: str
    paused: bool
    own_words: str = ""
    trigger_note: str = ""


@transaction.atomic
def checkin_add(*, owner: "User", values: CheckInValues, today: date, token: UUID | None = None) -> MindfulnessCheckIn:
    _not_in_future("on_date", values.on_date, today)
    if not 1 <= values.intensity <= INTENSITY_MAX:
        raise ValidationError({"intensity": _("Give the intensity from 1 to 10.")})
    if values.emotion == Emotion.OWN_WORDS and not values.own_words.strip():
        raise ValidationError({"own_words": _("Name the emotion in your own words, or choose one from the list.")})

    def make() -> MindfulnessCheckIn:
        return MindfulnessCheckIn.objects.create(
            owner=owner,
            on_date=values.on_date,
            emotion=values.emotion,
            own_words=values.own_words.strip() if values.emotion == Emotion.OWN_WORDS else "",
            intensity=values.intensity,
            trigger=values.trigger,
            trigger_note=values.trigger_note.strip(),
            response=values.response,
            paused=values.paused,
        )

    return submit_once(
        token=token, make=make, find=lambda pid: MindfulnessCheckIn.objects.filter(owner=owner, public_id=pid).first()
    )


@transaction.atomic
def minutes_add(
    *, owner: "User", on_date: date, minutes: int, note: str, today: date, token: UUID | None = None
) -> PracticeMinutes:
    _not_in_future("on_date", on_date, today)
    if not 0 < minutes <= MINUTES_IN_A_DAY:
        raise ValidationError({"minutes": _("Give the minutes of practice: more than 0 and at most 1440 (a day).")})

    def make() -> PracticeMinutes:
        return PracticeMinutes.objects.create(owner=owner, on_date=on_date, minutes=minutes, note=note.strip())

    return submit_once(
        token=token, make=make, find=lambda pid: PracticeMinutes.objects.filter(owner=owner, public_id=pid).first()
    )


# --- step 12: carrying the message -----------------------------------------------------------


@transaction.atomic
def teaching_add(
    *, owner: "User", on_date: date, person: str, shared: str, today: date, token: UUID | None = None
) -> Teaching:
    _not_in_future("on_date", on_date, today)
    if not person.strip():
        raise ValidationError({"person": _("Say whom you taught or mentored.")})
    if not shared.strip():
        raise ValidationError({"shared": _("Say what you shared with them.")})

    def make() -> Teaching:
        return Teaching.objects.create(owner=owner, on_date=on_date, person=person.strip(), shared=shared.strip())

    return submit_once(
        token=token, make=make, find=lambda pid: Teaching.objects.filter(owner=owner, public_id=pid).first()
    )
