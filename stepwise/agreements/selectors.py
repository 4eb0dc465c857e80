from django.db.models import Prefetch
from django.http import Http404

from stepwise.engagements.access import Access, Part

from .models import Agreement, Signature


def agreement_summary(access: Access) -> Agreement | None:
    """The newest version this person may read, with its signatures, for the engagement page and
    the API (a practice admin does not read drafts: they get the newest version sent)."""
    agreements = Agreement.objects.filter(engagement=access.engagement)
    if not access.can_read(Part.AGREEMENT):
        return None
    if not access.reads_drafts:
        agreements = agreements.exclude(status=Agreement.Status.DRAFT)
    # The signers with their signatures: one query, not one for each.
    signatures = Prefetch("signatures", queryset=Signature.objects.select_related("signer"))
    return agreements.prefetch_related(signatures).order_by("-version").first()


def agreement_readable(access: Access, agreement: Agreement) -> bool:
    """Whether this person reads this version: a draft only its parties (``Access.reads_drafts``)."""
    return access.can_read(Part.AGREEMENT) and (agreement.status != Agreement.Status.DRAFT or access.reads_drafts)


def agreement_read_require(access: Access, agreement: Agreement) -> None:
    if not agreement_readable(access, agreement):
        raise Http404
