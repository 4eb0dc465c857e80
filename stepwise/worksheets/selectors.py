"""Which worksheets a person may see, and the self-ratings over time."""

from typing import Any

from django.db.models import QuerySet

from stepwise.engagements.access import Access, Part

from . import content
from .models import Assessment, SelfRating, Worksheet, WorksheetTemplate


def worksheets_visible(access: Access) -> QuerySet[Worksheet]:
    """Coach and executive see every worksheet; a sponsor only those the executive shared."""
    access.require_read(Part.WORKSHEETS)
    worksheets = Worksheet.objects.filter(engagement=access.engagement).select_related("version__template")
    if access.is_coach or access.is_executive:
        return worksheets
    return worksheets.shared_with_sponsor()


def template_to_assign(access: Access) -> WorksheetTemplate | None:
    """The worksheet the page suggests assigning next: the seed's first one this engagement has
    not been given (the intake, to begin with)."""
    given = set(
        Worksheet.objects.filter(engagement=access.engagement).values_list("version__template__slug", flat=True)
    )
    for slug, *_rest in content.BUILTIN_TEMPLATES:
        if slug not in given:
            return WorksheetTemplate.objects.filter(slug=slug).first()
    return None


def assessment_visible(access: Access) -> Assessment | None:
    """The coach's assessment, for the coach; for the executive only once it is shared."""
    if not access.can_read(Part.ASSESSMENT):
        return None
    assessment = Assessment.objects.filter(engagement=access.engagement).first()
    if assessment is None or access.is_coach:
        return assessment
    return assessment if assessment.shared_with_executive else None


def ratings_series(access: Access) -> dict[str, Any]:
    """Self-ratings per question over time, in one query, for the coach and the executive."""
    rows = (
        SelfRating.objects.filter(engagement=access.engagement)
        .order_by("recorded_at", "question_key")
        .values_list("question_key", "label", "value", "recorded_at")
    )
    dates: list[Any] = []
    series: dict[str, dict[str, Any]] = {}
    for key, label, value, recorded_at in rows:
        if recorded_at not in dates:
            dates.append(recorded_at)
        entry = series.setdefault(key, {"label": label, "points": {}})
        entry["points"][recorded_at] = value
    return {"dates": dates, "series": series}
