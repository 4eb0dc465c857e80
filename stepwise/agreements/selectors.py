from stepwise.engagements.models import Engagement

from .models import Agreement


def agreement_summary(engagement: Engagement) -> Agreement | None:
    """The newest version, with its signatures, for the engagement page."""
    return (
        Agreement.objects.filter(engagement=engagement)
        .prefetch_related("signatures__signer")
        .order_by("-version")
        .first()
    )
