"""Writes for the 360 report: the coach's reading copy, redacting a comment, releasing a version.

A version (``ReportVersion``) covers every batch up to its own. The coach reads each version
before it goes out: the first time the coach opens the report after a close that can make one,
a version is made (``released_at`` empty) and it is what the coach reads, redacts and releases.
It counts as shown from then on, released or not, so the next version's figures leave out what
could be subtracted from it (``report.py``, rule 2).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stepwise.agreements.models import Agreement
from stepwise.lib.mail import mail_queue
from stepwise.users.models import User

from . import report
from .answering import COMMENT_MAX_CHARS
from .models import Comment, Group, ReportVersion, Response, Round

# Who more responses are needed from, in a sentence.
FROM_GROUP = {
    Group.MANAGER: gettext_lazy("the manager"),
    Group.PEER: gettext_lazy("peers"),
    Group.DIRECT_REPORT: gettext_lazy("direct reports"),
    Group.OTHER: gettext_lazy("others"),
}


def comment_digest(text: str) -> str:
    """What the redaction form carries to tell that the comment did not change meanwhile."""
    return hashlib.sha256(text.encode()).hexdigest()


def released_batch(*, round_id: int) -> int:
    """The last batch a released version covers (0 before the first release): its comments are
    read as they stand, and a released report changes only as a new version."""
    batches = ReportVersion.objects.filter(round_id=round_id, released_at__isnull=False).values_list("batch", flat=True)
    return max(batches, default=0)


def _responses(round: Round) -> report.Responses:
    rows = Response.objects.filter(round=round).values("batch", "group").annotate(n=Count("id")).order_by()
    return {(row["batch"], row["group"]): row["n"] for row in rows}


def version_blocked_because(*, round: Round, versions: list[ReportVersion]) -> list[str]:
    """Why no new version of ``round``'s report can be made now, in words a coach can act on
    (empty when one can): the round must have closed since the last version, with enough new
    responses in every group whose figures would change (``report.version_blockers``)."""
    if round.status != Round.Status.CLOSED and round.closings == 0:
        return [_("The report is made when the round closes.")]
    if not versions:
        return []  # the first version shows what the thresholds allow
    last = max(v.batch for v in versions)
    if round.closings <= last:
        return [_("No responses have come in since the last version.")]
    thresholds = report.Thresholds(
        manager=round.threshold_manager, group=round.threshold_group, others=round.threshold_others
    )
    reasons = []
    for group, needed in report.version_blockers(
        thresholds=thresholds, responses=_responses(round), last_batch=last, batch=round.closings
    ):
        if not group:
            reasons.append(_("No responses have come in since the last version."))
        elif group == report.ALL_OTHERS:
            reasons.append(
                ngettext(
                    "%(n)d more response is needed from the raters before this can be released.",
                    "%(n)d more responses are needed from the raters before this can be released.",
                    needed,
                )
                % {"n": needed}
            )
        else:
            reasons.append(
                ngettext(
                    "%(n)d more response is needed from %(group)s before this can be released.",
                    "%(n)d more responses are needed from %(group)s before this can be released.",
                    needed,
                )
                % {"n": needed, "group": FROM_GROUP[Group(group)]}
            )
    return reasons


@transaction.atomic
def report_version_make(*, round: Round) -> ReportVersion | None:
    """The version the coach reads next: the newest one if nothing has closed since it, else a new
    one covering every closed batch, when the rules let one be made; ``None`` before the first."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    versions = list(round.report_versions.all())
    newest = max(versions, key=lambda v: v.number, default=None)
    if version_blocked_because(round=round, versions=versions) or round.closings <= (newest.batch if newest else 0):
        return newest
    try:
        with transaction.atomic():
            return ReportVersion.objects.create(
                round=round, number=(newest.number if newest else 0) + 1, batch=round.closings
            )
    except IntegrityError:  # another request made it a moment ago (SQLite takes no row lock)
        return round.report_versions.order_by("-number").first()


@transaction.atomic
def comment_redact(*, comment: Comment, text: str, seen: str) -> Comment:
    """Replace a comment's text with the coach's redacted text; the original is not kept. Only
    before the comment's first release: a released version changes only as a new version.

    ``seen`` is the digest of the text the coach redacted from (``comment_digest``): if the comment
    changed meanwhile (redacted in another window), nothing is overwritten."""
    text = text.strip()
    if not text:
        raise ValidationError(
            {"text": _("Type the comment as it should be shown, with the identifying details taken out.")}
        )
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            {"text": _("A comment holds at most %(limit)d characters.") % {"limit": COMMENT_MAX_CHARS}}
        )
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if released_batch(round_id=comment.round_id) >= comment.batch:
        raise ValidationError(
            _("This comment is in a released version of the report, so it can no longer be changed."),
            code="released",
        )
    if comment_digest(comment.text) != seen:
        raise ValidationError(
            _("This comment was changed in another window meanwhile. Reload the report to see it; nothing was saved."),
            code="conflict",
        )
    comment.text = text
    comment.redacted = True
    comment.save(update_fields=["text", "redacted"])
    # A stored PDF of a version not yet released holds the text as it was: it goes too.
    for version in ReportVersion.objects.filter(round_id=comment.round_id, released_at__isnull=True):
        version.renderings.all().delete()
    return comment


@transaction.atomic
def report_release(*, round: Round, number: int, by: User) -> ReportVersion:
    """Release version ``number`` to the executive (and to the sponsor when the agreement in force
    says so), and tell them by mail. Releasing a version twice is refused with a message."""
    round = Round.objects.select_for_update().select_related("engagement").get(pk=round.pk)
    version = ReportVersion.objects.select_for_update().filter(round=round, number=number).first()
    if version is None:
        raise ValidationError(_("Open the report and read it before releasing it."), code="missing")
    if version.released_at is not None:
        raise ValidationError(_("This version of the report was released already."), code="released")
    if round.report_versions.filter(number__gt=number).exists():
        raise ValidationError(_("A newer version of this report exists: release that one."), code="stale")
    # The row lock above is a no-op on SQLite: the conditional update makes one release win.
    moved = ReportVersion.objects.filter(pk=version.pk, released_at__isnull=True).update(
        released_at=timezone.now(), released_by=by
    )
    if not moved:
        raise ValidationError(_("This version of the report was released already."), code="released")
    version.refresh_from_db()
    engagement = round.engagement
    readers = list(engagement.executives())
    agreement = Agreement.objects.in_force_for(engagement)
    if agreement is not None and agreement.sponsor_sees_360_report:
        readers += engagement.sponsors()
    for person in readers:
        mail_queue(
            template="feedback/email/report_released",
            to=[person.email],
            context={"person": person, "version": version, "round": round, "engagement": engagement},
        )
    return version
