"""Progress reviews at set points: every month of the engagement and once at its middle.

A review point is computed from the engagement's dates; the coach *prepares* one (it is then
stored as a :class:`ProgressReview`, and the executive is asked for their 1–10 self-ratings
again), coach and executive each write their review and feedback, and the coach *completes* it:
the figures are frozen in ``compiled`` as they stood, a dated record.

Reads here: :func:`review_points`, :func:`review_summary`, :func:`review_figures`,
:func:`figures_for_page`; the changes (:func:`review_prepare`, :func:`review_feedback_save`,
:func:`review_complete`) are in ``services.reviews``.
"""

import hashlib
import json
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Min, Prefetch, Q
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stepwise.engagements.models import Engagement
from stepwise.lib.charts import line_chart
from stepwise.plans.models import KeyAction, Measure, Reading
from stepwise.plans.selectors import measure_progress
from stepwise.worksheets.content import SELF_RATINGS as SELF_RATINGS_SCHEMA
from stepwise.worksheets.models import SelfRating, Worksheet
from stepwise.worksheets.schema import questions

from ..models import CheckIn, ProgressReview, Session
from ..selectors.sessions import attendance_counts

SELF_RATINGS = "self-ratings"
DUE_WINDOW_DAYS = 7  # a review counts as due a week ahead, so the self-ratings can come in first
Kind = ProgressReview.Kind


# Review points -----------------------------------------------------------------------------


class State:
    UPCOMING = "upcoming"
    DUE = "due"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


STATE_LABELS = {
    State.UPCOMING: gettext_lazy("upcoming"),
    State.DUE: gettext_lazy("due"),
    State.IN_PROGRESS: gettext_lazy("in progress"),
    State.COMPLETE: gettext_lazy("complete"),
}


@dataclass(frozen=True)
class ReviewPoint:
    """A date a review falls on, and where it stands (``review`` is None until prepared)."""

    due_on: date
    kind: str  # a ProgressReview.Kind value
    period_start: date
    state: str  # upcoming, due, in_progress or complete
    review: ProgressReview | None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def midpoint_of(start: date, months: int) -> date:
    """Half-way through ``months`` months from ``start``; for an odd number, half-way through the
    middle month."""
    if months % 2 == 0:
        return start + relativedelta(months=months // 2)
    before = start + relativedelta(months=months // 2)
    after = start + relativedelta(months=months // 2 + 1)
    return before + (after - before) / 2


def computed_points(engagement: Engagement) -> dict[date, str]:
    """Monthly points (start + k months, k = 1 … planned months), the last one the final review,
    and the mid-engagement point, which takes over a monthly point falling on the same day."""
    start, months = engagement.start_date, engagement.planned_months
    points = {start + relativedelta(months=k): str(Kind.MONTHLY) for k in range(1, months + 1)}
    points[start + relativedelta(months=months)] = str(Kind.FINAL)
    middle = midpoint_of(start, months)
    if points.get(middle) != Kind.FINAL:
        points[middle] = str(Kind.MIDPOINT)
    return dict(sorted(points.items()))


def _state(due_on: date, review: ProgressReview | None, today: date) -> str:
    if review is not None:
        return State.COMPLETE if review.is_complete else State.IN_PROGRESS
    return State.DUE if due_on - timedelta(days=DUE_WINDOW_DAYS) <= today else State.UPCOMING


def review_points(engagement: Engagement, *, today: date) -> list[ReviewPoint]:
    """The computed points merged with the stored reviews (one query), in date order. A stored
    review whose date no longer matches a point (the engagement's dates changed) stays listed."""
    stored = {r.due_on: r for r in ProgressReview.objects.filter(engagement=engagement).select_related("completed_by")}
    computed = computed_points(engagement)
    points: list[ReviewPoint] = []
    previous = engagement.start_date
    for due_on in sorted(set(computed) | set(stored)):
        review = stored.get(due_on)
        points.append(
            ReviewPoint(
                due_on=due_on,
                kind=review.kind if review else computed[due_on],
                period_start=review.period_start if review else previous,
                state=_state(due_on, review, today),
                review=review,
            )
        )
        previous = due_on
    return points


@dataclass(frozen=True)
class ReviewSummary:
    next: ReviewPoint | None  # the earliest review not completed yet
    last_completed: ReviewPoint | None


def review_summary(engagement: Engagement, *, today: date) -> ReviewSummary:
    """For the engagement page: the next review to hold and the last one completed (one query).
    Show it to those who may read ``Part.REVIEW_SUMMARY``; a sponsor only needs ``last_completed``."""
    points = review_points(engagement, today=today)
    done = [p for p in points if p.state == State.COMPLETE]
    return ReviewSummary(
        next=next((p for p in points if p.state != State.COMPLETE), None),
        last_completed=done[-1] if done else None,
    )


# Figures -------------------------------------------------------------------------------------


def _number(value: Any) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _bounds(review: ProgressReview) -> tuple[datetime, datetime]:
    """The review period as moments in the coach's time zone: from the start of the first day to
    the end of the due date."""
    try:
        zone = zoneinfo.ZoneInfo(review.engagement.coach.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    start = datetime.combine(review.period_start, time.min, tzinfo=zone)
    end = datetime.combine(review.due_on + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def _measures(engagement: Engagement, until: date) -> list[dict[str, Any]]:
    """Each measure with its readings taken up to ``until``: a later reading is not in the review.
    (A reading is never dated after the day it is entered, so none is later than "as of" either.)"""
    readings_then = Reading.objects.filter(taken_on__lte=until).order_by("taken_on")
    measures = (
        Measure.objects.filter(goal__engagement=engagement)
        .select_related("goal")
        .prefetch_related(Prefetch("readings", queryset=readings_then))
        .order_by("goal__position", "goal__created_at", "created_at", "pk")
    )
    rows = []
    for m in measures:
        readings = list(m.readings.all())
        latest = readings[-1] if readings else None
        rows.append(
            {
                "goal": m.goal.title,
                "name": m.name,
                "unit": m.unit,
                "baseline": _number(m.baseline),
                "target": _number(m.target),
                "latest": _number(latest.value) if latest else None,
                "latest_on": latest.taken_on.isoformat() if latest else None,
                "progress": measure_progress(m),
                "readings": [[r.taken_on.isoformat(), _number(r.value)] for r in readings],
            }
        )
    return rows


def _actions(engagement: Engagement, period: tuple[date, date], today: date) -> dict[str, int]:
    start, end = period
    return KeyAction.objects.filter(goal__engagement=engagement).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=KeyAction.Status.DONE)),
        open=Count("pk", filter=KeyAction.open_q()),
        overdue=Count("pk", filter=KeyAction.open_q() & Q(target_date__lt=today)),
        dropped=Count("pk", filter=Q(status=KeyAction.Status.DROPPED)),
        done_in_period=Count(
            "pk", filter=Q(status=KeyAction.Status.DONE, completed_on__gte=start, completed_on__lte=end)
        ),
    )


def _attendance(engagement: Engagement, start: datetime, end: datetime, now: datetime) -> dict[str, Any]:
    """The period's counts (the same ones the session pages show) and what is planned next, as
    the frozen record keeps them."""
    counts = attendance_counts(engagement, since=start, until=end)
    ahead = Session.objects.filter(engagement=engagement, status=Session.Status.SCHEDULED, starts_at__gte=now)
    next_up = ahead.aggregate(planned_next=Count("pk"), next_at=Min("starts_at"))
    return {
        "held": counts.held,
        "cancelled_by_coach": counts.cancelled_by["coach"],
        "cancelled_by_executive": counts.cancelled_by["executive"],
        "cancelled_by_sponsor": counts.cancelled_by["sponsor"],
        "no_show": counts.no_shows,
        "rescheduled": counts.rescheduled,
        "planned_next": next_up["planned_next"],
        "next_at": next_up["next_at"].isoformat() if next_up["next_at"] else None,
    }


def _checkins(engagement: Engagement, start: datetime, end: datetime) -> list[dict[str, Any]]:
    rows = (
        CheckIn.objects.filter(key_action__goal__engagement=engagement, created_at__gte=start, created_at__lt=end)
        .select_related("key_action", "author")
        .order_by("-created_at", "-pk")[:200]
    )
    return [
        {
            "action": c.key_action.description,
            "status_before": c.get_status_before_display() if c.status_before else "",
            "status": c.get_status_display(),
            "progress": c.progress,
            "comment": c.comment,
            "blocker": c.blocker,
            "author": c.author.full_name if c.author else "",
            "at": c.created_at.isoformat(),
        }
        for c in rows
    ]


def _ratings(review: ProgressReview, end: datetime) -> dict[str, Any]:
    """Each self-rating the first time it was given and now (the latest up to the period's end, or
    this review's own answers), with the series over time for the chart."""
    rows = (
        SelfRating.objects.filter(engagement=review.engagement)
        .filter(Q(recorded_at__lt=end) | Q(worksheet_id=review.self_ratings_id))
        .order_by("recorded_at", "question_key")
        .values_list("question_key", "label", "value", "recorded_at")
    )
    dates: list[str] = []
    # The questions in the order the self-ratings worksheet asks them; others after, as they came.
    series: dict[str, dict[str, Any]] = {
        q["key"]: {"label": q["label"], "points": {}} for q in questions(SELF_RATINGS_SCHEMA)
    }
    for key, label, value, recorded_at in rows:
        when = recorded_at.isoformat()
        if when not in dates:
            dates.append(when)
        series.setdefault(key, {"label": label, "points": {}})["points"][when] = value
    series = {key: entry for key, entry in series.items() if entry["points"]}
    table = []
    for entry in series.values():
        ordered = [(when, entry["points"][when]) for when in dates if when in entry["points"]]
        (first_on, first), (now_on, now) = ordered[0], ordered[-1]
        table.append({"label": entry["label"], "first": first, "first_on": first_on, "now": now, "now_on": now_on})
    worksheet = review.self_ratings
    return {
        "answered": worksheet is not None and worksheet.status == Worksheet.Status.SUBMITTED,
        "asked": worksheet is not None,
        "rows": table,
        "dates": dates,
        "series": [{"label": e["label"], "points": [e["points"].get(d) for d in dates]} for e in series.values()],
    }


def review_figures(review: ProgressReview, *, today: date) -> dict[str, Any]:
    """What the review compiles, as JSON-ready data (what ``compiled`` freezes): goal measures,
    key-action completion, self-ratings then and now, attendance and check-ins in the period.
    Seven queries, whatever the number of goals, actions, sessions or check-ins."""
    engagement = review.engagement
    start, end = _bounds(review)
    # The review covers its period: nothing after its due date enters it, even when it is
    # compiled later, so the figures are "as of" the due date at the latest.
    as_of = min(today, review.due_on)
    return {
        "as_of": as_of.isoformat(),
        "period_start": review.period_start.isoformat(),
        "period_end": review.due_on.isoformat(),
        "measures": _measures(engagement, review.due_on),
        "actions": _actions(engagement, (review.period_start, review.due_on), as_of),
        "attendance": _attendance(engagement, start, end, timezone.now()),
        "checkins": _checkins(engagement, start, end),
        "ratings": _ratings(review, end),
    }


def _as_date(value: Any) -> Any:
    return parse_date(value) if isinstance(value, str) else value


def _as_datetime(value: Any) -> Any:
    return parse_datetime(value) if isinstance(value, str) else value


def _measure_chart(row: dict[str, Any]) -> str:
    """Readings with the baseline and target as flat lines, like the plan page's chart, drawn from
    the figures so a completed review draws what it froze."""
    readings = row["readings"]
    if not readings:
        return ""
    values = [float(value) for _day, value in readings]
    baseline, target = float(row["baseline"]), float(row["target"])
    low, high = min([*values, baseline, target]), max([*values, baseline, target])
    margin = (high - low) * 0.1 or 1
    unit = f" ({row['unit']})" if row["unit"] else ""
    return line_chart(
        title=f"{row['name']}{unit}",
        x_labels=[formats.date_format(_as_date(day), "j M Y") for day, _value in readings],
        series=[
            (_("Readings"), values),
            (_("Target: %(value)s") % {"value": row["target"]}, [target] * len(values)),
            (_("Baseline: %(value)s") % {"value": row["baseline"]}, [baseline] * len(values)),
        ],
        y_range=(low - margin, high + margin),
    )


def figures_for_page(figures: dict[str, Any], *, summary_only: bool) -> dict[str, Any]:
    """The figures ready for a template: dates as dates, charts drawn. ``summary_only`` (the
    sponsor) keeps measures, action completion and attendance counts, nothing the executive said."""
    shown: dict[str, Any] = {
        "as_of": _as_date(figures["as_of"]),
        "period_start": _as_date(figures["period_start"]),
        "period_end": _as_date(figures["period_end"]),
        "actions": figures["actions"],
        "attendance": {**figures["attendance"], "next_at": _as_datetime(figures["attendance"]["next_at"])},
        "measures": [
            {**m, "latest_on": _as_date(m["latest_on"]), "chart": _measure_chart(m)} for m in figures["measures"]
        ],
    }
    if summary_only:
        return shown
    ratings = figures["ratings"]
    dates = [_as_datetime(d) for d in ratings["dates"]]
    shown["ratings"] = {
        **ratings,
        "rows": [
            {**r, "first_on": _as_datetime(r["first_on"]), "now_on": _as_datetime(r["now_on"])} for r in ratings["rows"]
        ],
        "chart": line_chart(
            title=_("Self-ratings over time (1–10)"),
            x_labels=[formats.date_format(timezone.localtime(d), "j M Y") for d in dates],
            series=[(s["label"], s["points"]) for s in ratings["series"]],
            y_range=(1, 10),
        )
        if dates
        else "",
    }
    shown["checkins"] = [{**c, "at": _as_datetime(c["at"])} for c in figures["checkins"]]
    return shown


def review_pdf_shows(review: ProgressReview, *, summary_only: bool) -> list[object]:
    """Everything a completed review's PDF shows that could still differ between two downloads
    (``stored_pdf_response``): the sponsor's summary leaves out what coach and executive wrote,
    and the people and the engagement may be renamed. The figures and the feedback are frozen,
    but are fingerprinted all the same, so a stored PDF can never disagree with the page."""
    return [
        summary_only,
        review.kind,
        review.revision,
        review.due_on,
        review.period_start,
        review.completed_at.isoformat() if review.completed_at else None,
        str(review.completed_by),
        str(review.engagement),
        review.engagement.named_for_documents(),
        hashlib.sha256(json.dumps(review.compiled, sort_keys=True).encode()).hexdigest(),
        ""
        if summary_only
        else hashlib.sha256(f"{review.coach_feedback}\0{review.executive_feedback}".encode()).hexdigest(),
    ]


# Services ------------------------------------------------------------------------------------
