"""Step 1 in the demo practice (``manage.py demo``, in ``stepwise.dashboard``)."""

from stepwise.engagements.models import Engagement
from stepwise.users.models import User

from . import services
from .models import Agreement


def demo_agreement(engagement: Engagement, *, context: str = "", signers: list[User] | None = None) -> Agreement:
    """The engagement's agreement from the built-in template: only started while ``signers`` is
    None, else sent for signature and signed by each of ``signers``."""
    agreement = services.agreement_start(engagement=engagement)
    if signers is None:
        return agreement
    if context:
        agreement = services.agreement_update(
            agreement=agreement, revision=agreement.revision, values={"context": context}
        )
    agreement = services.agreement_open(agreement=agreement)
    for person in signers:
        services.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )
    return agreement
