"""Step 7, post-coaching follow-up: mini-surveys scheduled with the same stakeholders, the change
they measure, ROI by the Phillips method, the sustain plan, the closing report, and retention."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.feedback.models import Round
from stepwise.lib.models import PublicModel, TimestampedModel
from stepwise.plans.models import Measure


class MiniSurvey(PublicModel):
    """A mini-survey the coach planned (``mini.py``): the day it opens and whom it asks. On that
    day the worker makes it a feedback ``Round`` of kind ``mini`` (``round``), with the 360's links,
    thresholds and sealed storage; the answers live there, never here."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="mini_surveys")
    opens_on = models.DateField(_("opens on"))
    # Whom it asks, chosen among the engagement's stakeholders (by default the last 360's raters).
    stakeholders = models.ManyToManyField(Stakeholder, related_name="+", verbose_name=_("asked"))
    round = models.OneToOneField(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="mini_survey")
    # Why the worker could not open it on its day (no approved goal, nobody left to ask): shown to the coach.
    not_sent = models.CharField(max_length=200, blank=True)
    # The decline alert (a goal's interval wholly below zero) is mailed once.
    decline_alerted = models.BooleanField(default=False)
    # The coach reads the suggestions first (and may redact one); the executive reads them once
    # the coach has released them (``mini.mini_survey_release``). The figures need no release.
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["engagement", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "opens_on"], name="mini_survey_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Mini-survey of {self.opens_on} for {self.engagement}"


# --- ROI by the Phillips method (lane roi): benefits, their estimates, costs ------------------


class Benefit(PublicModel):
    """A benefit of the coaching, usually tied to one of the goals' measures. An intangible one is
    listed beside the ROI and never converted to money: it takes no estimates."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="roi_benefits")
    description = models.CharField(_("benefit"), max_length=300)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure it comes from"),
    )
    intangible = models.BooleanField(
        _("intangible"),
        default=False,
        help_text=_("Listed beside the ROI and never converted to money (for example, a stronger team climate)."),
    )
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["engagement", "created_at", "pk"]

    def __str__(self) -> str:
        return self.description


class Estimate(PublicModel):
    """One person's estimate of a benefit's first-year value, of the share the coaching made and
    of their confidence in the estimate (Phillips). One per estimator and benefit."""

    class Estimator(models.TextChoices):
        EXECUTIVE = "executive", _("the executive")
        SPONSOR = "sponsor", _("the sponsor")

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="estimates")
    estimator = models.CharField(_("estimated by"), max_length=10, choices=Estimator.choices)
    annual_value = models.DecimalField(
        _("value in the first year"), max_digits=12, decimal_places=2, help_text=_("Money, per year; 0 or more.")
    )
    share_percent = models.DecimalField(
        _("share from the coaching (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("How much of this benefit came from the coaching rather than anything else, 0–100."),
    )
    confidence_percent = models.DecimalField(
        _("confidence in this estimate (%)"), max_digits=5, decimal_places=2, help_text=_("0–100.")
    )
    supported = models.BooleanField(
        _("supported by evidence"),
        default=False,
        help_text=_("Figures, records or a named source back it up. An unsupported estimate counts as zero."),
    )
    basis = models.TextField(_("how it was estimated"), blank=True, max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["benefit", "estimator"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "estimator"], name="one_estimate_per_estimator"),
            models.CheckConstraint(condition=Q(annual_value__gte=0), name="estimate_value_not_negative"),
            models.CheckConstraint(
                condition=Q(share_percent__gte=0, share_percent__lte=100), name="estimate_share_is_a_percent"
            ),
            models.CheckConstraint(
                condition=Q(confidence_percent__gte=0, confidence_percent__lte=100),
                name="estimate_confidence_is_a_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benefit}: {self.get_estimator_display()}"


class Cost(PublicModel):
    """A cost of the coaching, fully loaded: an amount, or hours at a loaded hourly rate for time."""

    class Kind(models.TextChoices):
        FEES = "fees", _("coaching fees")
        EXECUTIVE_TIME = "executive_time", _("the executive's time")
        STAKEHOLDER_TIME = "stakeholder_time", _("stakeholders' time")
        ASSESSMENTS = "assessments", _("assessments")
        ADMINISTRATION = "administration", _("administration")
        OTHER = "other", _("other")

    TIME_KINDS = (Kind.EXECUTIVE_TIME, Kind.STAKEHOLDER_TIME)

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="roi_costs")
    kind = models.CharField(_("kind of cost"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2, null=True, blank=True)
    hourly_rate = models.DecimalField(
        _("loaded hourly rate"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Salary with benefits and overheads, per hour."),
    )
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["engagement", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=("executive_time", "stakeholder_time"), amount__isnull=True)
                    & Q(hours__gte=0, hourly_rate__gte=0)
                )
                | (
                    ~Q(kind__in=("executive_time", "stakeholder_time"))
                    & Q(amount__gte=0, hours__isnull=True, hourly_rate__isnull=True)
                ),
                name="cost_is_an_amount_or_time",
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()

    @property
    def is_time(self) -> bool:
        return self.kind in self.TIME_KINDS

    @property
    def total(self) -> Decimal:
        if self.is_time:
            return (self.hours or Decimal(0)) * (self.hourly_rate or Decimal(0))
        return self.amount or Decimal(0)


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
