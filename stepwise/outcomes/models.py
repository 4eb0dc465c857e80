"""Step 7, post-coaching follow-up: mini-surveys scheduled with the same stakeholders, the change
they measure, ROI by the Phillips method, the sustain plan, the closing report, and retention."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.lib.models import PublicModel, TimestampedModel

# --- Close and retention (lane "close"): Closure, RetentionSetting, RetentionRecord ---------------


class Closure(TimestampedModel):
    """When and by whom an engagement was closed. One per engagement: of two coaches (or two tabs)
    closing at once, the database lets one row in, and the other is told it was closed already."""

    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE, related_name="closure")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(_("closed on"))

    def __str__(self) -> str:
        return f"{self.engagement} closed on {self.closed_on}"


class RetentionSetting(TimestampedModel):
    """The practice's one retention setting: how long coaching content is kept after the close.
    A single row (``key`` 1), made on first read and edited by the practice admin."""

    key = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    retention_days = models.PositiveIntegerField(
        _("keep coaching content for (days after the close)"),
        default=730,
        validators=[MinValueValidator(1)],
        help_text=_("After this many days the content is removed; the closing report's figures stay."),
    )
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(key=1), name="retention_setting_single_row"),
            models.CheckConstraint(condition=Q(retention_days__gte=1), name="retention_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.retention_days} days"


class RetentionRecord(TimestampedModel):
    """What the retention task removed from one engagement, and when: the rows deleted and the
    rows whose text was blanked, by table. One per engagement (two workers: one writes it)."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="retention_record"
    )
    processed_at = models.DateTimeField()
    closed_on = models.DateField()
    retention_days = models.PositiveIntegerField()
    deleted = models.JSONField(default=dict)  # {"meetings.PrivateNote": 3, ...}
    anonymised = models.JSONField(default=dict)  # {"plans.Goal": 2, ...}

    class Meta:
        ordering = ["-processed_at"]

    def __str__(self) -> str:
        return f"Retention of {self.engagement} on {self.processed_at:%Y-%m-%d}"


# --- The sustain plan (lane "close"): what the executive keeps doing after the engagement ----------


class SustainPlan(PublicModel):
    engagement = models.OneToOneField("engagements.Engagement", on_delete=models.CASCADE, related_name="sustain_plan")
    keep_doing = models.TextField(
        _("What I keep doing"),
        blank=True,
        help_text=_("The habits and actions that made the difference, and when you will do them."),
    )
    revision = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Sustain plan of {self.engagement}"


class SustainCheckIn(PublicModel):
    """A date on which the executive checks in on the plan; both are reminded by mail that day."""

    plan = models.ForeignKey(SustainPlan, on_delete=models.CASCADE, related_name="checkins")
    due_on = models.DateField(_("check-in date"))
    focus = models.CharField(_("what to look at"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["plan", "due_on"], name="sustain_checkin_once_a_day")]

    def __str__(self) -> str:
        return str(self.due_on)


class SustainChange(PublicModel):
    """The plan's answer to "what changes?" for a goal the stakeholders see declining."""

    plan = models.ForeignKey(SustainPlan, on_delete=models.CASCADE, related_name="changes")
    goal = models.ForeignKey("plans.Goal", on_delete=models.CASCADE, related_name="+")
    answer = models.TextField(_("What changes?"), blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "goal"], name="sustain_change_once_per_goal")]

    def __str__(self) -> str:
        return f"What changes for {self.goal}"
