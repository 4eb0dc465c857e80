"""Step 7 in the demo practice (``manage.py demo``, in ``stepwise.dashboard``): two closed
mini-surveys on an engagement with approved goals and a closed 360, made through the same services
the pages and the worker use (planned, sent, answered through the sealed storage, closed in one
shuffled batch). Skips an engagement that has mini-surveys already.

The answers tell a story drawn from a seeded generator: the stakeholders see the executive
improve on each goal, a little more in the second mini-survey than in the first, and those the
executive followed up with more often see a little more change, as stakeholder-centred coaching's
research would lead one to expect. Nothing declines, so no alert is mailed.
"""

import random
from datetime import date, timedelta

from stepwise.engagements.models import Engagement
from stepwise.feedback import answering
from stepwise.feedback.models import ItemKind, Round, change_stored

from . import mini
from .models import MiniSurvey

# (days before today it opened, the mean change it finds): two weeks each, both closed by today.
SURVEYS = ((38, 0.8), (24, 1.4))
LEVEL_WEIGHTS = (2, 3, 4, 3)  # never, once, a few times, regularly
CANT_SAY = 0.08


def _answers(round: Round, mean: float, rng: random.Random) -> answering.Answers:
    ratings: dict[str, int | None] = {}
    level = 1
    for item in round.items.all():
        key = str(item.position)
        if item.kind == ItemKind.FOLLOW_UP:
            ratings[key] = level
        elif item.kind == ItemKind.CHANGE:
            level = rng.choices((1, 2, 3, 4), weights=LEVEL_WEIGHTS)[0]
            if rng.random() < CANT_SAY:
                ratings[key] = None
                continue
            change = round_half(rng.gauss(mean + 0.35 * (level - 2.5), 0.9))
            ratings[key] = change_stored(max(-3, min(3, change)))
    return {"ratings": ratings, "comments": {}}


def round_half(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def demo_mini_surveys(engagement: Engagement, *, today: date) -> list[Round]:
    """Two closed mini-surveys, asking the raters of the engagement's last closed 360 (one of
    whom, each time, does not answer). Needs approved goals and a closed 360; makes nothing
    without them, or when the engagement has mini-surveys already."""
    if MiniSurvey.objects.filter(engagement=engagement).exists() or not mini.approved_goals(engagement):
        return []
    asked = mini.default_stakeholders(engagement)
    if not asked:
        return []
    rng = random.Random(2028)  # noqa: S311 -- a demo story told the same way each time, not a secret
    made = []
    for days_ago, mean in SURVEYS:
        opens_on = max(today - timedelta(days=days_ago), engagement.start_date)
        planned = mini.mini_survey_plan(engagement=engagement, opens_on=opens_on, stakeholders=asked, today=opens_on)
        round = mini.mini_survey_open(mini=planned, today=opens_on)
        if round is None:
            continue
        raters = list(round.raters.order_by("pk"))
        for rater in raters[1:]:
            answering.response_submit(answerer=answering.answerer_for_rater(rater), answers=_answers(round, mean, rng))
        made.append(mini.mini_survey_close(round=round))
    return made
