"""The demo practice's people (``manage.py demo``, in ``stepwise.dashboard``)."""

from stepwise.engagements.models import Engagement

from . import services
from .models import Invitation, User

PASSWORD = "stepwise-demo"  # noqa: S105 - the public demo password, printed and in the README

PEOPLE = {
    "admin": (
        "admin@stepwise.example",
        "Ada Admin",
        {"is_practice_admin": True, "is_staff": True, "is_superuser": True},
    ),
    "coach": ("coach@stepwise.example", "Clara Coach", {"is_coach": True}),
    "coach2": ("coach2@stepwise.example", "Colin Coach", {"is_coach": True}),
    "executive": ("executive@stepwise.example", "Evan Executive", {}),
    "sponsor": ("sponsor@stepwise.example", "Sam Sponsor", {}),
    "executive2": ("nadia@northwind.example", "Nadia Okafor", {}),
    "sponsor2": ("hr@northwind.example", "Harriet Reyes", {}),
    "executive3": ("liam@northwind.example", "Liam Chen", {}),
}


def demo_people() -> dict[str, User]:
    """The demo's people by key, made once with the public demo password."""
    people = {}
    for key, (email, full_name, flags) in PEOPLE.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **flags)
        people[key] = user
    return people


def demo_invitations_accept(engagement: Engagement) -> None:
    """The demo people have passwords already: each accepts their invitation, as they would
    by following the link (an invitation grants nothing until it is accepted)."""
    waiting = Invitation.objects.filter(participant__engagement=engagement, status=Invitation.Status.PENDING)
    for invitation in waiting.select_related("user"):
        services.invitation_accept(
            invitation=invitation,
            accepted_by=invitation.user,
            full_name=invitation.user.full_name,
            time_zone=invitation.user.time_zone,
            password=None,
        )
