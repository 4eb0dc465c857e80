"""Builders for the practice steps' tests: rounds answered and closed through the real services."""

from collections.abc import Mapping, Sequence
from datetime import date
from itertools import count

from django.utils import timezone

from stepwise.conftest import World
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Stakeholder
from stepwise.feedback import answering, services
from stepwise.feedback.models import (
    GROUP_OF_RELATIONSHIP,
    ItemKind,
    Questionnaire,
    QuestionnaireItem,
    Rater,
    ReportVersion,
    Round,
)

ITEMS = ("Listens without interrupting", "Gives credit to the team", "Explains decisions", "Keeps commitments")
_numbers = count(1)


def stakeholder_add(world: World, relationship: str) -> Stakeholder:
    number = next(_numbers)
    return engagement_services.stakeholder_save(
        engagement=world.engagement,
        name=f"{relationship.title()} {number}",
        email=f"{relationship}{number}@acme.test",
        relationship=relationship,
    )


def questionnaire_make() -> Questionnaire:
    questionnaire = Questionnaire.objects.create(title="Practice test")
    for position, text in enumerate(ITEMS, start=1):
        QuestionnaireItem.objects.create(questionnaire=questionnaire, position=position, text=text)
    QuestionnaireItem.objects.create(
        questionnaire=questionnaire, position=len(ITEMS) + 1, text="Start doing?", kind=ItemKind.OPEN
    )
    return questionnaire


def round_answered(
    world: World,
    answers: Sequence[tuple[str, Mapping[str, int | None] | None]],
    *,
    release: bool = True,
    title: str = "Spring 360",
) -> tuple[Round, list[Rater]]:
    """A closed 360 round whose raters are new stakeholders, one per ``(relationship, ratings)``;
    ``ratings`` None: they were asked and did not answer. ``release``: its report is released."""
    round = services.round_create(
        engagement=world.engagement,
        title=title,
        opens_on=date(2027, 4, 1),
        closes_on=date(2027, 4, 22),
        questionnaire=questionnaire_make(),
    )
    raters = []
    for relationship, _ratings in answers:
        stakeholder = stakeholder_add(world, relationship)
        raters.append(
            services.rater_nominate(
                round=round,
                stakeholder=stakeholder,
                group=GROUP_OF_RELATIONSHIP[Stakeholder.Relationship(relationship)],
            )
        )
    round = services.round_open(round=round)
    for rater, (_relationship, ratings) in zip(raters, answers, strict=True):
        rater.refresh_from_db()
        if ratings is not None:
            answering.response_submit(answerer=answering.answerer_for_rater(rater), answers={"ratings": ratings})
    round = answering.round_close(round=round)
    if release:
        ReportVersion.objects.create(round=round, number=1, batch=1, released_at=timezone.now())
    return round, [Rater.objects.get(pk=rater.pk) for rater in raters]


def all_rated(value: int) -> dict[str, int | None]:
    return {str(position): value for position in range(1, len(ITEMS) + 1)}
