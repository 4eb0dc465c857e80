"""Forms of the practice steps 7–9: the development list, the follow-ups, the pulse."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Stakeholder
from stepwise.lib.forms import TOO_LONG
from stepwise.lib.once import OneTimeTokenForm
from stepwise.plans.models import Goal

from .models import RoundItem

FOLLOW_UP_TEXT_MAX = 5000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DevelopmentItemForm(OneTimeTokenForm):
    text = forms.CharField(
        label=_("What others experience, and what you want to make right"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Describe the behaviour as others receive it, and what you want to make right."),
            **TOO_LONG,
        },
    )
    goal = forms.ModelChoiceField(
        label=_("The coaching goal it belongs to"),
        queryset=Goal.objects.none(),
        empty_label=_("Choose a goal"),
        error_messages={
            "required": _("Choose the coaching goal this belongs to."),
            "invalid_choice": _("Choose one of your coaching goals."),
        },
    )
    item = forms.ModelChoiceField(
        label=_("The 360 question it comes from (optional)"),
        queryset=RoundItem.objects.none(),
        required=False,
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a question of one of your 360 rounds, or none.")},
    )
    as_key_action = forms.BooleanField(label=_("Also add it to the goal's key actions"), required=False)
    target_date = forms.DateField(
        label=_("Target completion date of the key action (optional)"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("Enter a date, for example 2027-05-31.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, goals: QuerySet[Goal], items: QuerySet[RoundItem] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        if items is None:
            del self.fields["item"]
        else:
            self.fields["item"].queryset = items  # type: ignore[attr-defined]
            self.fields["item"].label_from_instance = lambda item: item.text  # type: ignore[attr-defined]


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, take this item off my development list"),
        error_messages={"required": _("Tick the box to confirm: the item is removed for good.")},
    )


class FollowUpForm(forms.Form):
    met_on = forms.DateField(
        label=_("Date of the meeting"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date you met."),
            "invalid": _("Enter a date, for example 2027-05-31."),
        },
    )
    thanked = forms.BooleanField(label=_("I thanked them sincerely for their anonymous feedback"), required=False)
    shared = forms.CharField(
        label=_("The key things I heard in the aggregated results, as I shared them"),
        required=False,
        max_length=FOLLOW_UP_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=TOO_LONG,
    )
    actions = forms.CharField(
        label=_("The actions we discussed, to strengthen or eliminate certain behaviours"),
        required=False,
        max_length=FOLLOW_UP_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=TOO_LONG,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)


CADENCES = (
    (7, _("every week")),
    (14, _("every two weeks")),
    (30, _("every month")),
    (60, _("every two months")),
    (91, _("every quarter")),
)


class PulseForm(forms.Form):
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Whom to ask"),
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose among your peers and direct reports."),
            "invalid_pk_value": _("Choose among your peers and direct reports."),
            "invalid_list": _("Choose among your peers and direct reports."),
        },
    )
    every_days = forms.TypedChoiceField(
        label=_("How often"),
        choices=CADENCES,
        coerce=int,
        initial=30,
        error_messages={"invalid_choice": _("Choose how often the question is sent.")},
    )
    next_send_on = forms.DateField(
        label=_("Next sending on"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("Enter a date, for example 2027-05-31.")},
    )
    active = forms.BooleanField(label=_("Keep sending it"), required=False, initial=True)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args: Any, stakeholders: QuerySet[Stakeholder], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = stakeholders  # type: ignore[attr-defined]
