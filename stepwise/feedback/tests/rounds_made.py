"""360 rounds made through the real services, for the report's tests, the access walk and the bench:
``round_create`` → ``rater_nominate`` → ``round_open`` → ``answering.response_submit`` → ``round_close``."""

from collections.abc import Callable
from datetime import date

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.feedback import answering, services
from stepwise.feedback.models import Group, ItemKind, Questionnaire, QuestionnaireItem, Rater, Round

# What a rater of ``group`` (the n-th of it) answers to scale item ``position``: None is "can't say".
Rate = Callable[[str, int, int], int | None]


def questionnaire_made(*, scale_items: int = 3, competencies: int = 2, open_items: int = 1) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(title="Leadership")
    position = 0
    for number in range(scale_items):
        position += 1
        QuestionnaireItem.objects.create(
            questionnaire=questionnaire,
            position=position,
            competency=f"Competency {number % competencies + 1}",
            text=f"Behaviour {position}",
        )
    for number in range(open_items):
        position += 1
        QuestionnaireItem.objects.create(
            questionnaire=questionnaire, position=position, text=f"Open question {number + 1}", kind=ItemKind.OPEN
        )
    return questionnaire


def round_made(
    engagement: Engagement,
    *,
    sizes: dict[str, int],
    questionnaire: Questionnaire | None = None,
    title: str = "Spring 360",
) -> tuple[Round, list[Rater]]:
    """An open round with ``sizes[group]`` raters nominated and invited in each group."""
    round = services.round_create(
        engagement=engagement,
        title=title,
        opens_on=date(2027, 4, 1),
        closes_on=date(2027, 4, 22),
        questionnaire=questionnaire or questionnaire_made(),
    )
    relationship = {Group.MANAGER: "manager", Group.PEER: "peer", Group.DIRECT_REPORT: "direct_report"}
    for group, count in sizes.items():
        for number in range(count):
            stakeholder = engagement_services.stakeholder_save(
                engagement=engagement,
                name=f"{group} {number}",
                email=f"{group}{number}.{round.public_id.hex[:6]}@acme.test",
                relationship=relationship.get(Group(group), "other"),
            )
            services.rater_nominate(round=round, stakeholder=stakeholder, group=group)
    round = services.round_open(round=round)
    return round, list(round.raters.order_by("group", "stakeholder__name"))


def answers_of(round: Round, group: str, number: int, rate: Rate) -> answering.Answers:
    ratings: dict[str, int | None] = {}
    comments: dict[str, str] = {}
    for item in round.items.all():
        if item.kind == ItemKind.SCALE:
            ratings[str(item.position)] = rate(group, number, item.position)
        else:
            comments[str(item.position)] = f"{group} comment {number} on {item.position}"
    return {"ratings": ratings, "comments": comments}


def by_group(group: str, number: int, position: int) -> int | None:
    """A rater's rating that says which group gave it: manager 5, peers 4, direct reports 2, others 3."""
    return {"manager": 5, "peer": 4, "direct_report": 2, "other": 3, "self": 1}[group]


def answered(round: Round, raters: list[Rater], *, rate: Rate = by_group, self_too: bool = True) -> None:
    """Every rater in ``raters`` (and the executive as self) submits."""
    counts: dict[str, int] = {}
    for rater in raters:
        number = counts[rater.group] = counts.get(rater.group, 0) + 1
        answering.response_submit(
            answerer=answering.answerer_for_rater(rater), answers=answers_of(round, rater.group, number, rate)
        )
    if self_too:
        answering.response_submit(
            answerer=answering.answerer_for_self(round), answers=answers_of(round, Group.SELF, 1, rate)
        )


def round_closed(engagement: Engagement, *, sizes: dict[str, int], **options: object) -> Round:
    """A round every nominated rater answered, closed: one batch written."""
    round, raters = round_made(engagement, sizes=sizes, **options)  # type: ignore[arg-type]
    answered(round, raters)
    return answering.round_close(round=round)
