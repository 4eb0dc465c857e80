"""Step 2: worksheet templates, the worksheets an executive fills in, and the coach's assessment."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement
from stepwise.lib.models import PublicModel, TimestampedModel

from .schema import question_count


class WorksheetTemplate(PublicModel):
    """A named worksheet a practice uses. Its wording lives in versions, so edits never touch
    worksheets already started."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_builtin = models.BooleanField(_("built in"), default=False)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-is_builtin", "name"]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(PublicModel):
    template = models.ForeignKey(WorksheetTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(default=1)
    schema = models.JSONField()

    class Meta:
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_version_once")]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @property
    def question_count(self) -> int:
        return question_count(self.schema)


class WorksheetQuerySet(models.QuerySet["Worksheet"]):
    def shared_with_sponsor(self) -> "WorksheetQuerySet":
        return self.filter(shared_with_sponsor=True, status=Worksheet.Status.SUBMITTED)


class Worksheet(PublicModel):
    """One worksheet assigned to an engagement's executive, with its answers."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", _("submitted")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="worksheets")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="worksheets")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    answers = models.JSONField(default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reopen_allowed = models.BooleanField(_("the executive may reopen it"), default=False)
    shared_with_sponsor = models.BooleanField(_("shared with the sponsor"), default=False)

    objects = WorksheetQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False), name="worksheet_submitted_has_time"
            ),
        ]

    def __str__(self) -> str:
        return str(self.version.template)

    @property
    def schema(self) -> dict[str, Any]:
        return self.version.schema

    def is_editable(self) -> bool:
        return self.status != self.Status.SUBMITTED


class SelfRating(models.Model):
    """A 1–10 self-rating as submitted, kept per question so it can be charted over time."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="self_ratings")
    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="ratings")
    question_key = models.CharField(max_length=80)
    label = models.CharField(max_length=300)
    value = models.PositiveSmallIntegerField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at"]
        indexes = [models.Index(fields=["engagement", "question_key", "recorded_at"])]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "question_key"], name="self_rating_once_per_worksheet")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class Assessment(PublicModel):
    """The coach's structured assessment of the organisation and the leader, shared with the
    executive once the coach says so. It belongs to the engagement: whoever coaches it edits it.
    Each coach's private notes on it are an ``AssessmentNote``, read by their author alone."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="assessment")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")  # who began it
    organisation_situation = models.TextField(_("the organisation and the present situation"), blank=True)
    strengths = models.TextField(_("the leader's strengths"), blank=True)
    gaps = models.TextField(_("the leader's gaps"), blank=True)
    team_pain_points = models.TextField(_("team pain points"), blank=True)
    challenges = models.TextField(_("challenges"), blank=True)
    shared_with_executive = models.BooleanField(_("shared with the executive"), default=False)
    revision = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Assessment of {self.engagement}"


class AssessmentNote(TimestampedModel):
    """One coach's private notes on an assessment. A coach who takes over the engagement edits the
    assessment and writes their own notes; the previous coach's stay theirs, unseen."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private notes (only you read these)"), blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "author"], name="assessment_note_once_per_author"),
        ]

    def __str__(self) -> str:
        return f"Private notes on {self.assessment}"
