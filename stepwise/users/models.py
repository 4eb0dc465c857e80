"""People: one account per email address, and the invitations that create them."""

import functools
import uuid
import zoneinfo
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepwise.lib.models import PublicModel


@functools.cache
def known_time_zones() -> frozenset[str]:
    # available_timezones() walks the whole tz database on disk at every call (~15 ms).
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError(
            _("“%(value)s” is not a time zone we know, such as Europe/London."), params={"value": value}
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True, is_practice_admin=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person who signs in. Roles in an engagement live on ``engagements.Participant``."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    is_coach = models.BooleanField(
        _("coach"), default=False, help_text=_("Coaches can create engagements and invite people.")
    )
    is_practice_admin = models.BooleanField(
        _("practice admin"),
        default=False,
        help_text=_("Practice admins manage coaches, organisations and templates."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def holds_practice_material(self) -> bool:
        """Coaches and admins (the Django admin's operators included) reach many engagements:
        two-factor sign-in is required of them where ``STEPWISE_REQUIRE_2FA`` is on."""
        return self.is_coach or self.is_practice_admin or self.is_staff


def invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class Invitation(PublicModel):
    """A single-use link that lets a person set a password and join an engagement.

    Only the SHA-256 of the token is kept; the token itself exists in the mail alone.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey(
        "engagements.Participant", on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user}"

    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired()
