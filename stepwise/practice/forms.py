from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepwise.lib.forms import TOO_LONG
from stepwise.lib.once import OneTimeTokenForm

from .models import (
    INTENSITY_MAX,
    LINE_MAX,
    MINUTES_IN_A_DAY,
    TEXT_MAX,
    Admitted,
    Cadence,
    Emotion,
    MarkKind,
    Reminder,
    Response,
    Trigger,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label: "StrOrPromise") -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        initial=timezone.localdate,
        error_messages={"required": _("Give the date."), "invalid": _("Give a date such as 2027-03-01.")},
    )


def _text(label: "StrOrPromise", *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={**TOO_LONG, "required": _("This cannot be empty.")},
    )


def _line(label: "StrOrPromise", *, required: bool = False, max_length: int = LINE_MAX) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={**TOO_LONG, "required": _("This cannot be empty.")},
    )


class MarkForm(OneTimeTokenForm):
    step = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(label=_("Mark this step as"), choices=MarkKind.choices)
    why = _line(_("Why (a line)"))


class CommentForm(OneTimeTokenForm):
    text = _text(_("Your comment"), rows=2)


class EntryForm(OneTimeTokenForm):
    entry = forms.UUIDField(widget=forms.HiddenInput, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    cadence = forms.ChoiceField(
        label=_("This entry is for"),
        choices=[
            (Cadence.DAILY, _("a day")),
            (Cadence.WEEKLY, _("a week")),
        ],
        widget=forms.RadioSelect,
        initial=Cadence.DAILY,
    )
    entry_date = _date_field(_("Day (for a week: any day in it)"))
    went_well = _text(_("What went well?"))
    where_wrong = _text(_("Where was I wrong?"))
    admitted = forms.ChoiceField(
        label=_("Did I admit it promptly?"), choices=Admitted.choices, widget=forms.RadioSelect, required=False
    )
    admitted_to = _line(_("To whom?"))
    differently = _text(_("What will I do differently?"))


class PreferencesForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    cadence = forms.ChoiceField(label=_("I keep my journal"), choices=Cadence.choices)
    reminder = forms.ChoiceField(label=_("Remind me"), choices=Reminder.choices)
    reminder_hour = forms.TypedChoiceField(
        label=_("At (my time)"), coerce=int, choices=[(h, f"{h:02d}:00") for h in range(24)]
    )
    reminder_weekday = forms.TypedChoiceField(
        label=_("On (weekly reminders)"),
        coerce=int,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )


class CheckInForm(OneTimeTokenForm):
    on_date = _date_field(_("Date"))
    emotion = forms.ChoiceField(label=_("What I felt"), choices=Emotion.choices)
    own_words = _line(_("In my own words"), max_length=80)
    intensity = forms.IntegerField(
        label=_("Intensity (1–10)"),
        min_value=1,
        max_value=INTENSITY_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Give the intensity from 1 to 10."),
            "invalid": _("Give the intensity as a whole number from 1 to 10."),
            "min_value": _("Give the intensity from 1 to 10."),
            "max_value": _("Give the intensity from 1 to 10."),
        },
    )
    trigger = forms.ChoiceField(label=_("What triggered it"), choices=Trigger.choices)
    trigger_note = _line(_("What happened (optional)"))
    response = forms.ChoiceField(label=_("My response was"), choices=Response.choices, widget=forms.RadioSelect)
    paused = forms.BooleanField(label=_("I paused before responding"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response"].error_messages["required"] = _("Say whether you chose your response or reacted.")


def _minutes_messages() -> dict[str, Any]:
    message = _("Give the minutes of practice: more than 0 and at most 1440 (a day).")
    return {"required": message, "invalid": message, "min_value": message, "max_value": message}


class MinutesForm(OneTimeTokenForm):
    on_date = _date_field(_("Date"))
    minutes = forms.IntegerField(
        label=_("Minutes of practice"),
        min_value=1,
        max_value=MINUTES_IN_A_DAY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages=_minutes_messages(),
    )
    note = _line(_("Practice (optional)"))


class TeachingForm(OneTimeTokenForm):
    on_date = _date_field(_("Date"))
    person = _line(_("Whom I taught or mentored"), required=True)
    shared = _text(_("What I shared"), required=True)


class NoticesForm(forms.Form):
    """The practice's mails a person wants: the executive's (``owner``) or their coach's."""

    mail_comments = forms.BooleanField(label=_("Mail me when my coach comments on an entry or a mark"), required=False)
    mail_shares = forms.BooleanField(
        label=_("Mail me when the executive shares a journal entry (at most one mail an hour) or answers a comment"),
        required=False,
    )

    def __init__(self, *args: Any, owner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["mail_shares" if owner else "mail_comments"]
