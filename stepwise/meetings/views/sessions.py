"""Step 5: the sessions of an engagement — the schedule against the cadence, one session's
agenda and notes, and what the coach records after it."""

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.forms import add_errors, form_after_stale_edit, form_status
from stepwise.lib.http import AuthedRequest
from stepwise.lib.revisions import StaleEdit
from stepwise.plans.models import Goal

from ..cadence import series_starts
from ..forms import (
    AgendaForm,
    PrivateNoteForm,
    RecordForm,
    RescheduleForm,
    ScheduleForm,
    SessionChangeForm,
    new_action_formset,
    new_action_rows,
)
from ..models import PrivateNote, Session
from ..selectors import sessions as read
from ..selectors.checkins import changes_since_last_session
from ..services import sessions as service


def _context(access: Access, **more: Any) -> dict[str, Any]:
    return {"access": access, "engagement": access.engagement, **more}


@login_required
def session_list(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The schedule for coach and executive; the attendance counts alone for sponsor and admin."""
    access = engagement_access(request.user, public_id)
    access.require_read(Part.ATTENDANCE)
    engagement = access.engagement
    attendance = read.attendance_counts(engagement)
    if not access.can_read(Part.SESSIONS):
        return render(request, "meetings/session_counts.html", _context(access, attendance=attendance))
    now = timezone.now()
    sessions = list(Session.objects.filter(engagement=engagement).select_related("rescheduled_to"))
    return render(
        request,
        "meetings/session_list.html",
        _context(
            access,
            attendance=attendance,
            cadence=read.cadence_for(engagement, today=timezone.localdate()),
            agreed=access.agreement_in_force is not None,
            upcoming=[s for s in sessions if s.starts_at >= now and s.status == Session.Status.SCHEDULED],
            past=[s for s in reversed(sessions) if not (s.starts_at >= now and s.status == Session.Status.SCHEDULED)],
            writes=access.can_write(Part.SESSIONS),
            now=now,
        ),
    )


def _starts(form: ScheduleForm, access: Access) -> list[datetime]:
    data = form.cleaned_data
    first = service.local_start(data["date"], data["time"], data["time_zone"])
    if data["repeat"] != ScheduleForm.SERIES:
        return [first]
    engagement = access.engagement
    return series_starts(
        first=first,
        tz=ZoneInfo(data["time_zone"]),
        engagement_start=engagement.start_date,
        engagement_end=engagement.end_date,
        cadence=read.cadence_of(engagement),
        later_per_month=data.get("later_per_month") or None,
    )


@login_required
def session_schedule(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.SESSIONS)
    engagement = access.engagement
    cadence = read.cadence_of(engagement)
    agreement = access.agreement_in_force
    per_month = range(cadence.later_per_month_min, cadence.later_per_month_max + 1)
    initial = {
        "token": uuid.uuid4(),
        "time_zone": request.user.time_zone,
        "minutes": agreement.session_minutes if agreement else 60,
        "later_per_month": cadence.later_per_month_min,
        "repeat": ScheduleForm.SINGLE,
    }
    form = ScheduleForm(request.POST or None, initial=initial, per_month=per_month)
    clashes: list[tuple[datetime, Session]] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            starts = _starts(form, access)
            data = form.cleaned_data
            clashes = read.overlapping(
                coach=engagement.coach, starts=starts, minutes=data["minutes"], token=data["token"]
            )
            if clashes and not data["confirm_overlap"] and not data["held"]:
                form.add_error(
                    "confirm_overlap",
                    _("This overlaps other sessions of yours (listed below). Tick “Schedule it anyway” to keep it."),
                )
            else:
                try:
                    made = service.session_schedule(
                        engagement=engagement,
                        starts=starts,
                        minutes=data["minutes"],
                        time_zone=data["time_zone"],
                        where=data["where"],
                        token=data["token"],
                        now=timezone.now(),
                        held=data["held"],
                    )
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    if data["held"]:
                        messages.success(request, _("Session recorded as held. Now add its notes and new actions."))
                        return redirect("session_record", public_id=public_id, session_id=made[0].public_id)
                    messages.success(
                        request,
                        _("%(count)d sessions scheduled. The executive sees them in their calendar feed.")
                        % {"count": len(made)}
                        if len(made) > 1
                        else _("Session scheduled. Add to its agenda from its page."),
                    )
                    return redirect("session_list", public_id=public_id)
        status = form_status(form)
    return render(
        request,
        "meetings/session_schedule.html",
        _context(access, form=form, clashes=clashes, cadence=cadence, agreement=agreement),
        status=status,
    )


def _detail_context(access: Access, session: Session, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    note = PrivateNote.objects.filter(session=session, author=user).first()
    return _context(
        access,
        session=session,
        agenda=read.agenda_for(session, today=today),
        agenda_form=AgendaForm(),
        note_form=PrivateNoteForm(
            initial={"text": note.text if note else "", "revision": note.revision if note else 0}
        ),
        may_note=access.can_write(Part.PRIVATE_NOTES),
        may_add=access.can_write(Part.AGENDA) and session.status == Session.Status.SCHEDULED,
        writes=access.can_write(Part.SESSIONS),
        started=session.starts_at <= timezone.now(),
        changes=changes_since_last_session(access.engagement) if access.can_read(Part.CHECKINS) else [],
        new_actions=list(session.new_actions.select_related("goal")),
        scheduled_local=session.starts_at.astimezone(ZoneInfo(session.time_zone)),
    )


@login_required
def session_detail(request: AuthedRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.SESSIONS)
    session = read.session_in(access.engagement, session_id)
    return render(request, "meetings/session_detail.html", _detail_context(access, session, request.user))


@login_required
@require_POST
def session_agenda_add(request: AuthedRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.AGENDA)
    session = read.session_in(access.engagement, session_id)
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            service.agenda_add(
                session=session, text=form.cleaned_data["text"], user=request.user, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Added to the agenda."))
            return redirect("session_detail", public_id=public_id, session_id=session_id)
    context = _detail_context(access, session, request.user)
    context["agenda_form"] = form
    return render(request, "meetings/session_detail.html", context, status=400)


@login_required
@require_POST
def session_private_note(request: AuthedRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.PRIVATE_NOTES)
    session = read.session_in(access.engagement, session_id)
    form = PrivateNoteForm(request.POST)
    status = 400
    saved = None  # the note saved meanwhile, after a stale edit
    if form.is_valid():
        try:
            service.private_note_save(
                session=session,
                author=request.user,
                text=form.cleaned_data["text"],
                revision=form.cleaned_data["revision"],
            )
        except StaleEdit as error:
            form = form_after_stale_edit(form, error)
            saved, status = error.current, 409
        else:
            messages.success(request, _("Your private note is saved. No one else can read it."))
            return redirect("session_detail", public_id=public_id, session_id=session_id)
    context = _detail_context(access, session, request.user)
    context["note_form"] = form
    context["saved_note"] = saved
    return render(request, "meetings/session_detail.html", context, status=status)


@login_required
def session_record(request: AuthedRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.SESSIONS)
    session = read.session_in(access.engagement, session_id)
    today = timezone.localdate()
    agenda = read.agenda_for(session, today=today)
    choices = [(entry.key, entry.text) for entry in agenda]
    goals = list(Goal.objects.filter(engagement=access.engagement))
    status = 200
    if request.method == "POST":
        form = RecordForm(request.POST, agenda=choices)
        actions = new_action_formset(goals, request.POST)
        if form.is_valid() and actions.is_valid():
            try:
                service.session_record(
                    session=session,
                    revision=form.cleaned_data["revision"],
                    shared_notes=form.cleaned_data["shared_notes"],
                    covered=set(form.cleaned_data["covered"]),
                    new_actions=new_action_rows(actions),
                    user=request.user,
                    now=timezone.now(),
                    today=today,
                )
            except StaleEdit as error:
                status = 409
                session = read.session_in(access.engagement, session_id)
                form = form_after_stale_edit(form, error)  # saving again, after reading, is allowed
            except ValidationError as error:
                status = 400
                add_errors(form, error)
            else:
                messages.success(request, _("Session recorded. New action items are in the development plan."))
                return redirect("session_detail", public_id=public_id, session_id=session_id)
        else:
            status = 400
    else:
        form = RecordForm(
            agenda=choices,
            initial={
                "revision": session.revision,
                "shared_notes": session.shared_notes,
                "covered": [entry.key for entry in agenda if entry.covered],
            },
        )
        actions = new_action_formset(goals)
    return render(
        request,
        "meetings/session_record.html",
        _context(
            access,
            session=session,
            form=form,
            actions=actions,
            goals=goals,
            started=session.starts_at <= timezone.now(),
        ),
        status=status,
    )


@login_required
def session_change(request: AuthedRequest, public_id: UUID, session_id: UUID, change: str) -> HttpResponse:
    """Cancel, record a no-show, or move a session (``change``: cancel, no_show, reschedule)."""
    access = engagement_access(request.user, public_id)
    access.require_write(Part.SESSIONS)
    session = read.session_in(access.engagement, session_id)
    form_class = RescheduleForm if change == "reschedule" else SessionChangeForm
    initial = {"revision": session.revision, "by_role": "executive" if change == "no_show" else "coach"}
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            now = timezone.now()
            common = {
                "session": session,
                "by_role": data["by_role"],
                "reason": data["reason"],
                "user": request.user,
                "now": now,
                "revision": data["revision"],
            }
            try:
                if change == "cancel":
                    service.session_cancel(**common)
                    done = _(
                        "Session cancelled. It counts against the zero-cancellation policy; the executive is told."
                    )
                elif change == "no_show":
                    service.session_no_show(**common)
                    done = _("No-show recorded.")
                else:
                    starts_at = service.local_start(data["date"], data["time"], session.time_zone)
                    session = service.session_reschedule(starts_at=starts_at, **common)
                    done = _("Session moved. The executive is told by mail and their calendar updates.")
            except StaleEdit as error:
                form = form_after_stale_edit(form, error)
                status = 409
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                messages.success(request, done)
                return redirect("session_detail", public_id=public_id, session_id=session.public_id)
        else:
            status = 400
    return render(
        request,
        "meetings/session_change.html",
        _context(access, session=session, form=form, change=change),
        status=status,
    )
