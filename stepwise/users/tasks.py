"""Invitation mail: the token is made by the worker at sending time, so the only place it is
ever written down is the mail itself; the database holds its SHA-256 alone."""

from django.db import transaction
from django_tasks import task

from stepwise.lib.mail import mail_failure_hidden, mail_render, mail_send
from stepwise.lib.tokens import token_hash, token_new

from .models import Invitation

TEMPLATE = "users/email/invitation"


@task()
def invitation_deliver(*, invitation_id: int) -> None:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "invited_by", "participant__engagement")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not invitation.is_usable():
            return  # withdrawn or replaced before it could be sent
        token = token_new()
        invitation.token_hash = token_hash(token)
        invitation.save(update_fields=["token_hash", "updated_at"])
    with mail_failure_hidden(TEMPLATE):  # the traceback the queue keeps must not hold the link
        mail = mail_render(
            template=TEMPLATE,
            context={
                "user": invitation.user,
                "invited_by": invitation.invited_by,
                "participant": invitation.participant,
                "path": f"/invite/{token}/",
                "expires_at": invitation.expires_at,
                "has_password": invitation.user.has_usable_password(),
            },
        )
        mail_send(mail=mail, to=[invitation.user.email])
