"""Step 5: sessions on the agreed cadence, their agendas and notes, check-ins between them,
progress reviews, messages between the executive and the coach, and each person's reminder
and calendar-feed preferences.

Times are stored in UTC; each session also keeps the time zone it was scheduled in, so a
series keeps its wall-clock time across daylight-saving changes and pages can say "10:00 in
Europe/London" as the coach meant it while showing each reader their own zone.
"""

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement
from stepwise.lib.models import PublicModel, TimestampedModel
from stepwise.plans.models import KeyAction
from stepwise.users.models import validate_time_zone

if TYPE_CHECKING:
    from stepwise.users.models import User

MIN_MINUTES = 15
MAX_MINUTES = 480


class Session(PublicModel):
    """One coaching session: planned, then held, cancelled, missed or moved."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW = "no_show", _("no-show")
        RESCHEDULED = "rescheduled", _("rescheduled")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)]
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    where = models.CharField(
        _("video-call link or place"), max_length=400, blank=True, help_text=_("A link to the call or an address.")
    )
    series = models.UUIDField(null=True, blank=True, editable=False, help_text="Sessions scheduled together.")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    # Cancellation and no-show: who, when, why (the zero-cancellation policy counts them).
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_by_role = models.CharField(_("cancelled by"), max_length=10, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    rescheduled_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_from"
    )
    shared_notes = models.TextField(_("shared notes"), blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    create_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["engagement", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES) & Q(minutes__lte=MAX_MINUTES), name="session_minutes_in_range"
            ),
            models.UniqueConstraint(fields=["engagement", "create_token", "starts_at"], name="session_created_once"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement}: {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def counts_toward_cadence(self) -> bool:
        """Held or still planned: what the cadence is measured with."""
        return self.status in (self.Status.SCHEDULED, self.Status.HELD)


class AgendaItem(PublicModel):
    """One line of a session's agenda. Items people add are stored as they add them; the
    open key actions and what the last session left open are stored when the session is
    recorded, so a held session keeps the agenda it was held with."""

    class Kind(models.TextChoices):
        ACTION = "action", _("open key action")
        CARRIED = "carried", _("left open last time")
        ADDED = "added", _("added")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ADDED)
    text = models.CharField(_("agenda item"), max_length=400)
    key_action = models.ForeignKey(KeyAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    covered = models.BooleanField(_("covered"), default=False)

    class Meta:
        ordering = ["session", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class PrivateNote(PublicModel):
    """A note on a session only its author ever reads (not the other party, not the admin)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private note"), blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "author"], name="private_note_once_per_author")]

    def __str__(self) -> str:
        return f"private note on {self.session_id}"


class CheckIn(PublicModel):
    """The executive's update on one key action between sessions."""

    key_action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="checkins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The action's status when the check-in was sent: the plan page can change it later, so
    # "before → after" is kept here rather than guessed.
    status_before = models.CharField(_("status before"), max_length=12, choices=KeyAction.Status.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=KeyAction.Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)
    blocker = models.TextField(_("what blocks it"), blank=True)
    token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="checkin_progress_in_range"),
            models.UniqueConstraint(fields=["key_action", "token"], name="checkin_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key_action}: {self.status} {self.progress}%"


class ProgressReview(PublicModel):
    """A dated review at a set point (monthly, and mid-engagement): what was compiled and what
    coach and executive said about it."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("monthly review")
        MIDPOINT = "midpoint", _("mid-engagement review")
        FINAL = "final", _("final review")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    due_on = models.DateField(_("due on"))
    period_start = models.DateField(_("period from"))
    compiled = models.JSONField(null=True, blank=True, help_text="The figures as they stood when it was completed.")
    coach_feedback = models.TextField(_("coach's review and feedback"), blank=True)
    executive_feedback = models.TextField(_("executive's review and feedback"), blank=True)
    self_ratings = models.ForeignKey(
        "worksheets.Worksheet", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0)
    # Its stored PDFs once completed, deleted with it (stepwise.lib.pdf.stored_pdf_response).
    renderings = GenericRelation("lib.StoredRendering")

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["engagement", "due_on"], name="one_review_per_date")]

    def __str__(self) -> str:
        return f"{self.engagement}: {self.get_kind_display()} {self.due_on}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class Message(PublicModel):
    """A message between the executive and the coach inside the engagement.

    A message to the coach carries the moment a reply is due (``reply_due_at``, the agreed
    business days in the coach's time zone and working days) and, once the coach answers,
    when and after how many business days: the reply-time figures aggregate these columns.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"))
    to_coach = models.BooleanField(default=True)
    reply_due_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reply_business_days = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["engagement", "created_at"]),
            # The few messages still waiting for the coach, among a practice's years of answered
            # ones: the inbox and the home page's "a message is waiting" read only these.
            models.Index(
                fields=["engagement", "reply_due_at"],
                condition=Q(to_coach=True, answered_at__isnull=True),
                name="message_waiting",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["engagement", "token"], name="message_sent_once")]

    def __str__(self) -> str:
        return f"message {self.public_id}"


WORKING_DAYS_DEFAULT = "12345"  # ISO weekdays, Monday = 1


class PreferencesManager(models.Manager["Preferences"]):
    def for_user(self, user: "User") -> "Preferences":
        """This person's preferences; the defaults, unsaved, until they first change one."""
        try:
            return self.get(user=user)
        except self.model.DoesNotExist:
            return self.model(user=user)


class Preferences(TimestampedModel):
    """One person's reminders, working days and calendar feed. Made on first use."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences")
    remind_sessions = models.BooleanField(_("remind me before each session"), default=True)
    session_lead_hours = models.PositiveSmallIntegerField(
        _("how many hours before"), default=24, validators=[MinValueValidator(1), MaxValueValidator(168)]
    )
    remind_checkins = models.BooleanField(_("remind me when a check-in is due"), default=True)
    remind_overdue = models.BooleanField(_("tell me about overdue key actions"), default=True)
    working_days = models.CharField(
        _("working days"),
        max_length=7,
        default=WORKING_DAYS_DEFAULT,
        help_text=_("The days that count as business days for replies."),
    )
    # The private calendar feed: the URL carries this id and a token derived from it with the
    # server's secret key. Revoking gives a new id, so the old URL answers 404; None means off.
    feed_id = models.UUIDField(null=True, blank=True, unique=True)

    objects = PreferencesManager()

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"

    @property
    def working_weekdays(self) -> frozenset[int]:
        return frozenset(int(day) for day in self.working_days if day.isdigit() and 1 <= int(day) <= 7)


class ReminderSent(TimestampedModel):
    """A reminder already sent: the periodic task runs often and must mail each one once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.user_id}"


def text_hash(text: str) -> str:
    """A short fingerprint of a text: a feedback form carries the one of the text it was loaded
    with, to tell the other person's save in between (no conflict) from one in another window."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]
