"""Invitation mail: the token is made by the worker at sending time, so the only place it is
ever written down is the mail itself; the database holds its SHA-256 alone."""

from django.db import transaction
from django_tasks import task

from stepwise.lib.mail import mail_render, mail_send
from stepwise.lib.tokens import token_hash, token_new

from .models import Invitation


@task()
def invitation_deliver(*, invitation_id: int, what: str) -> None:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not invitation.is_usable():
            return  # withdrawn or replaced before it could be sent
        token = token_new()
        invitation.token_hash = token_hash(token)
        invitation.save(update_fields=["token_hash", "updated_at"])
    subject, body = mail_render(
        template="users/email/invitation",
        context={
            "user": invitation.user,
            "invited_by": invitation.invited_by,
            "what": what,
            "path": f"/invite/{token}/",
            "expires_at": invitation.expires_at,
            "has_password": invitation.user.has_usable_password(),
        },
    )
    mail_send(subject=subject, body=body, to=[invitation.user.email])
