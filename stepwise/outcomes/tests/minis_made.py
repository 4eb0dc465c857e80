"""Mini-surveys made through the real services, for the outcomes tests, the access walk and the
browser test: approved goals, stakeholders, a plan, the worker's run, answers, the close."""

import itertools
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from uuid import uuid4

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Stakeholder
from stepwise.feedback import answering
from stepwise.feedback.models import Group, ItemKind, Round, change_stored
from stepwise.outcomes import mini
from stepwise.outcomes.models import MiniSurvey
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal

_numbers = itertools.count(1)
RELATIONSHIP = {
    Group.MANAGER: Stakeholder.Relationship.MANAGER,
    Group.PEER: Stakeholder.Relationship.PEER,
    Group.DIRECT_REPORT: Stakeholder.Relationship.DIRECT_REPORT,
    Group.OTHER: Stakeholder.Relationship.OTHER,
}


def goal_approved(world: World, title: str) -> Goal:
    """A goal the sponsor approved (the agreement signed by all first, once)."""
    if Agreement.objects.in_force_for(world.engagement) is None:
        world.agreement = agreement_sign_by_all(world)
    goal = plan_services.goal_create(engagement=world.engagement, title=title, token=uuid4())
    goal = plan_services.goal_ask_approval(goal=goal)
    plan_services.goal_decide(goal=goal, sponsor=world.sponsor, decision="approved", comment="", revision=goal.revision)
    goal.refresh_from_db()
    return goal


def stakeholders_add(world: World, sizes: dict[str, int]) -> list[Stakeholder]:
    made = []
    for group, count in sizes.items():
        for _ in range(count):
            number = next(_numbers)
            made.append(
                engagement_services.stakeholder_save(
                    engagement=world.engagement,
                    name=f"{group.title()} {number}",
                    email=f"{group}{number}@acme.test",
                    relationship=RELATIONSHIP[Group(group)],
                )
            )
    return made


# A rater's answer per goal: (change −3…+3 or None for "can't say", follow-up level 1–4).
Answer = tuple[int | None, int]


def mini_sent(world: World, opens_on: date, stakeholders: list[Stakeholder]) -> Round:
    """Plan a mini-survey on ``opens_on`` asking ``stakeholders`` and let the worker's run send it."""
    mini.mini_survey_plan(engagement=world.engagement, opens_on=opens_on, stakeholders=stakeholders, today=opens_on)
    sent, _closed = mini.mini_surveys_run(today=opens_on)
    assert sent == 1
    return MiniSurvey.objects.get(engagement=world.engagement, opens_on=opens_on).round  # type: ignore[return-value]


def answers_of(round: Round, per_goal: Sequence[Answer], suggestion: str = "") -> answering.Answers:
    """The answers dict for ``per_goal`` (in the goals' order), as the survey form would post them."""
    changes = [item for item in round.items.all() if item.kind == ItemKind.CHANGE]
    follow_ups = [item for item in round.items.all() if item.kind == ItemKind.FOLLOW_UP]
    opens = [item for item in round.items.all() if item.kind == ItemKind.OPEN]
    ratings: dict[str, int | None] = {}
    for (change, level), change_item, follow_item in zip(per_goal, changes, follow_ups, strict=True):
        ratings[str(change_item.position)] = None if change is None else change_stored(change)
        ratings[str(follow_item.position)] = level
    comments = {str(opens[0].position): suggestion} if suggestion else {}
    return {"ratings": ratings, "comments": comments}


def mini_answered(
    world: World, opens_on: date, answers: Mapping[str, Sequence[Sequence[Answer]]], suggestion: str = ""
) -> Round:
    """A mini-survey sent on ``opens_on`` to one new stakeholder per answer list (by group), each
    answering, then closed by the worker's run after its window."""
    people = stakeholders_add(world, {group: len(lists) for group, lists in answers.items()})
    round = mini_sent(world, opens_on, people)
    by_email = {rater.stakeholder.email: rater for rater in round.raters.select_related("stakeholder")}
    queue = iter(people)
    for _group, lists in answers.items():
        for per_goal in lists:
            rater = by_email[next(queue).email]
            answering.response_submit(
                answerer=answering.answerer_for_rater(rater), answers=answers_of(round, per_goal, suggestion)
            )
    mini.mini_surveys_run(today=opens_on + timedelta(days=mini.WINDOW_DAYS))
    round.refresh_from_db()
    assert round.status == Round.Status.CLOSED
    return round
