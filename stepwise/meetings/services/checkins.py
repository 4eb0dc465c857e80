"""Check-ins: the executive's update on each open key action (the key action's status through plans)."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement
from stepwise.lib.once import submit_once
from stepwise.plans.models import KeyAction
from stepwise.plans.services import key_action_status_set
from stepwise.users.models import User

from ..models import CheckIn
from ..selectors.checkins import with_last_checkin


@dataclass(frozen=True)
class CheckInRow:
    """What the executive sent for one key action."""

    action: KeyAction
    seen: str  # the status the page showed
    status: str
    progress: int
    comment: str = ""
    blocker: str = ""


@transaction.atomic
def checkin_send(
    *, engagement: Engagement, author: User, rows: list[CheckInRow], token: UUID, today: date
) -> list[CheckIn]:
    """Store the executive's check-in and bring each key action's status along.

    Only rows that change the status or the progress, or carry a comment or a blocker, are
    stored. A status set to done records ``today`` (the executive's date) as the day it was done.
    The same form sent twice stores once (``token``); a key action changed elsewhere since the
    page was loaded refuses the whole check-in with code "conflict", naming the actions.
    """
    return submit_once(
        token=token,
        make=lambda: _checkins_make(engagement=engagement, author=author, rows=rows, token=token, today=today),
        find=lambda _made: list(CheckIn.objects.filter(key_action__goal__engagement=engagement, token=token)) or None,
    )


def _checkins_make(
    *, engagement: Engagement, author: User, rows: list[CheckInRow], token: UUID, today: date
) -> list[CheckIn]:
    for row in rows:
        if not 0 <= row.progress <= 100:
            raise ValidationError({"progress": _("Enter a percentage from 0 to 100.")})
    ids = [row.action.pk for row in rows]
    current = {
        a.pk: a
        for a in with_last_checkin(
            KeyAction.objects.select_for_update(of=("self",)).filter(goal__engagement=engagement, pk__in=ids)
        )
    }
    moved = [row.action for row in rows if row.action.pk not in current or current[row.action.pk].status != row.seen]
    if moved:
        raise ValidationError(
            _(
                "Meanwhile someone changed %(actions)s. Your entries are kept below next to the status as it "
                "is now: check them, then send your check-in again."
            )
            % {"actions": ", ".join(f"“{a.description}”" for a in moved)},
            code="conflict",
        )
    made: list[CheckIn] = []
    for row in rows:
        action = current[row.action.pk]
        last = action.last_progress  # type: ignore[attr-defined]
        last_progress = last if last is not None else (100 if action.status == KeyAction.Status.DONE else 0)
        comment, blocker = row.comment.strip(), row.blocker.strip()
        if row.status == action.status and row.progress == last_progress and not comment and not blocker:
            continue
        made.append(
            CheckIn(
                key_action=action,
                author=author,
                status_before=action.status,
                status=row.status,
                progress=row.progress,
                comment=comment,
                blocker=blocker,
                token=token,
            )
        )
        if row.status != action.status:
            key_action_status_set(action=action, status=row.status, today=today)
    if not made:
        raise ValidationError(
            _("Nothing changed, so nothing was sent. Change a status or a percentage, or add a comment, then send.")
        )
    for checkin in made:
        checkin.full_clean(exclude=["key_action", "author", "token"])
    return CheckIn.objects.bulk_create(made)
