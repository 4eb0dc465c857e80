"""Forms of step 7: planning a mini-survey."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Stakeholder
from stepwise.lib.once import OneTimeTokenForm

OTHER = "other"


class MiniSurveyForm(OneTimeTokenForm):
    """When the mini-survey goes (one of the offered points, or a date of the coach's) and whom it asks."""

    when = forms.ChoiceField(
        label=_("When it goes"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose when the mini-survey goes."),
            "invalid_choice": _("Choose one of the dates."),
        },
    )
    opens_on = forms.DateField(
        label=_("Another date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Used when you choose “another date” above."),
        error_messages={"invalid": _("Enter a date, for example 2027-05-31.")},
    )
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Whom it asks"),
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The same stakeholders as the 360: those of the last closed 360 are ticked."),
        error_messages={
            "required": _("Tick at least one stakeholder to ask."),
            "invalid_choice": _("Choose among this engagement's stakeholders."),
            "invalid_pk_value": _("Choose among this engagement's stakeholders."),
        },
    )

    def __init__(
        self, *args: Any, points: list[tuple[date, str]], stakeholders: QuerySet[Stakeholder], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(day.isoformat(), f"{label} ({formats.date_format(day, 'j F Y')})") for day, label in points]
        self.fields["when"].choices = [*choices, (OTHER, _("Another date"))]  # type: ignore[attr-defined]
        self.fields["stakeholders"].queryset = stakeholders  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        when = data.get("when")
        if when == OTHER:
            if data.get("opens_on") is None and "opens_on" not in self.errors:
                self.add_error("opens_on", _("Enter the date the mini-survey goes."))
        elif when:
            data["opens_on"] = date.fromisoformat(when)
        return data


class CancelForm(forms.Form):
    """A button only: taking a planned mini-survey off the schedule."""
