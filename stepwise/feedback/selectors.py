"""Reads for the 360 report: a version's counts in a constant number of queries, and which
versions a person may read.

The database counts (ratings per batch, group, item and value; responses per batch and group);
``report.py`` decides what is shown. Nothing here reads a rater: the report's rows have none.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count
from django.http import Http404

from stepwise.engagements.access import Access, Part

from . import report
from .models import Comment, ItemKind, Questionnaire, Rating, ReportVersion, Response, Round


@dataclass(frozen=True)
class ReportInputs:
    items: list[report.Item]
    thresholds: report.Thresholds
    responses: report.Responses
    tallies: report.Tallies
    comments: list[report.CommentIn]


def report_inputs(*, round: Round, batch: int) -> ReportInputs:
    """Everything the report of ``round`` up to ``batch`` is computed from: four queries, whatever
    the number of raters and items (counts are made by the database, per batch, group and item)."""
    items = [
        report.Item(position=item.position, competency=item.competency, text=item.text, open=item.kind == ItemKind.OPEN)
        for item in round.items.all()
    ]
    responses: report.Responses = {
        (row["batch"], row["group"]): row["n"]
        for row in Response.objects.filter(round=round, batch__lte=batch)
        .values("batch", "group")
        .annotate(n=Count("id"))
        .order_by()
    }
    tallies: dict[tuple[int, str, int], list[int]] = {}
    ratings = (
        Rating.objects.filter(response__round=round, response__batch__lte=batch)
        .values("response__batch", "response__group", "item__position", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in ratings:
        key = (row["response__batch"], row["response__group"], row["item__position"])
        tallies.setdefault(key, [0] * 6)[row["value"] or 0] += row["n"]
    comments = [
        report.CommentIn(
            key=str(row["id"]),
            position=row["item__position"],
            group=row["group"],
            batch=row["batch"],
            text=row["text"],
            redacted=row["redacted"],
        )
        for row in Comment.objects.filter(round=round, batch__lte=batch).values(
            "id", "item__position", "group", "batch", "text", "redacted"
        )
    ]
    thresholds = report.Thresholds(
        manager=round.threshold_manager, group=round.threshold_group, others=round.threshold_others
    )
    return ReportInputs(items=items, thresholds=thresholds, responses=responses, tallies=tallies, comments=comments)


def report_of(*, round: Round, version: ReportVersion) -> report.Report:
    """The report of ``version``. Its figures leave out whatever every earlier version of the round
    would let be subtracted, released or only read by the coach: the history is the same whoever
    reads, so the executive reads exactly what the coach released."""
    inputs = report_inputs(round=round, batch=version.batch)
    history = ReportVersion.objects.filter(round=round, number__lte=version.number).order_by("number")
    return report.report_compute(
        items=inputs.items,
        thresholds=inputs.thresholds,
        responses=inputs.responses,
        tallies=inputs.tallies,
        comments=inputs.comments,
        version_batches=list(history.values_list("batch", flat=True)),
        seed=str(version.public_id),
    )


def report_versions(*, access: Access, round: Round) -> list[ReportVersion]:
    """The versions of ``round``'s report that ``access`` may read, newest first: all of them for
    the coach (who reads each before releasing it), only released ones for everyone else. A 404
    for anyone the policy keeps from the report."""
    access.require_read(Part.FEEDBACK_REPORT)
    versions = list(round.report_versions.all())
    if access.holds_write_role(Part.FEEDBACK_REPORT):  # the coach, also once the engagement is closed
        return versions
    return [version for version in versions if version.released_at is not None]


def round_of(*, access: Access, round_id: UUID) -> Round:
    """A 360 round of the engagement ``access`` is about; a 404 otherwise."""
    try:
        return Round.objects.get(engagement=access.engagement, public_id=round_id, kind=Questionnaire.Kind.FEEDBACK_360)
    except Round.DoesNotExist:
        raise Http404 from None
