"""The closing report for the sponsor: engagement facts and dates, attendance against the agreed
cadence, the goals and their status, the measured change, and the ROI with its arithmetic.

One context for the page and the PDF, built from ``Access``: what the agreement withholds from
the sponsor (goal text, progress) is never put into it, so no template can show it. The ROI is
the sponsor's to read whatever the agreement shares (DESIGN.md's access table); a benefit's link
to a measure is shown only to those who read the goals.
"""

from typing import Any

from django.utils import timezone

from stepwise.engagements.access import Access, Part
from stepwise.meetings.selectors.sessions import attendance_counts, cadence_for

from .measures import measure_rows
from .roi import RULES
from .roi_services import roi_read
from .selectors import change_summary


def closing_report_context(access: Access, *, charts: bool = True) -> dict[str, Any]:
    """Everything the closing report shows to this reader, in a fixed number of queries."""
    access.require_read(Part.CLOSING_REPORT)
    engagement = access.engagement
    today = timezone.localdate()
    sees_goals = access.can_read(Part.GOALS)
    sees_progress = access.can_read(Part.PROGRESS)
    goals = measure_rows(access, charts=charts) if sees_goals else []
    for row in goals:
        actions = list(row.goal.actions.all())
        row.action_count = len(actions)  # type: ignore[attr-defined]
        row.done_count = sum(1 for a in actions if a.status == "done")  # type: ignore[attr-defined]
    return {
        "access": access,
        "engagement": engagement,
        "executives": engagement.executives(),
        "sponsors": engagement.sponsors(),
        "today": today,
        "attendance": attendance_counts(engagement),
        "cadence": cadence_for(engagement, today=today),
        "agreed": access.agreement_in_force is not None,
        "sees_goals": sees_goals,
        "sees_progress": sees_progress,
        "goals": goals,
        # The latest closed mini-survey's change: ``_change_summary.html`` names each goal only for
        # a reader who sees the goals (else "Goal 1", "Goal 2", …).
        "change": change_summary(engagement=engagement),
        "roi": roi_read(engagement),
        "rules": RULES,
    }
