"""Closing an engagement: the coach's last act, after which the engagement is read-only.

It lives here rather than in ``engagements.services`` because it reaches into step apps (an open
360 round or pulse still open is closed with it), and ``engagements`` imports no
step app. The read-only rule itself is the access policy's (``engagements.access``:
``WRITABLE_WHEN_CLOSED``, ``Access.require_open``, ``ClosedEngagementMiddleware``).

There is no reopening page: a closed engagement is the record the closing report and ROI were
made from. An operator can set the status back in Django's admin (audited) while its content is
still there; after retention there is nothing left to reopen.
"""

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement
from stepwise.feedback import answering
from stepwise.feedback.models import Questionnaire, Round
from stepwise.users.models import User

from .models import Closure


def closed_already(engagement: Engagement) -> ValidationError:
    closure = Closure.objects.filter(engagement=engagement).select_related("closed_by").first()
    if closure and closure.closed_by:
        return ValidationError(
            _("This engagement was closed already, by %(name)s on %(date)s. Nothing more to do.")
            % {"name": closure.closed_by, "date": closure.closed_on.strftime("%d %b %Y")},
            code="closed",
        )
    return ValidationError(_("This engagement was closed already. Nothing more to do."), code="closed")


def open_360_rounds(engagement: Engagement) -> list[Round]:
    return list(
        Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.OPEN)
    )


@transaction.atomic
def engagement_close(*, engagement: Engagement, by: User, today: date | None = None) -> Closure:
    """Close ``engagement``: from now on it is read-only but for its sustain plan.

    A round still open (a 360, a pulse) is closed with it, as its coach would close it: the answers
    sent reach its report, and no rater is reminded of a closed engagement. Of
    two requests at once, one closes; the other is told it was closed already (the status moves
    with a conditional update; ``Closure`` is one per engagement)."""
    today = today or timezone.localdate()
    if engagement.status == Engagement.Status.CLOSED:
        raise closed_already(engagement)
    moved = (
        Engagement.objects.filter(pk=engagement.pk)
        .exclude(status=Engagement.Status.CLOSED)
        .update(status=Engagement.Status.CLOSED, updated_at=timezone.now())
    )
    if not moved:
        raise closed_already(engagement)
    # The conditional update above decided the race; a closure left by an earlier close (an
    # operator reopened the engagement in Django's admin) takes the new date.
    closure, _made = Closure.objects.update_or_create(
        engagement=engagement, defaults={"closed_by": by, "closed_on": today}
    )
    # Written here, as the status moved with an update that auditlog's save signal does not see.
    LogEntry.objects.log_create(
        engagement,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"status": [engagement.status, Engagement.Status.CLOSED]},
        actor=by,
    )
    for round in Round.objects.filter(engagement=engagement, status=Round.Status.OPEN):
        answering.round_close(round=round)
    engagement.status = Engagement.Status.CLOSED
    return closure
