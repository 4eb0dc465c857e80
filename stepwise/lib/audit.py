"""What django-auditlog records. Secrets (password and token hashes) are never logged."""

from auditlog.registry import auditlog


def register() -> None:
    from stepwise.agreements.models import Agreement, Signature
    from stepwise.engagements.models import Engagement, Participant, Stakeholder
    from stepwise.users.models import Invitation, User

    auditlog.register(User, exclude_fields=["password", "last_login"])
    auditlog.register(Invitation, exclude_fields=["token_hash"])
    auditlog.register(Engagement)
    auditlog.register(Participant)
    auditlog.register(Stakeholder)
    auditlog.register(Agreement, exclude_fields=["text"])
    auditlog.register(Signature)
