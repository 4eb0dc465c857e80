from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepwise.lib.once import OneTimeTokenForm
from stepwise.users.models import User

from .models import Engagement, Organisation, Participant, Stakeholder, Step


class OrganisationForm(OneTimeTokenForm, forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["name"]

    def validate_unique(self) -> None:
        """Left to the service, after the one-time token: a repeat of the form that added the
        organisation is not "a duplicate" but the same request, answered as the first was."""


class EngagementCreateForm(OneTimeTokenForm):
    organisation = forms.ModelChoiceField(
        label=_("Client organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("— choose, or name a new one below —"),
    )
    new_organisation = forms.CharField(label=_("…or a new organisation"), max_length=200, required=False)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("For example “Leadership presence, 2027”.")
    )
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_months = forms.IntegerField(label=_("Planned length (months)"), min_value=1, max_value=36, initial=6)
    executive_name = forms.CharField(label=_("Executive's full name"), max_length=150)
    executive_email = forms.EmailField(label=_("Executive's email"))
    sponsor_name = forms.CharField(label=_("Sponsor's full name"), max_length=150, required=False)
    sponsor_email = forms.EmailField(
        label=_("Sponsor's email"),
        required=False,
        help_text=_("The HR partner or the executive's manager. You can add more sponsors later."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not (data.get("new_organisation") or "").strip():
            self.add_error("organisation", _("Choose the client organisation, or type the name of a new one."))
        if data.get("sponsor_email") and not (data.get("sponsor_name") or "").strip():
            self.add_error("sponsor_name", _("Give the sponsor's name too, so the invitation greets them."))
        if (
            data.get("sponsor_email")
            and data.get("sponsor_email", "").lower() == (data.get("executive_email") or "").lower()
        ):
            self.add_error("sponsor_email", _("The sponsor needs an address of their own, not the executive's."))
        start = data.get("start_date")
        if isinstance(start, date) and start.year < 2000:
            self.add_error("start_date", _("Check the year of the start date."))
        return data


class InviteForm(OneTimeTokenForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Participant.Role.choices, initial=Participant.Role.SPONSOR)


class StakeholderForm(OneTimeTokenForm, forms.ModelForm[Stakeholder]):
    """Adds a stakeholder (``token``) or changes one (``revision``, the stale-edit check)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = Stakeholder
        fields = ["name", "email", "relationship"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["revision"].initial = self.instance.revision
            self.fields["token"].required = False

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("name", "email", "relationship")}


class StepForm(forms.Form):
    step = forms.TypedChoiceField(
        label=_("Current step"),
        choices=[("", _("Follow what has been done")), *Step.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class EngagementFactsForm(forms.ModelForm[Engagement]):
    # The stale-edit check; the page always sends it (a request without it is not compared).
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = Engagement
        fields = ["title", "start_date", "planned_months", "status"]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.revision
        # Closing is its own act, with its confirmation and checks (the "Close the engagement" page).
        status = self.fields["status"]
        status.choices = [c for c in status.choices if c[0] != Engagement.Status.CLOSED]  # type: ignore[attr-defined]


class ReassignCoachForm(forms.Form):
    new_coach = forms.ModelChoiceField(
        label=_("New coach"),
        queryset=User.objects.filter(is_coach=True, is_active=True),
        error_messages={"invalid_choice": _("Choose one of the practice's coaches listed.")},
    )

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        coaches = User.objects.filter(is_coach=True, is_active=True).exclude(pk=engagement.coach_id)
        self.fields["new_coach"].queryset = coaches  # type: ignore[attr-defined]  # a ModelChoiceField
