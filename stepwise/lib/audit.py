"""What django-auditlog records. Secrets (password and token hashes) are never logged, nor is
anything DESIGN.md's access table withholds from the practice admin, who reads the log in
Django's admin: the executive's stakeholders (names, addresses, relationships) are not
registered at all, and of an agreement only its status and dates are (its wording is the
coach's draft until it is sent, and the sent text is kept, hashed, on the agreement itself).
``stepwise.lib.admin`` shows only what is registered here, also for entries written before."""

from auditlog.registry import auditlog


def register() -> None:
    from stepwise.agreements.models import Agreement, Signature
    from stepwise.engagements.models import Engagement, Participant
    from stepwise.users.models import Invitation, User

    auditlog.register(User, exclude_fields=["password", "last_login"])
    auditlog.register(Invitation, exclude_fields=["token_hash"])
    auditlog.register(Engagement)
    auditlog.register(Participant)
    auditlog.register(Agreement, exclude_fields=["text", *Agreement.CONTENT_FIELDS])
    auditlog.register(Signature)
