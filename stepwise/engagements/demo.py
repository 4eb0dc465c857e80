"""The demo practice's engagements and stakeholders (``manage.py demo``, in ``stepwise.dashboard``)."""

from collections.abc import Sequence
from datetime import date

from stepwise.users.models import User

from . import services
from .models import Engagement, Organisation, Stakeholder

STAKEHOLDERS = [
    ("Maria Manager", "maria.manager@acme.example", Stakeholder.Relationship.MANAGER),
    ("Peter Peer", "peter.peer@acme.example", Stakeholder.Relationship.PEER),
    ("Paula Peer", "paula.peer@acme.example", Stakeholder.Relationship.PEER),
    ("Pat Peer", "pat.peer@acme.example", Stakeholder.Relationship.PEER),
    ("Dana Report", "dana.report@acme.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Dev Report", "dev.report@acme.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Dora Report", "dora.report@acme.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Omar Other", "omar.other@acme.example", Stakeholder.Relationship.OTHER),
]


def demo_engagement(
    *,
    org: str,
    title: str,
    coach: User,
    executive: User,
    sponsor: User | None,
    start: date,
    months: int,
) -> tuple[Engagement, bool]:
    """The engagement called ``title``, made (with its organisation) when it is not there yet;
    ``True`` when it is new."""
    existing = Engagement.objects.filter(title=title).first()
    if existing:
        return existing, False
    organisation = Organisation.objects.filter(name=org).first() or services.organisation_create(name=org)
    engagement = services.engagement_create(
        coach=coach,
        organisation=organisation,
        title=title,
        start_date=start,
        planned_months=months,
        executive_name=executive.full_name,
        executive_email=executive.email,
        sponsor_name=sponsor.full_name if sponsor else "",
        sponsor_email=sponsor.email if sponsor else "",
    )
    return engagement, True


def demo_stakeholders(engagement: Engagement, stakeholders: Sequence[tuple[str, str, str]] = STAKEHOLDERS) -> None:
    for name, email, relationship in stakeholders:
        services.stakeholder_save(engagement=engagement, name=name, email=email, relationship=relationship)
