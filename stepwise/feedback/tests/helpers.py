"""Rounds with questions and raters, for the answering side's tests."""

from django.test import Client
from django.urls import reverse

from stepwise.conftest import World
from stepwise.engagements import services as engagement_services
from stepwise.feedback import services, vault
from stepwise.feedback.models import Group, ItemKind, Rater, Round, RoundItem

# Position 1 and 2 under "Listening", 3 under "Delegating", 4 an open question.
QUESTIONS = (
    (1, "Listening", "Listens before deciding", ItemKind.SCALE),
    (2, "Listening", "Asks for other views", ItemKind.SCALE),
    (3, "Delegating", "Hands over whole pieces of work", ItemKind.SCALE),
    (4, "", "What could Erin start doing?", ItemKind.OPEN),
)


def items_add(round: Round) -> Round:
    """Give ``round`` the questions above (the world's round opens with none)."""
    for position, competency, text, kind in QUESTIONS:
        RoundItem.objects.create(round=round, position=position, competency=competency, text=text, kind=kind)
    return round


def rater_add(world: World, number: int, *, group: str = Group.PEER, round: Round | None = None) -> Rater:
    stakeholder = engagement_services.stakeholder_save(
        engagement=world.engagement,
        name=f"Rater {number}",
        email=f"rater{number}@acme.test",
        relationship="manager" if group == Group.MANAGER else "peer",
    )
    rater = services.rater_nominate(round=round or world.round, stakeholder=stakeholder, group=group)
    return services.rater_invite(rater=rater)


def link(rater: Rater) -> str:
    return reverse("rater_open", args=[vault.rater_token(rater.token_salt)])


def client_of(rater: Rater) -> Client:
    """A browser that opened ``rater``'s link."""
    client = Client()
    assert client.get(link(rater)).status_code == 302
    return client


def full_answers(comment: str = "Share the agenda earlier.") -> dict[str, str]:
    """A complete survey as the form posts it."""
    return {"item-1": "4", "item-2": "na", "item-3": "2", "item-4": comment}
