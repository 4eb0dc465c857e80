"""Step 6 in the demo practice (``manage.py demo``, in ``stepwise.dashboard``): a closed 360 on
Evan's engagement and one still open on Sofia's, made through the same services the pages use
(raters nominated, links made, answers sealed until the close, one shuffled batch written by
``answering.round_close``). Each function skips an engagement that has its round already.

The answers are written for the demo: believable ratings around a profile (Evan's blind spot is
delegation, his hidden strength his calm), drawn from a seeded generator so every load tells the
same story, and comments in a colleague's voice that name nobody.
"""

import random
from collections.abc import Sequence
from datetime import date, timedelta

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.plans.models import Goal

from . import answering, release, services
from .content import builtin_questionnaires_install
from .demo_practice import development_demo, follow_ups_demo, pulse_demo
from .models import GROUP_OF_RELATIONSHIP, Group, ItemKind, Questionnaire, Round, RoundItem

CLOSED_TITLE = "360 feedback, month two"
OPEN_TITLE = "Baseline 360"

# Evan's raters beyond the demo's first eight stakeholders: manager 1, peers 4, direct reports 4,
# others 2, so the "others" group stays hidden under its threshold of 3.
EVAN_MORE_STAKEHOLDERS = (
    ("Perry Peer", "perry.peer@acme.example", Stakeholder.Relationship.PEER),
    ("Drew Report", "drew.report@acme.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Olive Other", "olive.other@acme.example", Stakeholder.Relationship.OTHER),
)
SOFIA_MORE_STAKEHOLDERS = (
    ("Greta Lindqvist", "greta.lindqvist@northwind.example", Stakeholder.Relationship.PEER),
    ("Tom Becker", "tom.becker@northwind.example", Stakeholder.Relationship.PEER),
    ("Amara Osei", "amara.osei@northwind.example", Stakeholder.Relationship.PEER),
    ("Jon Reyes", "jon.reyes@northwind.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Mei Tan", "mei.tan@northwind.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Sara Cohen", "sara.cohen@northwind.example", Stakeholder.Relationship.DIRECT_REPORT),
)

# How others see the executive, by competency (the mean on 1–5), and behaviours that stand out.
OTHERS_MEAN = {
    "Setting direction": 3.9,
    "Communicating": 3.6,
    "Developing others": 3.1,
    "Collaborating": 3.8,
    "Delivering results": 4.2,
    "Self-management": 4.0,
}
OTHERS_ITEM = {
    "Delegates whole pieces of work, with the authority to finish them.": 2.4,  # the blind spot
    "Asks questions that help people find their own answers.": 2.7,
    "Listens to other points of view before deciding.": 3.0,
    "Stays calm and constructive under pressure.": 4.6,  # the hidden strength
    "Keeps the commitments they make to colleagues.": 4.5,
    "Manages their own time so that others are not kept waiting.": 2.9,
}
SELF_MEAN = {"Developing others": 4.0, "Self-management": 3.4}
SELF_ITEM = {
    "Delegates whole pieces of work, with the authority to finish them.": 4,
    "Stays calm and constructive under pressure.": 3,
    "Manages their own time so that others are not kept waiting.": 4,
}
# The manager rates a little higher, peers a little lower; peers see little of how Evan develops people.
GROUP_SHIFT: dict[str, float] = {Group.MANAGER: 0.3, Group.PEER: -0.2, Group.DIRECT_REPORT: 0.0, Group.OTHER: 0.2}
GOAL_MEAN = 3.2

COMMENTS = {
    "STOP": (
        "Jumping in with the answer before the team has finished explaining the problem.",
        "Rewriting other people's slides the night before a review.",
        "Joining every escalation call; most of them were already handled.",
        "Sending mail late in the evening. People feel they have to reply.",
        "Checking on small tasks several times a day.",
        "Moving one-to-ones when the diary fills up.",
    ),
    "LESS": (
        "Less time in the detail of the weekly numbers, more on where we are going.",
        "Fewer last-minute changes to priorities.",
        "Less talking in meetings: the quieter people have good ideas too.",
        "Less solving problems alone over the weekend.",
        "Fewer status meetings; the dashboard already tells us most of it.",
    ),
    "MORE": (
        "More “what do you recommend?” and less “here is what we will do”.",
        "More time at the sites with the front line, as in the first months.",
        "Explaining the why behind decisions, not only the what.",
        "More recognition in public for the people who did the work.",
        "Involving the other department heads earlier in plans that touch them.",
    ),
    "CONTINUE": (
        "Staying calm when things go wrong. It sets the tone for everyone.",
        "The weekly one-to-ones. They are the most useful half-hour of my week.",
        "Being honest about bad news early.",
        "Walking the floor and knowing what is really going on.",
        "Backing the team in front of senior management.",
        "Keeping promises to other teams; people trust the operations plan.",
    ),
    "START": (
        "Letting the directors chair the operations review in turn.",
        "Writing decisions down so we do not revisit them every week.",
        "A regular skip-level conversation with the teams.",
        "Setting aside time each month for next year's plan.",
        "Saying no to some of the requests that come from above.",
        "Asking for feedback in the moment, not only in surveys like this one.",
    ),
}
SELF_COMMENTS = {
    "STOP": "Answering questions a director could answer.",
    "LESS": "Late-evening mail.",
    "MORE": "Asking the directors what they recommend before I say what I think.",
    "CONTINUE": "Weekly one-to-ones and walking the sites.",
    "START": "Rotating the chair of the operations review.",
}


def _keyword(item: RoundItem) -> str | None:
    """Which of the five questions ``item`` is ("STOP" …), from its capitalised word."""
    return next((word for word in COMMENTS if word in item.text), None)


def _clamp(value: float) -> int:
    return max(1, min(5, round(value)))


def answers_for(items: Sequence[RoundItem], group: str, rng: random.Random) -> answering.Answers:
    """A believable set of answers from someone in ``group``: ratings around the profile above,
    some "can't say", and comments on two or three of the five questions."""
    ratings: dict[str, int | None] = {}
    comments: dict[str, str] = {}
    for item in items:
        key = str(item.position)
        if item.kind == ItemKind.OPEN:
            word = _keyword(item)
            if group == Group.SELF and word:
                comments[key] = SELF_COMMENTS[word]
            elif word and rng.random() < 0.55:
                comments[key] = rng.choice(COMMENTS[word])
            continue
        if group == Group.SELF:
            mean = SELF_ITEM.get(item.text, SELF_MEAN.get(item.competency, OTHERS_MEAN.get(item.competency, 3.6) + 0.3))
            ratings[key] = _clamp(rng.gauss(mean, 0.45))
            continue
        cant_say = 0.35 if group == Group.PEER and item.competency == "Developing others" else 0.04
        if group == Group.MANAGER:
            cant_say = 0.0  # the manager sees enough to rate every behaviour
        if rng.random() < cant_say:
            ratings[key] = None
            continue
        mean = GOAL_MEAN if item.goal_id else OTHERS_ITEM.get(item.text, OTHERS_MEAN.get(item.competency, 3.6))
        ratings[key] = _clamp(rng.gauss(mean + GROUP_SHIFT.get(group, 0.0), 0.7))
    return {"ratings": ratings, "comments": comments}


def _stakeholders_add(engagement: Engagement, people: Sequence[tuple[str, str, str]]) -> None:
    known = set(engagement.stakeholders.values_list("email", flat=True))
    for name, email, relationship in people:
        if email not in known:
            engagement_services.stakeholder_save(
                engagement=engagement, name=name, email=email, relationship=relationship
            )


def _round_made(engagement: Engagement, *, title: str, opens_on: date, closes_on: date) -> Round:
    """The round on the built-in leadership questionnaire and the engagement's goals, every
    stakeholder nominated in the group of their relationship, opened (links made)."""
    builtin_questionnaires_install()
    questionnaire = Questionnaire.objects.get(built_in=True, kind=Questionnaire.Kind.FEEDBACK_360)
    goals = Goal.objects.filter(engagement=engagement).order_by("position", "created_at")
    round = services.round_create(
        engagement=engagement,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        questionnaire=questionnaire,
        goals=goals,
    )
    for stakeholder in engagement.stakeholders.order_by("pk"):
        services.rater_nominate(
            round=round,
            stakeholder=stakeholder,
            group=GROUP_OF_RELATIONSHIP[Stakeholder.Relationship(stakeholder.relationship)],
        )
    services.raters_approve(round=round, by=engagement.coach, revision=None)
    return services.round_open(round=round)


def demo_360_closed(engagement: Engagement, *, today: date) -> Round | None:
    """Evan's closed 360: self answered, ten of eleven raters answered (a peer declined), closed."""
    if Round.objects.filter(engagement=engagement, title=CLOSED_TITLE).exists():
        return None
    _stakeholders_add(engagement, EVAN_MORE_STAKEHOLDERS)
    round = _round_made(
        engagement, title=CLOSED_TITLE, opens_on=today - timedelta(days=24), closes_on=today - timedelta(days=10)
    )
    items = list(round.items.all())
    rng = random.Random(2027)  # noqa: S311 -- a demo story told the same way each time, not a secret
    answering.response_submit(answerer=answering.answerer_for_self(round), answers=answers_for(items, Group.SELF, rng))
    raters = list(round.raters.select_related("stakeholder").order_by("group", "stakeholder__email"))
    declined = next(r for r in raters if r.group == Group.PEER)
    for rater in raters:
        answerer = answering.answerer_for_rater(rater)
        if rater == declined:
            answering.response_decline(answerer=answerer)
        else:
            answering.response_submit(answerer=answerer, answers=answers_for(items, rater.group, rng))
    round = answering.round_close(round=round)
    # The coach reads the report (which makes its first version), redacts nothing, releases it.
    version = release.report_version_make(round=round)
    if version is not None:
        release.report_release(round=round, number=version.number, by=engagement.coach)
    return round


def demo_practice_steps(engagement: Engagement) -> None:
    """Evan's practice after his 360: the development list, follow-ups, the monthly pulse."""
    round = Round.objects.filter(engagement=engagement, title=CLOSED_TITLE).first()
    if round is None:
        return
    development_demo(engagement, round)
    follow_ups_demo(engagement, round)
    pulse_demo(engagement)


def demo_360_open(engagement: Engagement, *, today: date) -> Round | None:
    """Sofia's baseline 360, open: the manager, two peers and a direct report answered, one
    direct report declined, a peer saved a draft, the rest and Sofia herself not yet."""
    if Round.objects.filter(engagement=engagement, title=OPEN_TITLE).exists():
        return None
    _stakeholders_add(engagement, SOFIA_MORE_STAKEHOLDERS)
    round = _round_made(
        engagement, title=OPEN_TITLE, opens_on=today - timedelta(days=4), closes_on=today + timedelta(days=10)
    )
    items = list(round.items.all())
    rng = random.Random(2026)  # noqa: S311 -- a demo story, not a secret
    raters = {r.stakeholder.email: r for r in round.raters.select_related("stakeholder")}
    for email in ("oscar@northwind.example", "greta.lindqvist@northwind.example", "tom.becker@northwind.example"):
        rater = raters[email]
        answers = answers_for(items, rater.group, rng)
        answering.response_submit(answerer=answering.answerer_for_rater(rater), answers=answers)
    rater = raters["jon.reyes@northwind.example"]
    answering.response_submit(
        answerer=answering.answerer_for_rater(rater), answers=answers_for(items, rater.group, rng)
    )
    answering.response_decline(answerer=answering.answerer_for_rater(raters["sara.cohen@northwind.example"]))
    draft = answers_for(items[:8], Group.PEER, rng)
    answering.draft_save(
        answerer=answering.answerer_for_rater(raters["amara.osei@northwind.example"]), answers=draft, revision=0
    )
    return Round.objects.get(pk=round.pk)


def demo_360_large(engagement: Engagement, *, today: date, seed: int) -> Round:
    """A closed 360 in the large practice: every stakeholder and the executive answered (twelve
    submissions with the large practice's eleven stakeholders), closed two weeks before ``today``."""
    round = _round_made(
        engagement, title=CLOSED_TITLE, opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=16)
    )
    items = list(round.items.all())
    rng = random.Random(seed)  # noqa: S311 -- demo data, not a secret
    answering.response_submit(answerer=answering.answerer_for_self(round), answers=answers_for(items, Group.SELF, rng))
    for rater in round.raters.all():
        answers = answers_for(items, rater.group, rng)
        answering.response_submit(answerer=answering.answerer_for_rater(rater), answers=answers)
    return answering.round_close(round=round)
