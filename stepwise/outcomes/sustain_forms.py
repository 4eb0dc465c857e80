"""Forms of the sustain plan, the close and the retention setting (lane "close")."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stepwise.lib.once import OneTimeTokenForm


class KeepDoingForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    keep_doing = forms.CharField(
        label=_("What I keep doing"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The habits and actions that made the difference, and when you will do them."),
    )


class CheckInAddForm(OneTimeTokenForm):
    due_on = forms.DateField(
        label=_("Check-in date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date, for example 2027-09-30.")},
    )
    focus = forms.CharField(label=_("What to look at (optional)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "checkin")
        super().__init__(*args, **kwargs)


class ChangeForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    answer = forms.CharField(
        label=_("What changes?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), required=True
    )


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the engagement becomes read-only, except its sustain plan and its mini-surveys."),
        error_messages={"required": _("Tick the box to confirm the close.")},
    )


class RetentionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    retention_days = forms.IntegerField(
        label=_("Keep coaching content for (days after the close)"),
        min_value=1,
        max_value=36500,
        error_messages={
            "min_value": _("Keep the content at least one day after the close."),
            "max_value": _("At most 36,500 days (100 years)."),
            "invalid": _("Give a whole number of days, for example 730."),
        },
    )
