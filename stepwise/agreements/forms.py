from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stepwise.lib.once import OneTimeTokenForm

from .models import Agreement, AgreementTemplate

LIST_HELP = _("One item per line.")


class AgreementForm(forms.ModelForm[Agreement]):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Agreement
        fields = list(Agreement.CONTENT_FIELDS)
        widgets = {
            "context": forms.Textarea(attrs={"rows": 4}),
            "executive_commitments": forms.Textarea(attrs={"rows": 14}),
            "coach_commitments": forms.Textarea(attrs={"rows": 12}),
            "coach_summary": forms.Textarea(attrs={"rows": 6}),
            "stakeholder_responsibilities": forms.Textarea(attrs={"rows": 5}),
            "rules_of_engagement": forms.Textarea(attrs={"rows": 5}),
            "confidentiality": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "executive_commitments",
            "coach_commitments",
            "coach_summary",
            "stakeholder_responsibilities",
            "rules_of_engagement",
            "confidentiality",
        ):
            self.fields[name].help_text = LIST_HELP
        if self.instance.pk and not self.is_bound:
            self.fields["revision"].initial = self.instance.revision

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("later_sessions_per_month_min"), data.get("later_sessions_per_month_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "later_sessions_per_month_max", _("The most sessions per month cannot be fewer than the least.")
            )
        for name in ("executive_commitments", "coach_commitments"):
            if name in data and not str(data[name]).strip():
                self.add_error(name, _("An agreement needs at least one commitment here."))
        return data


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Type your full name to sign"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, signer_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signer_name:
            # Said before they type, so nobody learns the rule from a refusal.
            self.fields["typed_name"].help_text = _("Type your name as it appears on your account: %(name)s.") % {
                "name": signer_name
            }


class StartForm(OneTimeTokenForm):
    template = forms.ModelChoiceField(
        label=_("Start from"), queryset=AgreementTemplate.objects.all(), to_field_name="public_id", required=False
    )
