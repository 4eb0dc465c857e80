"""Step 1: the three-party coaching agreement, its versions and signatures."""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement
from stepwise.lib.models import PublicModel

from . import content


def _lines(items: list[str]) -> str:
    return "\n".join(items)


class AgreementContent(models.Model):
    """The wording and terms an agreement (or a template) carries. Lists are one item per line."""

    context = models.TextField(
        _("coaching context / present situation"),
        blank=True,
        default=content.CONTEXT,
        help_text=_(
            "The executive's role, the situation that brings them to coaching, and what the organisation hopes for."
        ),
    )
    executive_commitments = models.TextField(
        _("executive's commitments"), default=_lines(content.EXECUTIVE_COMMITMENTS)
    )
    coach_commitments = models.TextField(_("coach's commitments"), default=_lines(content.COACH_COMMITMENTS))
    coach_summary = models.TextField(
        _("coach's commitments summary"), default=_lines(content.COACH_COMMITMENTS_SUMMARY)
    )
    stakeholder_responsibilities = models.TextField(
        _("responsibilities of key stakeholders"), default=_lines(content.STAKEHOLDER_RESPONSIBILITIES)
    )
    rules_of_engagement = models.TextField(_("rules of engagement"), default=_lines(content.RULES_OF_ENGAGEMENT))
    confidentiality = models.TextField(_("confidentiality and its exceptions"), default=_lines(content.CONFIDENTIALITY))

    first_month_sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions per week in the first month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    later_sessions_per_month_min = models.PositiveSmallIntegerField(
        _("sessions per month after the first month, at least"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    later_sessions_per_month_max = models.PositiveSmallIntegerField(
        _("sessions per month after the first month, at most"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"), default=60, validators=[MinValueValidator(15), MaxValueValidator(240)]
    )
    zero_cancellation = models.BooleanField(_("zero-cancellation policy"), default=True)
    reply_business_days = models.PositiveSmallIntegerField(
        _("coach replies within (business days)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    # Sharing choices: what the sponsor may see. The access policy enforces these.
    sponsor_sees_goals = models.BooleanField(_("the sponsor sees the goals and the development plan"), default=True)
    sponsor_approves_goals = models.BooleanField(_("the sponsor approves each goal"), default=True)
    sponsor_sees_progress = models.BooleanField(
        _("the sponsor sees progress summaries (attendance counts, action completion, measures)"), default=True
    )
    sponsor_sees_360_report = models.BooleanField(_("the sponsor sees the released 360 report"), default=False)
    sponsor_approves_raters = models.BooleanField(
        _("the sponsor approves the list of 360 raters (otherwise the coach does)"), default=False
    )

    CONTENT_FIELDS = (
        "context",
        "executive_commitments",
        "coach_commitments",
        "coach_summary",
        "stakeholder_responsibilities",
        "rules_of_engagement",
        "confidentiality",
        "first_month_sessions_per_week",
        "later_sessions_per_month_min",
        "later_sessions_per_month_max",
        "session_minutes",
        "zero_cancellation",
        "reply_business_days",
        "sponsor_sees_goals",
        "sponsor_approves_goals",
        "sponsor_sees_progress",
        "sponsor_sees_360_report",
        "sponsor_approves_raters",
    )
    SHARING_FIELDS = (
        "sponsor_sees_goals",
        "sponsor_approves_goals",
        "sponsor_sees_progress",
        "sponsor_sees_360_report",
        "sponsor_approves_raters",
    )

    class Meta:
        abstract = True

    def content_values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}


class AgreementTemplate(PublicModel, AgreementContent):
    """A practice's starting point for new agreements. The built-in one carries the seed."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_builtin = models.BooleanField(_("built in"), default=False, editable=False)

    class Meta:
        ordering = ["-is_builtin", "name"]

    def __str__(self) -> str:
        return self.name


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def in_force_for(self, engagement: Engagement) -> "Agreement | None":
        return self.filter(engagement=engagement, status=Agreement.Status.SIGNED).order_by("-version").first()


class Agreement(PublicModel, AgreementContent):
    """One version of an engagement's agreement.

    A draft is edited by the coach; opened for signature its text is frozen and hashed; once
    the executive and the coach have signed and every sponsor has acknowledged, it is signed
    and in force. A signed agreement is never edited: a change is a new version.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("awaiting signatures")
        SIGNED = "signed", _("signed")
        SUPERSEDED = "superseded", _("superseded")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(
        default=1, help_text="Bumped on each save of the draft; guards against lost edits."
    )
    text = models.TextField(_("text as opened for signature"), blank=True)
    text_hash = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True)
    opened_at = models.DateTimeField(_("opened for signature"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed by all"), null=True, blank=True)
    # Its stored PDFs, deleted with it (stepwise.lib.pdf.stored_pdf_response).
    renderings = GenericRelation("lib.StoredRendering")

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["engagement", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "version"], name="agreement_version_once"),
            # Only one version at a time may be a draft or open for signature.
            models.UniqueConstraint(
                fields=["engagement"], condition=Q(status__in=["draft", "open"]), name="agreement_one_in_progress"
            ),
            models.CheckConstraint(
                condition=Q(later_sessions_per_month_min__lte=models.F("later_sessions_per_month_max")),
                name="agreement_cadence_min_le_max",
            ),
            models.CheckConstraint(condition=Q(status="draft") | ~Q(text_hash=""), name="agreement_frozen_has_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement} — agreement v{self.version}"

    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def is_fully_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    def is_frozen(self) -> bool:
        """Signed (or signed and since superseded): its PDF is rendered once and stored."""
        return self.status in (self.Status.SIGNED, self.Status.SUPERSEDED)

    def current_text(self) -> str:
        """The text people read: frozen once opened for signature, rendered live while a draft."""
        if self.text:
            return self.text
        from .document import agreement_text

        return agreement_text(self)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Signature(PublicModel):
    """A signature (executive, coach) or acknowledgement (sponsor) over one frozen text."""

    class Role(models.TextChoices):
        EXECUTIVE = "executive", _("executive")
        COACH = "coach", _("coach")
        SPONSOR = "sponsor", _("sponsor")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    typed_name = models.CharField(_("typed name"), max_length=150)
    text_hash = models.CharField(_("SHA-256 of the text seen"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "signer", "role"], name="signature_once_per_role"),
        ]

    def __str__(self) -> str:
        return f"{self.typed_name} ({self.get_role_display()})"

    @property
    def is_acknowledgement(self) -> bool:
        return self.role == self.Role.SPONSOR


def signer_role(roles: Iterable[str]) -> str | None:
    """The role a person signs an agreement in, from their roles in its engagement
    (``engagements.access.Role`` values, as ``roles_in`` or ``Access.roles`` give them): the
    coach as coach, the executive as executive, a sponsor acknowledges; anyone else (the practice
    admin) signs nothing. The one definition, for the page and the service alike."""
    held = {str(role) for role in roles}
    for role in (Signature.Role.COACH, Signature.Role.EXECUTIVE, Signature.Role.SPONSOR):
        if role.value in held:
            return role.value
    return None
