"""Practice step 7: "asking others for accountability to recognize and address those shortcomings".

The executive regularly asks chosen peers and direct reports the seed's two questions, "Are we
moving in the direction we said we wanted to go? Am I moving us in the direction we said we
wanted to go?", on a cadence (``PulseSeries.every_days``). Each sending is a ``Round`` of kind
``pulse``, made, nominated and opened through the rounds' own services (so the links, the
thresholds, the sealed storage and the invitation mail are the 360's), and closed by
``answering.round_close`` once its window has passed. ``pulse_tick`` does both, every hour; two
workers at once send each pulse once and close each round once.

Results: per sending, the mean of each question over all raters together, shown only when at
least the round's ``threshold_others`` responses came; per group (peers, direct reports) only
when every group that answered reached its own threshold, so that no hidden group's figure can
be worked out from the total and the other group.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.lib.charts import line_chart
from stepwise.lib.revisions import revision_claim

from . import services
from .answering import round_close
from .content import PULSE_QUESTIONS, builtin_questionnaires_install
from .models import (
    GROUP_OF_RELATIONSHIP,
    SCALE_MAX,
    SCALE_MIN,
    Group,
    ItemKind,
    PulseSeries,
    Questionnaire,
    Rater,
    Rating,
    Round,
    RoundItem,
)
from .models import Response as FeedbackResponse

logger = logging.getLogger(__name__)

# The seed's words (12 steps, step 7), asked on the 1–5 scale, then an optional comment: the
# built-in pulse questionnaire of content.py.
QUESTIONS = PULSE_QUESTIONS
# Who is asked: the seed's "subordinates and peers".
ASKED = (Stakeholder.Relationship.PEER, Stakeholder.Relationship.DIRECT_REPORT)
WINDOW_DAYS = 7  # each sending takes answers for a week (a cadence is at least weekly)
EVERY_DAYS_MAX = 365
SHORT_LABELS = (gettext_lazy("Are we moving…?"), gettext_lazy("Am I moving us…?"))


def pulse_questionnaire() -> Questionnaire:
    """The built-in pulse questionnaire (put back first if a test emptied the table)."""
    builtin_questionnaires_install()
    return Questionnaire.objects.get(kind=Questionnaire.Kind.PULSE, built_in=True)


def pulse_series(engagement: Engagement) -> PulseSeries | None:
    return PulseSeries.objects.filter(engagement=engagement).first()


def pulse_candidates(engagement: Engagement) -> list[Stakeholder]:
    """The stakeholders a pulse may ask: the executive's peers and direct reports."""
    return list(engagement.stakeholders.filter(relationship__in=ASKED).order_by("relationship", "name"))


@transaction.atomic
def pulse_series_save(
    *,
    engagement: Engagement,
    stakeholders: list[Stakeholder],
    every_days: int,
    next_send_on: date | None,
    active: bool,
    revision: int,
    today: date,
) -> PulseSeries:
    """Choose who is asked, how often, and when the next sending goes. ``revision`` 0: the form
    was drawn before the engagement had a pulse."""
    errors: dict[str, str] = {}
    if any(s.engagement_id != engagement.pk or s.relationship not in ASKED for s in stakeholders):
        errors["stakeholders"] = _("Choose among this engagement's peers and direct reports.")
    elif active and not stakeholders:
        errors["stakeholders"] = _("Choose at least one peer or direct report to ask.")
    if not 7 <= every_days <= EVERY_DAYS_MAX:
        errors["every_days"] = _("Send it at most once a week and at least once a year: 7 to 365 days.")
    if active and next_send_on is None:
        errors["next_send_on"] = _("Enter the date of the next sending.")
    elif next_send_on is not None and next_send_on < today:
        errors["next_send_on"] = _("This date has passed. Choose today or a later date.")
    if errors:
        raise ValidationError(errors)
    series = PulseSeries.objects.filter(engagement=engagement).first()
    if series is None:
        try:
            with transaction.atomic():
                series = PulseSeries.objects.create(engagement=engagement, revision=0)
        except IntegrityError:  # made a moment ago from another tab: the revision check says so
            series = PulseSeries.objects.get(engagement=engagement)
    series = revision_claim(series, revision=revision)
    series.every_days = every_days
    series.next_send_on = next_send_on
    series.active = active
    series.full_clean(exclude=["engagement"])
    series.save()
    series.stakeholders.set(stakeholders)
    return series


@transaction.atomic
def pulse_send(*, series: PulseSeries, today: date) -> Round | None:
    """Send the pulse due today: a round of its own, its raters nominated and invited. The
    next date is claimed first with a conditional update, so a second worker sends nothing.
    Returns the round, or None when there was nothing to send."""
    claimed = PulseSeries.objects.filter(
        pk=series.pk, active=True, next_send_on=series.next_send_on, next_send_on__lte=today
    ).update(next_send_on=today + timedelta(days=series.every_days), revision=F("revision") + 1)
    if not claimed:
        return None
    asked = list(series.stakeholders.all())
    if not asked:
        return None
    round = services.round_create(
        engagement=series.engagement,
        title=_("Pulse of %(date)s") % {"date": formats.date_format(today, "j F Y")},
        opens_on=today,
        closes_on=today + timedelta(days=WINDOW_DAYS - 1),
        questionnaire=pulse_questionnaire(),
        kind=Questionnaire.Kind.PULSE,
    )
    Round.objects.filter(pk=round.pk).update(series=series)
    round.series = series
    for stakeholder in asked:
        services.rater_nominate(
            round=round,
            stakeholder=stakeholder,
            group=GROUP_OF_RELATIONSHIP[Stakeholder.Relationship(stakeholder.relationship)],
        )
    round = services.round_open(round=round)
    services.rater_invitations_queue(round=round)
    return round


def pulse_run(*, today: date) -> tuple[int, int]:
    """Send every pulse due by ``today`` and close every pulse round whose window has passed;
    ``(sent, closed)``. Each in its own transaction: one that fails stops no other."""
    sent = closed = 0
    due = (
        PulseSeries.objects.filter(active=True, next_send_on__lte=today)
        .exclude(engagement__status=Engagement.Status.CLOSED)
        .select_related("engagement")
    )
    for series in due:
        try:
            made = pulse_send(series=series, today=today)
        except ValidationError as refused:  # a rule of the rounds refused it: the others still go
            logger.warning("Pulse %s was not sent: %s", series.public_id, "; ".join(refused.messages))
            continue
        if made is not None:
            sent += 1
    past = Round.objects.filter(kind=Questionnaire.Kind.PULSE, status=Round.Status.OPEN, closes_on__lt=today)
    for round in past:
        try:
            round_close(round=round)
        except ValidationError:
            continue  # the other worker closed it a moment ago
        closed += 1
    return sent, closed


TICK = timedelta(hours=1)


@task()
def pulse_tick() -> tuple[int, int]:
    """Send and close what is due, after queueing the next run an hour from now."""
    now = timezone.now()
    if pulse_tick.get_backend().supports_defer:  # an immediate backend cannot wait: no chain
        pulse_tick.using(run_after=now + TICK).enqueue()
    return pulse_run(today=timezone.localdate(now))


# --- results --------------------------------------------------------------------------------


@dataclass
class GroupFigures:
    group: str
    label: str
    responses: int
    means: list[float | None]


@dataclass
class Sending:
    """One sending of the pulse as its page shows it."""

    round: Round
    asked: int
    answered: int  # raters who sent their answers (counted on the raters' list)
    responses: int = 0  # answers written at close
    means: list[float | None] = field(default_factory=list)  # per question; empty when hidden
    groups: list[GroupFigures] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return bool(self.means)

    @property
    def cells(self) -> list[tuple[float | None, list[tuple[str, float | None]]]]:
        """Per question: the mean of all raters, and each group's where groups are shown."""
        return [
            (mean, [(group.label, group.means[index]) for group in self.groups])
            for index, mean in enumerate(self.means)
        ]


def _mean(total: int, n: int) -> float | None:
    return round(total / n, 2) if n else None


def pulse_sendings(engagement: Engagement) -> list[Sending]:
    """Every sending of the engagement's pulse, oldest first, with its figures where the
    thresholds allow. Four queries however many sendings and raters."""
    rounds = list(
        Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.PULSE)
        .annotate(
            asked=Count("raters", filter=~Q(raters__status=Rater.Status.REVOKED)),
            answered=Count("raters", filter=Q(raters__answer=Rater.Answer.SUBMITTED)),
        )
        .order_by("opens_on", "created_at")
    )
    if not rounds:
        return []
    ids = [r.pk for r in rounds]
    counts: dict[tuple[int, str], int] = {
        (row["round"], row["group"]): row["n"]
        for row in FeedbackResponse.objects.filter(round__in=ids)
        .exclude(group=Group.SELF)
        .values("round", "group")
        .annotate(n=Count("id"))
    }
    positions = {
        (item["round"], item["pk"]): item["position"]
        for item in RoundItem.objects.filter(round__in=ids, kind=ItemKind.SCALE).values("round", "pk", "position")
    }
    sums: dict[tuple[int, str, int], tuple[int, int]] = {}
    for row in (
        Rating.objects.filter(response__round__in=ids, value__isnull=False)
        .exclude(response__group=Group.SELF)
        .values("response__round", "response__group", "item")
        .annotate(total=Sum("value"), n=Count("value"))
    ):
        round_id, item = row["response__round"], row["item"]
        sums[(round_id, row["response__group"], positions[(round_id, item)])] = (row["total"], row["n"])
    labels = dict(Group.choices)
    sendings = []
    for round in rounds:
        sending = Sending(round=round, asked=round.asked, answered=round.answered)
        by_group = {group: n for (round_id, group), n in counts.items() if round_id == round.pk}
        sending.responses = sum(by_group.values())
        questions = sorted({p for (rid, _g, p) in sums if rid == round.pk}) or [1, 2]
        if sending.responses >= round.threshold_others and round.status == Round.Status.CLOSED:
            sending.means = [
                _mean(
                    sum(sums.get((round.pk, g, p), (0, 0))[0] for g in by_group),
                    sum(sums.get((round.pk, g, p), (0, 0))[1] for g in by_group),
                )
                for p in questions
            ]
            # Per group only when every group that answered reached its threshold: a hidden one
            # could otherwise be worked out from the total and the others.
            if len(by_group) > 1 and all(n >= round.threshold(g) for g, n in by_group.items()):
                sending.groups = [
                    GroupFigures(
                        group=g,
                        label=str(labels[g]),
                        responses=n,
                        means=[_mean(*sums.get((round.pk, g, p), (0, 0))) for p in questions],
                    )
                    for g, n in sorted(by_group.items())
                ]
        sendings.append(sending)
    return sendings


def pulse_chart(sendings: list[Sending]) -> str:
    """The two questions' means over time (SVG), or "" while no sending can be shown."""
    closed = [s for s in sendings if s.round.status == Round.Status.CLOSED]
    if not any(s.shown for s in closed):
        return ""
    series = [
        (str(label), [s.means[index] if s.shown and len(s.means) > index else None for s in closed])
        for index, label in enumerate(SHORT_LABELS)
    ]
    return line_chart(
        title=_("The recurring question: mean answer, 1 to 5"),
        x_labels=[formats.date_format(s.round.opens_on, "j M Y") for s in closed],
        series=series,
        y_range=(SCALE_MIN, SCALE_MAX),
    )
