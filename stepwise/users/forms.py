import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        choices=[(tz, tz) for tz in TIME_ZONES],
        initial="UTC",
        help_text=_("Session times are shown to you in this zone."),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("The password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            # An existing account joins a new engagement: no new password is needed.
            del self.fields["password1"]
            del self.fields["password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "password1" in self.fields and data.get("password1"):
            if data.get("password1") != data.get("password2"):
                self.add_error("password2", _("The two passwords differ. Type the same password twice."))
            else:
                try:
                    validate_password(data["password1"], self.user)
                except ValidationError as error:
                    self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm[User]):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=[(tz, tz) for tz in TIME_ZONES])

    class Meta:
        model = User
        fields = ["full_name", "time_zone"]
