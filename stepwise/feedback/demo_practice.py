"""Practice steps 7–9 in the demo practice: the development list, the follow-ups, a pulse with
several months of results. The demo (``manage.py demo``) calls these with an engagement and its
closed, released 360 round; each goes through the services and does nothing the second time."""

from datetime import date, timedelta

from django.utils import timezone

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement, Stakeholder

from . import answering, practice, pulse
from .models import DevelopmentItem, FollowUp, PulseSeries, Round

DEVELOPMENT = (
    "My directors feel I take decisions back after handing them over.",
    "People in my meetings feel cut off before they have finished.",
)
FOLLOW_UP_SHARED = "Listening came out lowest, and several of you said I take decisions back."
FOLLOW_UP_ACTIONS = "I let the directors close their own decisions, and I wait my turn in meetings."
# Extra peers and direct reports, so that the demo pulse has enough answers to show.
PULSE_PEOPLE = (
    ("Priya Patel", "priya.patel@northwind.test", Stakeholder.Relationship.PEER),
    ("Tom Okafor", "tom.okafor@northwind.test", Stakeholder.Relationship.PEER),
    ("Lena Fischer", "lena.fischer@northwind.test", Stakeholder.Relationship.DIRECT_REPORT),
    ("Marco Rossi", "marco.rossi@northwind.test", Stakeholder.Relationship.DIRECT_REPORT),
)
PULSE_ASKED_AT_LEAST = 5
PULSE_MONTHS = 5
# The answers of each month ("we", "I") by rater, slowly moving up: a story the chart tells.
PULSE_STORY = ((2, 2), (3, 2), (3, 3), (3, 3), (4, 3))


def development_demo(engagement: Engagement, round: Round) -> list[DevelopmentItem]:
    """Two items from the round's lowest-rated questions, under the first goal; the first also a
    key action of the plan."""
    if DevelopmentItem.objects.filter(engagement=engagement).exists():
        return practice.development_items(engagement)
    goal = engagement.goals.order_by("position", "created_at").first()
    if goal is None:
        return []
    lowest = practice.suggestions(round)
    made = []
    for number, text in enumerate(DEVELOPMENT):
        made.append(
            practice.development_item_create(
                engagement=engagement,
                text=text,
                goal=goal,
                item=lowest[number] if number < len(lowest) else None,
                as_key_action=number == 0,
                target_date=timezone.localdate() + timedelta(days=45),
                owner=engagement.executives()[0].full_name if engagement.executives() else "",
            )
        )
    return made


def follow_ups_demo(engagement: Engagement, round: Round) -> int:
    """Follow-ups under way: met with about two thirds of those who took part. Returns how many
    were recorded by this call."""
    if FollowUp.objects.filter(rater__round=round).exists():
        return 0
    today = timezone.localdate()
    people = practice.participants(round)
    recorded = 0
    for number, rater in enumerate(people[: (2 * len(people)) // 3]):
        met_on = min(round.closes_on + timedelta(days=2 + 3 * number), today)
        practice.follow_up_save(
            rater=rater,
            revision=0,
            values=practice.FollowUpValues(
                met_on=met_on, thanked=True, shared=FOLLOW_UP_SHARED, actions=FOLLOW_UP_ACTIONS
            ),
            today=today,
        )
        recorded += 1
    return recorded


def pulse_demo(engagement: Engagement) -> PulseSeries:
    """A monthly pulse to the executive's peers and direct reports, with ``PULSE_MONTHS`` months
    of answered sendings behind it and this month's sending open."""
    series = pulse.pulse_series(engagement)
    if series is not None:
        return series
    today = timezone.localdate()
    candidates = pulse.pulse_candidates(engagement)
    for name, email, relationship in PULSE_PEOPLE:
        if len(candidates) >= PULSE_ASKED_AT_LEAST:
            break
        if not engagement.stakeholders.filter(email=email).exists():
            engagement_services.stakeholder_save(
                engagement=engagement, name=name, email=email, relationship=relationship
            )
            candidates = pulse.pulse_candidates(engagement)
    series = pulse.pulse_series_save(
        engagement=engagement,
        stakeholders=candidates,
        every_days=30,
        next_send_on=today,
        active=True,
        revision=0,
        today=today,
    )
    # The months before today: each sent on its day, answered, and closed after its window.
    first = today - timedelta(days=30 * PULSE_MONTHS)
    PulseSeries.objects.filter(pk=series.pk).update(next_send_on=first)
    for month in range(PULSE_MONTHS + 1):
        series.refresh_from_db()
        day: date = first + timedelta(days=30 * month)
        sending = pulse.pulse_send(series=series, today=day)
        if sending is None or month == PULSE_MONTHS:
            break  # this month's sending stays open
        _answer(sending, PULSE_STORY[month % len(PULSE_STORY)], month)
        answering.round_close(round=sending)
    series.refresh_from_db()
    return series


def _answer(sending: Round, story: tuple[int, int], month: int) -> None:
    """All but one rater answer (the month's story, one point apart between raters)."""
    raters = list(sending.raters.order_by("pk"))
    for number, rater in enumerate(raters[:-1] if month % 2 else raters):
        we, i = story
        spread = (number % 3) - 1
        answering.response_submit(
            answerer=answering.answerer_for_rater(rater),
            answers={"ratings": {"1": _scale(we + spread), "2": _scale(i + spread)}, "comments": {}},
        )


def _scale(value: int) -> int:
    return max(1, min(5, value))
