"""Reads for the change page: the mini-surveys' figures in a constant number of queries.

The database counts (answers per round, group, item and value; responses per group); the
statistics are computed on those small lists (``change.py``); which groups show is the 360
report's rule (``feedback.report.groups_shown``: thresholds and secondary suppression). Nothing
here reads a rater: the answers have none.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast
from uuid import UUID

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stepwise.engagements.models import Engagement
from stepwise.feedback import report
from stepwise.feedback.models import (
    Comment,
    Group,
    ItemKind,
    Questionnaire,
    Rater,
    Rating,
    ReportVersion,
    Response,
    Round,
    RoundItem,
    change_of,
)
from stepwise.feedback.practice import follow_up_progress
from stepwise.feedback.selectors import report_of
from stepwise.lib.charts import line_chart
from stepwise.plans.models import Goal

from . import change
from .change import ChangeFigures, Comparison, Relation
from .models import MiniSurvey

ALL_OTHERS = report.ALL_OTHERS
GROUP_LABELS = {ALL_OTHERS: gettext_lazy("everyone who answered"), **dict(Group.choices)}
LEVEL_LABELS = {
    1: gettext_lazy("never"),
    2: gettext_lazy("once"),
    3: gettext_lazy("a few times"),
    4: gettext_lazy("regularly"),
}
BAND_LABELS = (gettext_lazy("never or once"), gettext_lazy("a few times or regularly"))


@dataclass
class GroupChange:
    group: str
    label: str
    figures: ChangeFigures


@dataclass
class GoalChange:
    """One goal in one mini-survey: the figures of each group shown, everyone first."""

    goal: Goal | None  # None once the goal was deleted: its title stays on the round's items
    title: str
    groups: list[GroupChange] = field(default_factory=list)
    answered: int = 0  # answers on the scale, from every group, shown or not

    @property
    def everyone(self) -> ChangeFigures | None:
        return next((row.figures for row in self.groups if row.group == ALL_OTHERS), None)

    @property
    def declining(self) -> bool:
        everyone = self.everyone
        return bool(everyone and everyone.interval and everyone.interval.below_zero)


@dataclass(frozen=True)
class Suggestion:
    id: str  # the comment's random id: what the coach's redaction link names
    text: str
    redacted: bool


@dataclass
class MiniResult:
    """A closed mini-survey as the change page shows it."""

    round: Round
    asked: int
    answered: int  # raters who sent their answers (counted on the raters' list)
    responses: int  # answers written at close
    threshold_others: int
    goals: list[GoalChange] = field(default_factory=list)
    relation: Relation | None = None
    # The suggestions for the months ahead, word for word, in an order drawn from their random
    # ids (never the order they came in); only once everyone together reaches their threshold,
    # and, for anyone but the coach, once the coach has released them (``released_at``).
    suggestions: list[Suggestion] = field(default_factory=list)
    mini_id: UUID | None = None  # the MiniSurvey's public id (for the release and redaction links)
    released_at: datetime | None = None
    waiting: bool = False  # suggestions the coach has not released yet (none: nothing to release)


def _closed_minis(engagement: Engagement) -> list[Round]:
    return list(
        Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.MINI, status=Round.Status.CLOSED)
        .annotate(
            asked=Count("raters", filter=~Q(raters__status=Rater.Status.REVOKED)),
            answered=Count("raters", filter=Q(raters__answer=Rater.Answer.SUBMITTED)),
            mini_id=F("mini_survey__public_id"),
            released_at=F("mini_survey__released_at"),
        )
        .order_by("opens_on", "created_at")
    )


def mini_results(
    engagement: Engagement, *, with_relation: bool = True, unreleased_suggestions: bool = False
) -> list[MiniResult]:
    """Every closed mini-survey of ``engagement``, oldest first, with the figures the thresholds
    allow. Six queries however many mini-surveys, goals and raters (four without the relation
    and the suggestions). The suggestions of a mini-survey the coach has not released are left
    out unless ``unreleased_suggestions`` (the coach, who reads them first)."""
    rounds = _closed_minis(engagement)
    if not rounds:
        return []
    ids = [r.pk for r in rounds]
    items = list(
        RoundItem.objects.filter(round__in=ids, kind=ItemKind.CHANGE)
        .select_related("goal")
        .order_by("round", "position")
    )
    responses: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Response.objects.filter(round__in=ids)
        .exclude(group=Group.SELF)
        .values("round", "group")
        .annotate(n=Count("id"))
    ):
        responses[row["round"]][row["group"]] = row["n"]
    # (item, group) -> [(change, how many)], and "can't say" counts
    tallies: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    cant_say: dict[tuple[int, str], int] = defaultdict(int)
    for row in (
        Rating.objects.filter(item__in=[item.pk for item in items])
        .values("item", "response__group", "value")
        .annotate(n=Count("id"))
        .order_by()
    ):
        key = (row["item"], row["response__group"])
        if row["value"] is None:
            cant_say[key] += row["n"]
        else:
            tallies[key].append((change_of(row["value"]), row["n"]))
    relations = _relations(rounds, ids) if with_relation else {}
    suggestions = _suggestions(ids) if with_relation else {}
    results = []
    for round in rounds:
        by_group = responses.get(round.pk, {})
        result = MiniResult(
            round=round,
            asked=round.asked,  # type: ignore[attr-defined]
            answered=round.answered,  # type: ignore[attr-defined]
            responses=sum(by_group.values()),
            threshold_others=round.threshold_others,
            relation=relations.get(round.pk),
            mini_id=round.mini_id,  # type: ignore[attr-defined]
            released_at=round.released_at,  # type: ignore[attr-defined]
        )
        if result.responses >= round.threshold_others:
            result.waiting = bool(suggestions.get(round.pk)) and result.released_at is None
            if result.released_at or unreleased_suggestions:
                result.suggestions = suggestions.get(round.pk, [])
        thresholds = report.Thresholds(
            manager=round.threshold_manager, group=round.threshold_group, others=round.threshold_others
        )
        for item in (item for item in items if item.round_id == round.pk):
            result.goals.append(_goal_change(item, thresholds, by_group, tallies, cant_say))
        results.append(result)
    return results


def _goal_change(
    item: RoundItem,
    thresholds: report.Thresholds,
    by_group: dict[str, int],
    tallies: dict[tuple[int, str], list[tuple[int, int]]],
    cant_say: dict[tuple[int, str], int],
) -> GoalChange:
    rated = {g: sum(n for _v, n in tallies.get((item.pk, g), [])) for g in report.GROUPS}
    shown = report.groups_shown(thresholds=thresholds, rated=rated, answered=by_group)
    row = GoalChange(
        goal=item.goal, title=item.goal.title if item.goal else item.competency, answered=sum(rated.values())
    )
    for group in (ALL_OTHERS, *report.GROUPS):
        if group not in shown:
            continue
        members = report.GROUPS if group == ALL_OTHERS else (group,)
        values = change.expand(pair for g in members for pair in tallies.get((item.pk, g), []))
        figures = change.change_figures(values, cant_say=sum(cant_say.get((item.pk, g), 0) for g in members))
        if figures is not None:
            row.groups.append(GroupChange(group=group, label=str(GROUP_LABELS[group]), figures=figures))
    return row


def _suggestions(ids: list[int]) -> dict[int, list[Suggestion]]:
    by_round: dict[int, list[tuple[str, Suggestion]]] = defaultdict(list)
    rows = Comment.objects.filter(round__in=ids).values_list("round", "id", "text", "redacted")
    for round_id, key, text, redacted in rows:
        order = hashlib.sha256(f"{round_id}:{key}".encode()).hexdigest()
        by_round[round_id].append((order, Suggestion(id=str(key), text=text, redacted=redacted)))
    return {
        round_id: [made for _order, made in sorted(pairs, key=lambda pair: pair[0])]
        for round_id, pairs in by_round.items()
    }


def _relations(rounds: list[Round], ids: list[int]) -> dict[int, Relation]:
    """Follow-up against change in each mini-survey: one query for every pair (a person's change
    on a goal beside how often they were followed up with about it)."""
    # A goal's follow-up item comes right after its change item (feedback.services.mini_round_create).
    level = Rating.objects.filter(
        response=OuterRef("response"), item__position=OuterRef("item__position") + 1, item__kind=ItemKind.FOLLOW_UP
    ).values("value")[:1]
    rows: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for round_id, response, follow_up, value in (
        Rating.objects.filter(response__round__in=ids, item__kind=ItemKind.CHANGE, value__isnull=False)
        .exclude(response__group=Group.SELF)
        .annotate(level=Subquery(level))
        .filter(level__isnull=False)
        .values_list("response__round", "response", "level", "value")
    ):
        rows[round_id].append((str(response), follow_up, change_of(cast(int, value))))  # never null: filtered
    labels = {key: str(label) for key, label in LEVEL_LABELS.items()}
    bands = (str(BAND_LABELS[0]), str(BAND_LABELS[1]))
    return {
        round.pk: change.follow_up_relation(
            rows.get(round.pk, []),
            labels=labels,
            band_labels=bands,
            threshold=round.threshold_group,
            others_threshold=round.threshold_others,
        )
        for round in rounds
    }


def change_chart(results: list[MiniResult]) -> str:
    """Each goal's mean change (everyone who answered) over the successive mini-surveys, as SVG;
    "" while no figure can be shown."""
    if not any(goal.everyone for result in results for goal in result.goals):
        return ""
    titles: dict[str, list[float | None]] = {}
    for index, result in enumerate(results):
        for goal in result.goals:
            key = goal.title
            titles.setdefault(key, [None] * len(results))
            everyone = goal.everyone
            titles[key][index] = round(everyone.mean, 2) if everyone else None
    return line_chart(
        title=_("Perceived change per goal, from −3 to +3: the mean of everyone who answered"),
        x_labels=[formats.date_format(result.round.opens_on, "j M Y") for result in results],
        series=[(title[:60], values) for title, values in titles.items()],
        y_range=(-3, 3),
    )


# --- what the step-9 log shows beside the change --------------------------------------------


@dataclass(frozen=True)
class FollowUpLog:
    round: Round  # the last closed 360
    met: int  # people the executive logged a follow-up meeting with
    took_part: int


def follow_up_log(engagement: Engagement) -> FollowUpLog | None:
    """The step-9 follow-up log of the last closed 360: met with so many of those who took part."""
    last = (
        Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.CLOSED)
        .order_by("-closes_on", "-created_at")
        .first()
    )
    if last is None:
        return None
    met, took_part = follow_up_progress(last)
    return FollowUpLog(round=last, met=met, took_part=took_part)


# --- a repeat 360 against the first -----------------------------------------------------------


@dataclass
class GroupCompared:
    group: str
    label: str
    comparison: Comparison


@dataclass
class ComparedRow:
    """One item or competency: everyone who answered first, then each group both reports show."""

    label: str
    groups: list[GroupCompared] = field(default_factory=list)


@dataclass
class RepeatComparison:
    first: Round
    repeat: Round
    items: list[ComparedRow]
    competencies: list[ComparedRow]

    @property
    def tables(self) -> list[tuple[str, list[ComparedRow]]]:
        made = [(_("By competency"), self.competencies), (_("By behaviour"), self.items)]
        return [(title, rows) for title, rows in made if rows]


COMPARED_GROUPS = (ALL_OTHERS, *report.GROUPS)
# (competency, text) -> (position, the shown cells of everyone and of each rater group)
Shown = dict[tuple[str, str], tuple[int, dict[str, report.Figure]]]


def repeat_comparison(engagement: Engagement) -> RepeatComparison | None:
    """The first and the latest closed 360 of ``engagement``, where both have a released report:
    per item they share (same competency and wording), for everyone together and for each rater
    group whose figures both reports show (their thresholds and secondary suppression, so nothing
    is compared that a report withheld), and per competency over those items, the repeat against
    the first with Welch's interval. Items from each report's own shown cells; a competency from
    each person's mean over the items shown for their group in both. Five queries."""
    rounds = list(
        Round.objects.filter(
            engagement=engagement,
            kind=Questionnaire.Kind.FEEDBACK_360,
            status=Round.Status.CLOSED,
            report_versions__released_at__isnull=False,
        )
        .distinct()
        .order_by("closes_on", "created_at")
    )
    if len(rounds) < 2:
        return None
    first, repeat = rounds[0], rounds[-1]
    versions = {
        v.round_id: v
        for v in ReportVersion.objects.filter(round__in=[first.pk, repeat.pk], released_at__isnull=False).order_by(
            "number"
        )
    }
    reports = {r.pk: report_of(round=r, version=versions[r.pk]) for r in (first, repeat)}

    def shown(r: Round) -> Shown:
        return {
            (row.item.competency, row.item.text): (
                row.item.position,
                {g: cell for g, cell in row.cells.items() if g in COMPARED_GROUPS},
            )
            for row in reports[r.pk].items
        }

    before, after = shown(first), shown(repeat)
    # The groups each shared item may be compared in: shown in both reports.
    common = {
        key: [g for g in COMPARED_GROUPS if g in before[key][1] and g in after[key][1]]
        for key in before
        if key in after
    }
    common = {key: groups for key, groups in common.items() if groups}
    items = []
    for key, groups in common.items():
        row = ComparedRow(label=key[1])
        for group in groups:
            compared = change.welch_comparison(_values(before[key][1][group]), _values(after[key][1][group]))
            if compared is not None:
                row.groups.append(GroupCompared(group=group, label=str(GROUP_LABELS[group]), comparison=compared))
        if row.groups:
            items.append(row)
    if not items:
        return None
    means = {
        r.pk: _competency_means(r, versions[r.pk].batch, {k: (side[k][0], groups) for k, groups in common.items()})
        for r, side in ((first, before), (repeat, after))
    }
    competencies = []
    for name in dict.fromkeys(key[0] for key in common):
        row = ComparedRow(label=name or _("Behaviours"))
        for group in COMPARED_GROUPS:
            compared = change.welch_comparison(
                means[first.pk].get((name, group), []), means[repeat.pk].get((name, group), [])
            )
            if compared is not None:
                row.groups.append(GroupCompared(group=group, label=str(GROUP_LABELS[group]), comparison=compared))
        if row.groups:
            competencies.append(row)
    return RepeatComparison(first=first, repeat=repeat, items=items, competencies=competencies)


def _values(figure: report.Figure) -> list[float]:
    return [float(value) for value, n in zip(report.SCALE, figure.distribution, strict=True) for _ in range(n)]


def _competency_means(
    round: Round, batch: int, shown: dict[tuple[str, str], tuple[int, list[str]]]
) -> dict[tuple[str, str], list[float]]:
    """Each rater's mean over a competency's items shown in both reports, for everyone together
    (the items whose everyone figures both show) and for the rater's own group (the items whose
    group figures both show): ``(competency, group) -> [means]``. One query: the ratings of the
    items concerned, per response."""
    groups_at = {position: groups for (_name, _text), (position, groups) in shown.items()}
    ratings: dict[tuple[object, str, str], list[int]] = defaultdict(list)
    for response, group, competency, position, value in (
        Rating.objects.filter(
            response__round=round, response__batch__lte=batch, item__position__in=groups_at, value__isnull=False
        )
        .exclude(response__group=Group.SELF)
        .values_list("response", "response__group", "item__competency", "item__position", "value")
        .order_by()
    ):
        for counted_as in (ALL_OTHERS, group):
            if counted_as in groups_at[position]:
                ratings[(response, competency, counted_as)].append(cast(int, value))  # never null: filtered
    means: dict[tuple[str, str], list[float]] = defaultdict(list)
    for (_response, competency, group), values in ratings.items():
        means[(competency, group)].append(sum(values) / len(values))
    return means


# --- for the closing report (lane roi) and the sustain plan (lane close) -----------------------


@dataclass
class ChangeSummary:
    """The latest closed mini-survey, per goal, for the closing report (``_change_summary.html``)."""

    surveyed_on: date | None  # None: no mini-survey has closed yet
    surveys: int  # closed mini-surveys so far
    responses: int
    threshold_others: int
    goals: list[GoalChange]


def change_summary(*, engagement: Engagement) -> ChangeSummary:
    """What the closing report says of the measured change: the latest closed mini-survey's
    figures for everyone who answered, per goal, with their intervals (four queries)."""
    results = mini_results(engagement, with_relation=False)
    if not results:
        return ChangeSummary(surveyed_on=None, surveys=0, responses=0, threshold_others=0, goals=[])
    latest = results[-1]
    return ChangeSummary(
        surveyed_on=latest.round.opens_on,
        surveys=len(results),
        responses=latest.responses,
        threshold_others=latest.threshold_others,
        goals=latest.goals,
    )


def goals_declining(*, engagement: Engagement) -> list[Goal]:
    """The goals whose perceived change, in the latest closed mini-survey, has a 95% interval
    wholly below zero (everyone who answered together)."""
    summary = change_summary(engagement=engagement)
    return [goal.goal for goal in summary.goals if goal.declining and goal.goal is not None]


def planned_minis(engagement: Engagement) -> list[MiniSurvey]:
    """The engagement's mini-surveys, planned and sent, by date, with their rounds and counts."""
    return list(
        MiniSurvey.objects.filter(engagement=engagement)
        .select_related("round")
        .annotate(
            asked=Count("stakeholders", distinct=True),
            answered=Count("round__raters", filter=Q(round__raters__answer=Rater.Answer.SUBMITTED), distinct=True),
        )
        .order_by("opens_on")
    )
