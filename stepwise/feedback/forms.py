"""Forms of the coach's and the executive's side of a 360 round."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Stakeholder
from stepwise.lib.forms import TOO_LONG
from stepwise.lib.once import OneTimeTokenForm
from stepwise.plans.models import Goal

from .models import RATER_GROUPS, Questionnaire

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
GROUP_CHOICES = [("", _("as their relationship says")), *[(group.value, group.label) for group in RATER_GROUPS]]
UNKNOWN_GROUP = _("Choose manager, peers, direct reports or others.")


class RoundCreateForm(OneTimeTokenForm):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("360 feedback"), error_messages=TOO_LONG)
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=Questionnaire.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose a questionnaire. A practice admin can add one if none is listed."),
            "invalid_choice": _("Choose one of the questionnaires listed."),
        },
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("The executive's goals to ask about"),
        help_text=_("Each goal ticked becomes a question: “How effective is … at …?”"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
        error_messages={
            "invalid_choice": _("Choose among the goals listed."),
            "invalid_pk_value": _("Choose among the goals listed."),
        },
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)

    def __init__(self, *args: Any, goals: QuerySet[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(kind=Questionnaire.Kind.FEEDBACK_360)  # type: ignore[attr-defined]
        self.fields["goals"].queryset = goals  # type: ignore[attr-defined]


class NominateForm(forms.Form):
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Key stakeholders to ask"),
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
        error_messages={
            "required": _("Tick at least one person to ask."),
            "invalid_choice": _("Choose among this engagement's key stakeholders listed here."),
            "invalid_pk_value": _("Choose among this engagement's key stakeholders listed here."),
        },
    )
    group = forms.ChoiceField(
        label=_("Group"), choices=GROUP_CHOICES, required=False, error_messages={"invalid_choice": UNKNOWN_GROUP}
    )

    def __init__(self, *args: Any, stakeholders: QuerySet[Stakeholder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = stakeholders  # type: ignore[attr-defined]
        self.fields["stakeholders"].label_from_instance = lambda s: f"{s.name} ({s.get_relationship_display()})"  # type: ignore[attr-defined]


class NewRaterForm(OneTimeTokenForm):
    name = forms.CharField(label=_("Name"), max_length=150, error_messages=TOO_LONG)
    email = forms.EmailField(label=_("Email"))
    relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=Stakeholder.Relationship.choices,
        error_messages={"invalid_choice": _("Choose manager, peer, direct report or other.")},
    )
    group = forms.ChoiceField(
        label=_("Group"), choices=GROUP_CHOICES, required=False, error_messages={"invalid_choice": UNKNOWN_GROUP}
    )


class RevisionForm(forms.Form):
    """A button acting on the round as the page showed it."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class ExtendForm(RevisionForm):
    closes_on = forms.DateField(label=_("New closing date"), widget=DATE)
