"""Step 5: the calendar feed, a session's .ics, and each person's reminder preferences."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from stepwise.engagements.access import Part, engagement_access
from stepwise.lib.forms import add_errors, form_status
from stepwise.lib.http import AuthedRequest

from .. import calendar as cal
from ..models import Preferences, Session
from ..services.reminders import preferences_save

CALENDAR_TYPE = "text/calendar; charset=utf-8"

WEEKDAYS = [
    ("1", gettext_lazy("Monday")),
    ("2", gettext_lazy("Tuesday")),
    ("3", gettext_lazy("Wednesday")),
    ("4", gettext_lazy("Thursday")),
    ("5", gettext_lazy("Friday")),
    ("6", gettext_lazy("Saturday")),
    ("7", gettext_lazy("Sunday")),
]


@never_cache
def calendar_feed(request: HttpRequest, feed_id: UUID, token: str) -> HttpResponse:
    """The private feed calendar apps subscribe to: no sign-in, the address is the key."""
    user = cal.feed_owner(feed_id=feed_id, token=token)
    if user is None:
        raise Http404
    response = HttpResponse(cal.feed_ics(user), content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = 'inline; filename="stepwise.ics"'
    return response


@login_required
def session_ics(request: AuthedRequest, public_id: UUID, session_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.SESSIONS)
    session = get_object_or_404(
        Session.objects.select_related("engagement"), engagement=access.engagement, public_id=session_id
    )
    response = HttpResponse(cal.session_ics(session, user=request.user), content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="session-{session.starts_at:%Y-%m-%d}.ics"'
    return response


class PreferencesForm(forms.Form):
    remind_sessions = forms.BooleanField(label=gettext_lazy("Remind me before each session"), required=False)
    session_lead_hours = forms.IntegerField(
        label=gettext_lazy("How many hours before a session"),
        min_value=1,
        max_value=168,
        help_text=gettext_lazy("From 1 to 168 (one week)."),
        error_messages={
            "required": gettext_lazy("Enter a number of hours from 1 to 168."),
            "invalid": gettext_lazy("Enter a whole number of hours from 1 to 168."),
            "min_value": gettext_lazy("Enter at least 1 hour (and at most 168)."),
            "max_value": gettext_lazy("Enter at most 168 hours (one week); for less notice choose a smaller number."),
        },
    )
    remind_checkins = forms.BooleanField(
        label=gettext_lazy("Remind me when a check-in on my key actions is due"),
        help_text=gettext_lazy(
            "For executives: two days before a session when you have not checked in since the last one."
        ),
        required=False,
    )
    remind_overdue = forms.BooleanField(
        label=gettext_lazy("Tell me once a week about key actions past their target date"),
        help_text=gettext_lazy("For executives."),
        required=False,
    )
    working_days = forms.MultipleChoiceField(
        label=gettext_lazy("My working days"),
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The days that count as business days when a reply to a message is due."),
        error_messages={"required": gettext_lazy("Tick at least one working day.")},
    )

    @classmethod
    def initial_from(cls, preferences: Preferences) -> dict[str, object]:
        return {
            "remind_sessions": preferences.remind_sessions,
            "session_lead_hours": preferences.session_lead_hours,
            "remind_checkins": preferences.remind_checkins,
            "remind_overdue": preferences.remind_overdue,
            "working_days": sorted(str(day) for day in preferences.working_weekdays),
        }


def _feed_action(request: AuthedRequest, action: str) -> None:
    """The calendar-feed buttons: on, a new address, off."""
    if action == "feed_on":
        cal.feed_enable(user=request.user)
        messages.success(request, _("Your calendar feed is on. Copy its address below into your calendar app."))
    elif action == "feed_revoke":
        try:
            current = UUID(request.POST.get("feed_id", ""))
        except ValueError:
            current = None
        cal.feed_revoke(user=request.user, current=current)
        messages.success(
            request,
            _("Your feed has a new address; the old one no longer works. Subscribe again with the address below."),
        )
    else:
        cal.feed_disable(user=request.user)
        messages.success(request, _("Your calendar feed is off. Remove the Stepwise calendar from your calendar app."))


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    stored = Preferences.objects.for_user(request.user)
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if action in ("feed_on", "feed_revoke", "feed_off"):
        _feed_action(request, action)
        return redirect("preferences")
    form = PreferencesForm(request.POST or None, initial=PreferencesForm.initial_from(stored))
    if action == "save" and form.is_valid():
        data = form.cleaned_data
        try:
            preferences_save(
                user=request.user,
                remind_sessions=data["remind_sessions"],
                session_lead_hours=data["session_lead_hours"],
                remind_checkins=data["remind_checkins"],
                remind_overdue=data["remind_overdue"],
                working_days=[int(day) for day in data["working_days"]],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("preferences")
    feed_url = cal.feed_url(stored.feed_id) if stored.feed_id else ""
    context = {
        "form": form,
        "preferences": stored,
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
        "time_zone": request.user.time_zone,
    }
    return render(request, "meetings/preferences.html", context, status=form_status(form))
