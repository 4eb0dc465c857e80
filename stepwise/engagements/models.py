"""Client organisations, engagements, the people in them, and the executive's stakeholders."""

from datetime import date
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.lib.models import PublicModel

if TYPE_CHECKING:
    from stepwise.users.models import User


class Organisation(PublicModel):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Step(models.IntegerChoices):
    """The seven steps of the engagement model."""

    AGREEMENT = 1, _("Establish coaching agreement")
    ASSESSMENT = 2, _("Assessment")
    DEVELOPMENT_PLANNING = 3, _("Targeted and customised development planning")
    ACTION_PLANS = 4, _("Implement SMART action plans")
    ACCOUNTABILITY = 5, _("Personalised coaching process and active learning")
    FEEDBACK_360 = 6, _("Stakeholders 360-degree feedback")
    FOLLOW_UP = 7, _("Post-coaching follow-up")


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def visible_to(self, user: "User") -> "EngagementQuerySet":
        """The engagements this person may open at all. The one filter every lookup starts from."""
        if not user.is_authenticated:
            return self.none()
        if user.is_practice_admin:
            return self
        # An invitation grants nothing until the invitee accepts it (``joined_at``). The person's
        # engagements as a list (IN), not a subquery per engagement (EXISTS): SQLite then reads
        # the coach's index and the person's participants only, whatever the size of the practice.
        takes_part = Participant.objects.joined().filter(user=user).values("engagement_id")
        return self.filter(Q(coach=user) | Q(pk__in=takes_part))

    def active(self) -> "EngagementQuerySet":
        return self.exclude(status=Engagement.Status.CLOSED)


class Engagement(PublicModel):
    class Status(models.TextChoices):
        SETTING_UP = "setting_up", _("setting up")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("client organisation")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coached_engagements", verbose_name=_("coach")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    planned_months = models.PositiveSmallIntegerField(
        _("planned length (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SETTING_UP)
    step_override = models.PositiveSmallIntegerField(
        _("step set by the coach"),
        choices=Step.choices,
        null=True,
        blank=True,
        help_text=_("Leave empty to follow what has been done."),
    )
    # The facts' stale-edit check (stepwise.lib.revisions): coach and admin may both edit them.
    revision = models.PositiveIntegerField(default=0)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_months__gte=1) & Q(planned_months__lte=36), name="engagement_months_in_range"
            ),
            models.CheckConstraint(
                condition=Q(step_override__isnull=True) | (Q(step_override__gte=1) & Q(step_override__lte=7)),
                name="engagement_step_override_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.public_id)

    @property
    def end_date(self) -> date:
        return self.start_date + relativedelta(months=self.planned_months)

    def executives(self) -> list["User"]:
        """The person coached, as a list: empty until the executive has accepted their invitation
        (at most one). Mail about the engagement's content goes to these people only."""
        return self.people(Participant.Role.EXECUTIVE)

    def sponsors(self) -> list["User"]:
        """The sponsors who have accepted their invitation."""
        return self.people(Participant.Role.SPONSOR)

    def people(self, role: str) -> list["User"]:
        """The joined participants in ``role``: an invitation not yet accepted grants nothing."""
        return [p.user for p in self.participants.joined().filter(role=role).select_related("user")]

    def named_for_documents(self) -> str:
        """Who is coached and where, naming the engagement's PDFs: "Evan Executive, Acme Corporation"."""
        return ", ".join([str(user) for user in self.executives()] + [str(self.organisation)])


class ParticipantQuerySet(models.QuerySet["Participant"]):
    def joined(self) -> "ParticipantQuerySet":
        """Participants who accepted their invitation: only they hold their role."""
        return self.filter(joined_at__isnull=False)


class Participant(PublicModel):
    """A person's role in one engagement. The coach is ``Engagement.coach``, not a participant."""

    class Role(models.TextChoices):
        EXECUTIVE = "executive", _("executive")
        SPONSOR = "sponsor", _("sponsor")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "user"], name="participant_once_per_engagement"),
            models.UniqueConstraint(
                fields=["engagement"], condition=Q(role="executive"), name="one_executive_per_engagement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Stakeholder(PublicModel):
    """One of the executive's key stakeholders: the people later steps survey."""

    class Relationship(models.TextChoices):
        MANAGER = "manager", _("manager")
        PEER = "peer", _("peer")
        DIRECT_REPORT = "direct_report", _("direct report")
        OTHER = "other", _("other")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["relationship", "name"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "email"], name="stakeholder_email_once_per_engagement"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"
