"""Step 5: check-ins between sessions. The executive sends one; the coach reads what changed."""

import uuid
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.access import Part, engagement_access
from stepwise.engagements.models import Engagement
from stepwise.lib.http import AuthedRequest
from stepwise.plans.models import KeyAction

from ..forms import CheckInForm, CheckInRowForm, checkin_rows
from ..selectors.checkins import (
    actions_named,
    changes_since_last_session,
    checkin_history,
    last_held_session_start,
    open_actions,
)
from ..services.checkins import CheckInRow, checkin_send


def _posted_actions(engagement: Engagement, data: QueryDict) -> list[KeyAction]:
    return actions_named(engagement, data.getlist("action"))


def _grouped(rows: list[CheckInRowForm]) -> list[tuple[Any, list[CheckInRowForm]]]:
    groups: list[tuple[Any, list[CheckInRowForm]]] = []
    for row in rows:
        if not groups or groups[-1][0].pk != row.action.goal_id:
            groups.append((row.action.goal, []))
        groups[-1][1].append(row)
    return groups


def _conflict_rows(engagement: Engagement, data: QueryDict, sent: list[CheckInRowForm]) -> list[CheckInRowForm]:
    """The person's rows again, as typed, next to each action's status as it stands now; sending
    again after reading them is allowed."""
    seen = {row.action.pk: row.cleaned_data.get("seen") for row in sent}
    data = data.copy()
    actions = _posted_actions(engagement, data)
    for action in actions:
        data[f"a-{action.public_id}-seen"] = action.status
    rows = checkin_rows(actions, data)
    for row in rows:
        if row.is_valid() and seen.get(row.action.pk) != row.action.status:
            row.add_error(
                "status",
                _("Changed meanwhile: it is now “%(status)s”. Choose the status you mean, then send again.")
                % {"status": row.action.get_status_display()},
            )
    return rows


@login_required
def checkin(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.CHECKINS)
    engagement = access.engagement
    writes = access.can_write(Part.CHECKINS)
    if request.method == "POST" and not writes:
        raise PermissionDenied(_("Only the executive sends check-ins."))
    status = 200
    form: CheckInForm | None = None
    rows: list[CheckInRowForm] = []
    if writes and request.method == "POST":
        form = CheckInForm(request.POST)
        rows = checkin_rows(_posted_actions(engagement, request.POST), request.POST)
        if form.is_valid() and all([row.is_valid() for row in rows]):
            try:
                checkin_send(
                    engagement=engagement,
                    author=request.user,
                    rows=[CheckInRow(action=row.action, **row.cleaned_data) for row in rows],
                    token=form.cleaned_data["token"],
                    today=timezone.localdate(),
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "conflict":
                    status = 409
                    rows = _conflict_rows(engagement, request.POST, rows)
                else:
                    status = 400
                form.add_error(None, error)
            else:
                messages.success(request, _("Check-in sent. Your coach will read it before your next session."))
                return redirect("checkin", public_id=public_id)
        else:
            status = 400
    elif writes:
        form = CheckInForm(initial={"token": uuid.uuid4()})
        rows = checkin_rows(open_actions(engagement))
    return render(
        request,
        "meetings/checkin.html",
        {
            "access": access,
            "engagement": engagement,
            "form": form,
            "groups": _grouped(rows),
            "changes": changes_since_last_session(engagement) if access.is_coach else [],
            "since": last_held_session_start(engagement) if access.is_coach else None,
            "history": checkin_history(engagement),
        },
        status=status,
    )
