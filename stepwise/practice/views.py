"""The practice pages, beside each engagement of the executive: where am I, the journal (step 10),
mindfulness (step 11), carrying the message (step 12), and the export. Every view loads the record
through ``practice_access`` (``access.py``), the one rule of who reads what."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Part
from stepwise.engagements.middleware import writable_when_closed
from stepwise.lib.forms import add_errors, form_after_stale_edit, form_status
from stepwise.lib.http import AuthedRequest
from stepwise.lib.pdf import pdf_response
from stepwise.lib.revisions import StaleEdit

from . import export, selectors, services
from .access import PracticeAccess, practice_access
from .content import ADMITTING
from .forms import (
    CheckInForm,
    CommentForm,
    EntryForm,
    MarkForm,
    MinutesForm,
    NoticesForm,
    PreferencesForm,
    TeachingForm,
)
from .models import Cadence, JournalEntry, MarkKind, MindfulnessCheckIn, PracticeMinutes, Program, StepMark, Teaching
from .streaks import month_grid

# The record is the executive's own and stays theirs to write after the engagement closes: the
# closed-engagement middleware lets these views' POSTs through, and each view's own check decides.
stays_theirs = writable_when_closed(Part.PRACTICE_PRIVATE)


def _base(pa: PracticeAccess, **more: Any) -> dict[str, Any]:
    return {
        "pa": pa,
        "access": pa.access,
        "engagement": pa.engagement,
        "owner": pa.owner,
        "private": pa.reads_private,
        **more,
    }


def _today() -> date:
    return timezone.localdate()


# --- the way in from the menu ----------------------------------------------------------------


@stays_theirs
@login_required
def practice_mine(request: AuthedRequest) -> HttpResponse:
    """The menu's "My practice": the practice beside the person's latest engagement as its
    executive (one query, only when followed), or a page saying there is none yet."""
    engagement = selectors.latest_engagement_as_executive(request.user)
    if engagement is None:
        return render(request, "practice/none.html")
    return redirect("practice_home", public_id=engagement.public_id)


# --- where am I ------------------------------------------------------------------------------


@stays_theirs
@login_required
def practice_home(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    program, programs = selectors.program_chosen(request.GET.get("program"))
    form = MarkForm(request.POST or None)
    if request.method == "POST":
        pa.require_owner()
        if form.is_valid():
            step = program.steps.filter(number=form.cleaned_data["step"]).first()
            try:
                if step is None:
                    raise ValidationError(_("This program has no such step. Reload the page."))
                services.mark_set(
                    owner=pa.owner,
                    step=step,
                    kind=form.cleaned_data["kind"],
                    why=form.cleaned_data["why"],
                    token=form.cleaned_data["token"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your mark is saved."))
                return redirect(_home_url(public_id, program))
    return _home_page(request, pa, program, programs, form=form, status=form_status(form))


def _home_page(
    request: AuthedRequest,
    pa: PracticeAccess,
    program: Program,
    programs: list[Program],
    *,
    form: MarkForm,
    status: int,
    comment_form: CommentForm | None = None,
    comment_on: UUID | None = None,
) -> HttpResponse:
    """The where-am-I page; a comment refused on ``comment_on``'s thread comes back there, kept."""
    in_force = selectors.marks_in_force(pa.owner)
    context = _base(
        pa,
        program=program,
        programs=programs,
        rows=selectors.step_rows(pa.owner, program, in_force),
        standing=selectors.standing_of(in_force),
        history=selectors.mark_history(pa.owner),
        form=form,
        comment_form=comment_form,
        comment_on=comment_on,
        blank_comment=CommentForm(),
        counts=selectors.counts(pa.owner),
        feedback=_feedback_links(pa),
        mark_kinds=MarkKind.choices,
    )
    return render(request, "practice/home.html", context, status=status)


def _home_url(public_id: UUID, program: Program) -> str:
    url = reverse("practice_home", args=[public_id])
    return url if program.builtin else f"{url}?program={program.public_id}"


def _feedback_links(pa: PracticeAccess) -> dict[str, Any]:
    """Steps 7–9 live in the feedback app: their pages and their live state, for whoever reads them."""
    from stepwise.feedback.practice import practice_summary

    return practice_summary(pa.access).get("practice", {})


@stays_theirs
@login_required
@require_POST
def practice_mark_clear(request: AuthedRequest, public_id: UUID, mark_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    mark = _mark(pa, mark_id)
    pa.require_owner()
    services.mark_clear(mark=mark)
    messages.success(request, _("The mark is cleared; it stays in your history."))
    return redirect("practice_home", public_id=public_id)


def _mark(pa: PracticeAccess, mark_id: UUID) -> StepMark:
    try:
        return StepMark.objects.select_related("step__program").get(owner=pa.owner, public_id=mark_id)
    except StepMark.DoesNotExist:
        raise Http404 from None


@stays_theirs
@login_required
@require_POST
def practice_mark_comment(request: AuthedRequest, public_id: UUID, mark_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_write(Part.PRACTICE_SHARED)
    mark = _mark(pa, mark_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                author=request.user,
                text=form.cleaned_data["text"],
                mark=mark,
                engagement=pa.engagement,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        _chosen, programs = selectors.program_chosen(None)
        return _home_page(
            request,
            pa,
            mark.step.program,
            programs,
            form=MarkForm(),
            status=400,
            comment_form=form,
            comment_on=mark.public_id,
        )
    messages.success(request, _("Your comment is added."))
    return redirect(_home_url(public_id, mark.step.program))


# --- step 10: the journal --------------------------------------------------------------------


def _month_asked(request: AuthedRequest, today: date) -> date:
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@stays_theirs
@login_required
def practice_journal(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    today = _today()
    month = _month_asked(request, today)
    preferences = services.preferences_of(pa.owner)
    weekly = preferences.cadence == Cadence.WEEKLY
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=7)).replace(day=1)
    entries = selectors.entries_listed(
        pa.owner, private=pa.reads_private, first=month, last=following - timedelta(days=1)
    )
    context = _base(
        pa,
        month=month,
        previous=previous,
        following=following if following <= today else None,
        calendar=selectors.calendar(pa.owner, private=pa.reads_private, weeks=month_grid(month.year, month.month)),
        entries=entries,
        streaks=selectors.journal_streaks(pa.owner, today=today, weekly=weekly),
        weekly=weekly,
        today=today,
        counts=selectors.counts(pa.owner),
        preferences_form=PreferencesForm(
            initial={
                "revision": preferences.revision,
                "cadence": preferences.cadence,
                "reminder": preferences.reminder,
                "reminder_hour": preferences.reminder_hour,
                "reminder_weekday": preferences.reminder_weekday,
            }
        )
        if pa.reads_private
        else None,
    )
    return render(request, "practice/journal.html", context)


@stays_theirs
@login_required
@require_POST
def practice_preferences(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_owner()
    form = PreferencesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.preferences_save(
                owner=pa.owner,
                cadence=data["cadence"],
                reminder=data["reminder"],
                hour=data["reminder_hour"],
                weekday=data["reminder_weekday"],
                revision=data["revision"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your journal's rhythm and reminders are saved."))
    else:
        messages.error(request, _("Choose from the lists, then save again."))
    return redirect("practice_journal", public_id=public_id)


def _entry(pa: PracticeAccess, entry_id: UUID) -> JournalEntry:
    """An entry the reader may open: any of the owner's for the owner, a shared one for the coach."""
    try:
        return selectors.entries_readable(pa.owner, private=pa.reads_private).get(public_id=entry_id)
    except JournalEntry.DoesNotExist:
        raise Http404 from None


def _entry_values(data: dict[str, Any]) -> services.EntryValues:
    return services.EntryValues(
        cadence=data["cadence"],
        entry_date=data["entry_date"],
        went_well=data["went_well"],
        where_wrong=data["where_wrong"],
        admitted=data["admitted"],
        admitted_to=data["admitted_to"],
        differently=data["differently"],
    )


def _entry_form_initial(entry: JournalEntry) -> dict[str, Any]:
    return {
        "entry": entry.public_id,
        "revision": entry.revision,
        **{name: getattr(entry, name) for name in services.EntryValues.__dataclass_fields__},
    }


def _entry_save(pa: PracticeAccess, form: EntryForm, entry: JournalEntry | None = None) -> JournalEntry:
    """Save the entry being edited, else the one the form names (autosave made it), else a new one."""
    data = form.cleaned_data
    if entry is None and data["entry"]:
        entry = _entry(pa, data["entry"])
    return services.journal_entry_save(
        owner=pa.owner,
        entry=entry,
        values=_entry_values(data),
        today=_today(),
        revision=data["revision"],
        token=data["token"],
    )


def _entry_page(
    request: AuthedRequest, pa: PracticeAccess, form: EntryForm, entry: JournalEntry | None
) -> HttpResponse:
    status, saved = form_status(form), None
    if request.method == "POST" and form.is_valid():
        try:
            entry = _entry_save(pa, form, entry)
        except StaleEdit as stale:
            form, status, saved = form_after_stale_edit(form, stale), 409, stale.current
        except ValidationError as error:
            add_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Your entry is saved."))
            return redirect("practice_entry", public_id=pa.engagement.public_id, entry_id=entry.public_id)
    context = _base(
        pa,
        form=form,
        entry=entry,
        saved=saved,
        admitting=ADMITTING,
        comments=selectors.entry_with_comments(entry) if entry and entry.shared else [],
        blank_comment=CommentForm(),
    )
    return render(request, "practice/entry.html", context, status=status)


@stays_theirs
@login_required
def practice_entry_new(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_owner()
    preferences = services.preferences_of(pa.owner)
    form = EntryForm(request.POST or None, initial={"cadence": preferences.cadence, "revision": 0})
    return _entry_page(request, pa, form, None)


@stays_theirs
@login_required
def practice_entry(request: AuthedRequest, public_id: UUID, entry_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    entry = _entry(pa, entry_id)
    if request.method == "POST":
        pa.require_owner()
    form = EntryForm(request.POST or None, initial=_entry_form_initial(entry))
    return _entry_page(request, pa, form, entry)


@stays_theirs
@login_required
@require_POST
def practice_entry_autosave(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_owner()
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _not_saved(form)
    try:
        entry = _entry_save(pa, form)
    except StaleEdit as stale:
        return JsonResponse({"message": " ".join(stale.messages)}, status=409)
    except ValidationError as error:
        add_errors(form, error)
        return _not_saved(form)
    saved_at = formats.time_format(timezone.localtime(entry.updated_at), "H:i:s")
    return JsonResponse(
        {
            "revision": entry.revision,
            "ids": {"entry": str(entry.public_id)},
            "saved_at": saved_at,
            "message": _("Saved at %(t)s") % {"t": saved_at},
        }
    )


def _not_saved(form: EntryForm) -> JsonResponse:
    errors = {name: " ".join(str(m) for m in messages_) for name, messages_ in form.errors.items()}
    return JsonResponse(
        {
            "errors": errors,
            "message": _("Not saved: %(problems)s Your text is kept on this page and in this browser.")
            % {"problems": " ".join(errors.values())},
        },
        status=400,
    )


@stays_theirs
@login_required
@require_POST
def practice_entry_share(request: AuthedRequest, public_id: UUID, entry_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    entry = _entry(pa, entry_id)
    pa.require_owner()
    shared = request.POST.get("shared") == "1"
    services.journal_entry_share(entry=entry, shared=shared)
    messages.success(
        request,
        _("Your coach can now read this entry.")
        if shared
        else _("This entry is private again: your coach no longer sees it."),
    )
    return redirect("practice_entry", public_id=public_id, entry_id=entry_id)


@stays_theirs
@login_required
@require_POST
def practice_entry_comment(request: AuthedRequest, public_id: UUID, entry_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_write(Part.PRACTICE_SHARED)
    entry = _entry(pa, entry_id)
    if not entry.shared:
        raise Http404  # the owner's own unshared entry: comments are the coach's answer to a shared one
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                author=request.user,
                text=form.cleaned_data["text"],
                entry=entry,
                engagement=pa.engagement,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        context = _base(
            pa,
            form=EntryForm(initial=_entry_form_initial(entry)),
            entry=entry,
            admitting=ADMITTING,
            comments=selectors.entry_with_comments(entry),
            comment_form=form,
            comment_on=entry.public_id,
            blank_comment=CommentForm(),
        )
        return render(request, "practice/entry.html", context, status=400)
    messages.success(request, _("Your comment is added."))
    return redirect("practice_entry", public_id=public_id, entry_id=entry_id)


# --- step 11: mindfulness --------------------------------------------------------------------


def _mindfulness_page(
    request: AuthedRequest, pa: PracticeAccess, checkin_form: CheckInForm, minutes_form: MinutesForm, status: int
) -> HttpResponse:
    today = _today()
    context = _base(
        pa,
        checkin_form=checkin_form,
        minutes_form=minutes_form,
        counts=selectors.counts(pa.owner),
        charts=[
            chart
            for chart in (
                selectors.emotions_by_trigger_chart(pa.owner),
                selectors.chosen_vs_reacted_chart(pa.owner, today=today),
                selectors.minutes_chart(pa.owner, today=today),
            )
            if chart
        ],
        checkins=selectors.recent(MindfulnessCheckIn, pa.owner) if pa.reads_private else [],
        minutes=selectors.recent(PracticeMinutes, pa.owner) if pa.reads_private else [],
    )
    return render(request, "practice/mindfulness.html", context, status=status)


@stays_theirs
@login_required
def practice_mindfulness(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        pa.require_owner()
        if form.is_valid():
            data = form.cleaned_data
            values = services.CheckInValues(**{k: v for k, v in data.items() if k != "token"})
            try:
                services.checkin_add(owner=pa.owner, values=values, today=_today(), token=data["token"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your check-in is saved."))
                return redirect("practice_mindfulness", public_id=public_id)
    return _mindfulness_page(request, pa, form, MinutesForm(auto_id="minutes_%s"), form_status(form))


@stays_theirs
@login_required
@require_POST
def practice_minutes_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_owner()
    form = MinutesForm(request.POST, auto_id="minutes_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_add(
                owner=pa.owner,
                on_date=data["on_date"],
                minutes=data["minutes"],
                note=data["note"],
                today=_today(),
                token=data["token"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your practice minutes are saved."))
            return redirect("practice_mindfulness", public_id=public_id)
    return _mindfulness_page(request, pa, CheckInForm(), form, 400)


# --- step 12: carrying the message -----------------------------------------------------------


@stays_theirs
@login_required
def practice_teaching(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    form = TeachingForm(request.POST or None)
    if request.method == "POST":
        pa.require_owner()
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.teaching_add(
                    owner=pa.owner,
                    on_date=data["on_date"],
                    person=data["person"],
                    shared=data["shared"],
                    today=_today(),
                    token=data["token"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved: thank you for carrying the message."))
                return redirect("practice_teaching", public_id=public_id)
    context = _base(
        pa,
        form=form,
        counts=selectors.counts(pa.owner),
        chart=selectors.teaching_chart(pa.owner, today=_today()),
        log=selectors.recent(Teaching, pa.owner, limit=50) if pa.reads_private else [],
    )
    return render(request, "practice/teaching.html", context, status=form_status(form))


# --- deleting -------------------------------------------------------------------------------


def _owned(pa: PracticeAccess, model: type[Any], public_id: UUID) -> Any:
    """One of the owner's own lines (a check-in, minutes, a teaching line); only the owner asks."""
    try:
        line = model._default_manager.get(owner=pa.owner, public_id=public_id)
    except model.DoesNotExist:
        raise Http404 from None
    pa.require_owner()
    return line


def _delete_page(
    request: AuthedRequest, pa: PracticeAccess, *, what: str, detail: str, back: str, delete: Any, done: str
) -> HttpResponse:
    """The confirmation page (GET) and the deletion (POST) of one line of the owner's record."""
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(back)
    return render(request, "practice/delete.html", _base(pa, what=what, detail=detail, back=back))


@stays_theirs
@login_required
def practice_entry_delete(request: AuthedRequest, public_id: UUID, entry_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    entry = _entry(pa, entry_id)
    pa.require_owner()
    day = formats.date_format(entry.entry_date, "j F Y")
    n = entry.comments.count()
    detail = _("It goes for good, with its comments (%(n)s).") % {"n": n}
    if entry.shared:
        detail += " " + _("It is shared: your coach will no longer see it.")
    return _delete_page(
        request,
        pa,
        what=_("Your journal entry of %(day)s") % {"day": day},
        detail=detail,
        back=reverse("practice_journal", args=[public_id]),
        delete=lambda: services.journal_entry_delete(entry=entry),
        done=_("The entry of %(day)s is deleted.") % {"day": day},
    )


def _line_delete(request: AuthedRequest, public_id: UUID, model: type[Any], line_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    line = _owned(pa, model, line_id)
    day = formats.date_format(line.on_date, "j F Y")
    if model is MindfulnessCheckIn:
        what = _("Your check-in of %(day)s (%(emotion)s)") % {
            "day": day,
            "emotion": line.own_words or line.get_emotion_display(),
        }
        back = reverse("practice_mindfulness", args=[public_id])
    elif model is PracticeMinutes:
        what = _("Your %(n)s minutes of practice on %(day)s") % {"n": line.minutes, "day": day}
        back = reverse("practice_mindfulness", args=[public_id])
    else:
        what = _("The line of %(day)s: %(person)s") % {"day": day, "person": line.person}
        back = reverse("practice_teaching", args=[public_id])
    return _delete_page(
        request,
        pa,
        what=what,
        detail=_("It goes for good; the counts and charts leave it out."),
        back=back,
        delete=lambda: services.record_line_delete(line=line),
        done=_("Deleted."),
    )


@stays_theirs
@login_required
def practice_checkin_delete(request: AuthedRequest, public_id: UUID, line_id: UUID) -> HttpResponse:
    return _line_delete(request, public_id, MindfulnessCheckIn, line_id)


@stays_theirs
@login_required
def practice_minutes_delete(request: AuthedRequest, public_id: UUID, line_id: UUID) -> HttpResponse:
    return _line_delete(request, public_id, PracticeMinutes, line_id)


@stays_theirs
@login_required
def practice_teaching_delete(request: AuthedRequest, public_id: UUID, line_id: UUID) -> HttpResponse:
    return _line_delete(request, public_id, Teaching, line_id)


# --- mail notices ----------------------------------------------------------------------------


@stays_theirs
@login_required
def practice_notices(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Each person's own switches: the executive's mail on comments, the coach's on shares."""
    pa = practice_access(request.user, public_id)
    preferences = services.preferences_of(request.user)
    form = NoticesForm(
        request.POST if request.method == "POST" else None,
        owner=pa.is_owner,
        initial={"mail_comments": preferences.mail_comments, "mail_shares": preferences.mail_shares},
    )
    if request.method == "POST" and form.is_valid():
        services.notices_save(
            person=request.user,
            mail_comments=form.cleaned_data.get("mail_comments"),
            mail_shares=form.cleaned_data.get("mail_shares"),
        )
        messages.success(request, _("Your choice of mails is saved."))
        return redirect("practice_notices", public_id=public_id)
    return render(request, "practice/notices.html", _base(pa, form=form), status=form_status(form))


# --- export ----------------------------------------------------------------------------------


@stays_theirs
@login_required
def practice_export_pdf(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_read(Part.PRACTICE_PRIVATE)
    today = _today()
    record = export.record(pa.owner, today=today)
    charts = [
        chart
        for chart in (
            selectors.emotions_by_trigger_chart(pa.owner),
            selectors.chosen_vs_reacted_chart(pa.owner, today=today),
            selectors.minutes_chart(pa.owner, today=today),
            selectors.teaching_chart(pa.owner, today=today),
        )
        if chart
    ]
    return pdf_response(
        request, "practice/export_pdf.html", _base(pa, record=record, charts=charts), "practice-record.pdf"
    )


@stays_theirs
@login_required
def practice_export_json(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pa = practice_access(request.user, public_id)
    pa.require_read(Part.PRACTICE_PRIVATE)
    response = JsonResponse(
        export.as_json(pa.owner, today=_today()), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = 'attachment; filename="practice-record.json"'
    return response
