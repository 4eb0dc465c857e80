"""Invitations: how a person gets an account and a place in an engagement."""

from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.lib.mail import mail_is_withheld
from stepwise.lib.tokens import token_hash, token_new

from .models import Invitation, User
from .tasks import invitation_deliver

if TYPE_CHECKING:
    from stepwise.engagements.models import Participant


def user_get_or_create(*, email: str, full_name: str) -> User:
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    return user


@transaction.atomic
def invitation_send(*, user: User, invited_by: User, participant: "Participant | None" = None) -> Invitation:
    """Make a fresh single-use link for ``user`` and mail it. Older pending links stop working."""
    Invitation.objects.filter(user=user, participant=participant, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED
    )
    # The link's token is made by the worker when it sends the mail; until then the invitation
    # holds the hash of a token nobody has, so no link works before the mail exists.
    invitation = Invitation.objects.create(
        user=user, participant=participant, invited_by=invited_by, token_hash=token_hash(token_new())
    )
    if not mail_is_withheld():
        invitation_deliver.enqueue(invitation_id=invitation.pk)
    return invitation


def invitation_find(*, digest: str) -> Invitation | None:
    """The invitation whose link's token has this SHA-256 (``stepwise.lib.tokens.token_hash``)."""
    return Invitation.objects.select_related("user", "participant__engagement").filter(token_hash=digest).first()


def invitation_problem(invitation: Invitation | None) -> str:
    """Why an invitation link cannot be used, in words that say what to do; empty if it can."""
    if invitation is None:
        return _(
            "This invitation link is not valid. Check that you copied the whole link, or ask your coach for a new one."
        )
    if invitation.status == Invitation.Status.ACCEPTED:
        return _(
            "This invitation has already been used. Sign in with your email and password, "
            "or reset your password if you forgot it."
        )
    if invitation.status == Invitation.Status.REVOKED:
        return _(
            "This invitation was withdrawn or replaced by a newer one. Use the newest "
            "invitation mail, or ask your coach to send a new one."
        )
    if invitation.is_expired():
        return _("This invitation has expired. Ask your coach to send a new one.")
    return ""


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    accepted_by: User | None,
    full_name: str,
    time_zone: str,
    password: str | None,
) -> User:
    """Use the invitation: set the password (for a new account) and join the engagement.

    Only the person invited accepts: ``accepted_by`` is who is signed in (``None`` for nobody).
    Someone who already has a password proves who they are by signing in first; a new account
    is proved by holding the link and sets its password here.
    """
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    user = invitation.user
    if accepted_by is not None and accepted_by.pk != user.pk:
        raise ValidationError(
            _("This invitation is for %(email)s. Sign out, then open the link again to join as them.")
            % {"email": user.email}
        )
    if accepted_by is None and user.has_usable_password():
        raise ValidationError(
            _("You already have a Stepwise account. Sign in as %(email)s to join.") % {"email": user.email}
        )
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    user.full_name = full_name.strip() or user.full_name
    user.time_zone = time_zone
    user.full_clean()
    user.save()
    now = timezone.now()
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = now
    invitation.save(update_fields=["status", "accepted_at", "updated_at"])
    if invitation.participant is not None and invitation.participant.joined_at is None:
        invitation.participant.joined_at = now
        invitation.participant.save(update_fields=["joined_at", "updated_at"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Only a waiting invitation can be withdrawn."))
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "updated_at"])
    return invitation
