"""Who reaches whose practice record: the one rule, on top of the engagement's policy.

The record belongs to a person, not to an engagement: ``owner`` is the executive, and they reach
their one record beside each of their engagements (``/engagements/<uuid>/practice/…``). Through an
engagement:

- its **executive** reads and writes their own record (``Part.PRACTICE_PRIVATE``), whatever the
  engagement's status: it stays theirs after the engagement closes;
- its **coach**, in the role of the tradition's sponsor, reads the step marks and the counts and
  charts (``Part.PRACTICE``), reads the entries the executive shares and comments on them and on the
  marks (``Part.PRACTICE_SHARED``); never an unshared entry's text, a check-in's words or the
  teaching log's names. Only while the engagement is not closed: once it closes, the coaching
  relationship it stood for has ended and the coach's view of the record ends with it (a 404).
  The record is one per person, so sharing is with "my coach": an executive coached in two open
  engagements shares an entry with both coaches, and a new engagement's coach reads what is shared;
- the sponsor, the practice admin, other coaches and outsiders: nothing (404), from the policy's
  table (``stepwise.engagements.access.POLICY``).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.engagements.models import Engagement, Participant

if TYPE_CHECKING:
    from stepwise.users.models import User


@dataclass
class PracticeAccess:
    """What one person may do with the practice record reached through one engagement."""

    access: Access
    owner: "User"

    @property
    def engagement(self) -> Engagement:
        return self.access.engagement

    @property
    def is_owner(self) -> bool:
        return self.owner.pk == self.access.user.pk

    def can_read(self, part: Part) -> bool:
        return self.access.can_read(part)

    def can_write(self, part: Part) -> bool:
        return self.access.can_write(part)

    def require_read(self, part: Part) -> None:
        self.access.require_read(part)

    def require_write(self, part: Part) -> None:
        self.access.require_write(part)

    def require_owner(self) -> None:
        """Writing the record is its owner's: the coach, who reads these pages, is refused (403)."""
        if not self.access.can_write(Part.PRACTICE_PRIVATE):
            raise PermissionDenied(_("This practice is the executive's own: you may read it but not change it."))

    @property
    def reads_private(self) -> bool:
        return self.access.can_read(Part.PRACTICE_PRIVATE)

    @property
    def comments(self) -> bool:
        return self.access.can_write(Part.PRACTICE_SHARED)


def coach_reads(engagement: Engagement) -> bool:
    """The coach reads the record only while the engagement is not closed."""
    return engagement.status != Engagement.Status.CLOSED


def practice_owner(engagement: Engagement) -> "User | None":
    """The executive whose record the engagement leads to: its joined executive."""
    executive = (
        Participant.objects.joined()
        .filter(engagement=engagement, role=Participant.Role.EXECUTIVE)
        .select_related("user")
        .first()
    )
    return executive.user if executive else None


def practice_access(user: "User", public_id: UUID) -> PracticeAccess:
    """Load the practice record beside an engagement: a 404 for anyone the rule above leaves out."""
    access = engagement_access(user, public_id)
    access.require_read(Part.PRACTICE)
    if access.is_executive:
        return PracticeAccess(access=access, owner=user)
    if not coach_reads(access.engagement):
        raise Http404
    owner = practice_owner(access.engagement)
    if owner is None:
        raise Http404
    return PracticeAccess(access=access, owner=owner)
