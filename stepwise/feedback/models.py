"""Step 6 and practice steps 7–9: what raters without an account answer, and how they get in.

A rater is one of the executive's stakeholders. They have no ``User``: they reach their survey
through a ``RaterLink`` (see ``access.py``), never through the engagement's access policy.
"""

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Stakeholder
from stepwise.lib.models import PublicModel

LINK_DAYS = 60  # until the rounds that use the link set their own closing date


def link_expiry() -> datetime:
    return timezone.now() + timedelta(days=LINK_DAYS)


class RaterLinkQuerySet(models.QuerySet["RaterLink"]):
    def usable(self) -> "RaterLinkQuerySet":
        """Links that still open their survey: not revoked, not expired."""
        return self.filter(status=RaterLink.Status.ACTIVE, expires_at__gt=timezone.now())


class RaterLink(PublicModel):
    """One stakeholder's way in to the surveys they are asked to answer.

    Only the SHA-256 of the link's token is kept; the token exists in the mail alone. The link
    says who the rater is (the raters' list); what they answer is stored apart from it, in
    records that cannot be tied back to the link (``stepwise.lib.models.AnonymousModel``).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        REVOKED = "revoked", _("revoked")

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="rater_links")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField(default=link_expiry)

    objects = RaterLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["active", "revoked"]), name="rater_link_status_known"),
        ]

    def __str__(self) -> str:
        return f"Rater link for {self.stakeholder}"
