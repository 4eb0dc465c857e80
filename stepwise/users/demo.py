"""The demo practice's people (``manage.py demo``, in ``stepwise.dashboard``)."""

from functools import cache

from django.contrib.auth.hashers import make_password

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
    # Step 7 (lane "close"): a closed engagement, and one whose content retention removed.
    "executive4": ("grace@acme.example", "Grace Park", {}),
    "executive5": ("felix@northwind.example", "Felix Moreau", {}),
    # Steps 5–6: sessions under way and a 360 open (its agreement in force, as opening requires).
    "executive6": ("sofia@northwind.example", "Sofia Marin", {}),
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


@cache
def demo_password_hash() -> str:
    """The demo password, hashed once (Argon2, as every password) for all the generated people of
    the large practice: a hash takes tens of milliseconds on purpose, thousands would take minutes.
    They share the salt, which matters nothing for a password printed on the screen."""
    return make_password(PASSWORD)


def demo_account(*, email: str, full_name: str, is_coach: bool = False) -> User:
    """The person with ``email`` (made by the users service when they are new), signing in with
    the demo password."""
    user = services.user_get_or_create(email=email, full_name=full_name)
    if user.password != demo_password_hash() or user.is_coach != is_coach:
        user.password = demo_password_hash()
        user.is_coach = is_coach
        user.save(update_fields=["password", "is_coach"])
    return user


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
