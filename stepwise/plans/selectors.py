"""Reads for the plan pages: the goals a person may see, with everything the page shows loaded in a
fixed number of queries; date warnings; what changed since the sponsor approved a goal."""

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stepwise.engagements.access import Access, Part
from stepwise.lib.charts import line_chart
from stepwise.worksheets.models import Worksheet

from .models import APPROVED_FIELDS, Goal, KeyAction, Measure, Reading

RETIREMENT_PARTY = "retirement-party"


def goals_visible(access: Access) -> QuerySet[Goal]:
    """The engagement's goals with actions, measures and readings, for whoever may read goals."""
    access.require_read(Part.GOALS)
    return Goal.objects.filter(engagement=access.engagement).prefetch_related(
        Prefetch("actions", queryset=KeyAction.objects.order_by("position", "created_at")),
        Prefetch(
            "measures",
            queryset=Measure.objects.order_by("created_at", "pk").prefetch_related(
                Prefetch("readings", queryset=Reading.objects.order_by("taken_on"))
            ),
        ),
    )


def goal_visible(access: Access, goal_id: Any) -> Goal:
    return get_object_or_404(goals_visible(access), public_id=goal_id)


def value_choices(access: Access) -> list[str]:
    """The values the executive named in the retirement-party exercise, in their order, in one query."""
    answers = Worksheet.objects.filter(
        engagement=access.engagement, version__template__slug=RETIREMENT_PARTY
    ).values_list("answers", flat=True)
    names: list[str] = []
    for answer in answers:
        for row in (answer or {}).get("values") or []:
            name = str((row or {}).get("value") or "").strip()
            if name and name not in names:
                names.append(name)
    return names


def action_date_warning(action_date: date | None, *, is_open: bool, ends_on: date, today: date) -> str:
    """Why a target date deserves a second look, or an empty string."""
    if action_date is None or not is_open:
        return ""
    if action_date < today:
        return _("This date has passed, so the action shows as overdue. If it is done, set its status to done.")
    if action_date > ends_on:
        return _(
            "This is after the engagement ends on %(end)s: the coaching will be over before it is due. "
            "Bring it forward, or agree with your coach how it will be followed up."
        ) % {"end": formats.date_format(ends_on, "j F Y")}
    return ""


@dataclass
class ActionView:
    action: KeyAction
    overdue: bool
    warning: str


def actions_view(goal: Goal, *, ends_on: date, today: date) -> list[ActionView]:
    return [
        ActionView(
            action=a,
            overdue=a.is_overdue(today),
            warning=action_date_warning(a.target_date, is_open=a.is_open, ends_on=ends_on, today=today),
        )
        for a in goal.actions.all()
    ]


def measure_chart(measure: Measure) -> str:
    """Readings over time with the baseline and the target as flat lines (from prefetched readings)."""
    readings = list(measure.readings.all())
    if not readings:
        return ""
    labels = [formats.date_format(r.taken_on, "j M Y") for r in readings]
    unit = f" ({measure.unit})" if measure.unit else ""
    values = [float(r.value) for r in readings]
    low = min([*values, float(measure.baseline), float(measure.target)])
    high = max([*values, float(measure.baseline), float(measure.target)])
    margin = (high - low) * 0.1 or 1
    return line_chart(
        title=f"{measure.name}{unit}",
        x_labels=labels,
        series=[
            (_("Readings"), values),
            (
                _("Target: %(value)s") % {"value": formats.number_format(measure.target.normalize())},
                [float(measure.target)] * len(readings),
            ),
            (
                _("Baseline: %(value)s") % {"value": formats.number_format(measure.baseline.normalize())},
                [float(measure.baseline)] * len(readings),
            ),
        ],
        y_range=(low - margin, high + margin),
    )


def measure_progress(measure: Measure) -> int | None:
    """How far the latest reading has moved from the baseline towards the target, in percent."""
    readings = list(measure.readings.all())
    if not readings:
        return None
    span = measure.target - measure.baseline
    moved = readings[-1].value - measure.baseline
    return round(float(moved / span) * 100)


@dataclass
class Change:
    label: str
    parts: list[tuple[str, str]]  # ("same" | "removed" | "added", words)


def changes_since_decision(goal: Goal) -> list[Change]:
    """What differs between the goal as the sponsor last decided on it and as it stands, word by word."""
    decided = goal.decided_snapshot
    if not decided:
        return []
    current = goal.snapshot()
    labels = {name: str(getattr(Goal._meta.get_field(name), "verbose_name", name)) for name in APPROVED_FIELDS}
    labels["measures"] = _("Measures")
    changes = []
    for name, label in labels.items():
        before, after = decided.get(name), current.get(name)
        if before == after:
            continue
        if name == "measures":
            before, after = _measures_text(before), _measures_text(after)
        changes.append(Change(label=label, parts=word_diff(str(before or ""), str(after or ""))))
    return changes


def _measures_text(rows: Any) -> str:
    return "; ".join(f"{name}: {baseline} → {target} {unit}".strip() for name, unit, baseline, target in rows or [])


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split(), after.split()
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(b[j1:j2])))
    return parts


def plan_summary(access: Access) -> dict[str, int] | None:
    """Goal and key-action counts for the engagement page, in one query; None for those who may not
    read goals. Action counts are progress: left out for those who may not read it."""
    if not access.can_read(Part.GOALS):
        return None
    today = timezone.localdate()
    counts = Goal.objects.filter(engagement=access.engagement).aggregate(
        goal_count=Count("pk", distinct=True),
        action_count=Count("actions", distinct=True),
        done_count=Count("actions", filter=Q(actions__status=KeyAction.Status.DONE), distinct=True),
        overdue_count=Count(
            "actions",
            filter=KeyAction.open_q("actions__") & Q(actions__target_date__lt=today),
            distinct=True,
        ),
    )
    summary = {"goals": counts["goal_count"]}
    if access.can_read(Part.PROGRESS):
        summary |= {"actions": counts["action_count"], "done": counts["done_count"], "overdue": counts["overdue_count"]}
    return summary
