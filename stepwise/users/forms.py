import functools
from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User, known_time_zones, validate_time_zone


@functools.cache
def time_zones_offered() -> tuple[str, ...]:
    """The zones a person picks from: the tz database's place names (Europe/Berlin) and UTC.
    Older aliases (US/Eastern, Etc/GMT+5) are still accepted when typed, only not listed."""
    hidden = ("Etc/", "SystemV/", "US/")
    places = sorted(zone for zone in known_time_zones() if "/" in zone and not zone.startswith(hidden))
    return (*places, "UTC")


@functools.cache
def _zones_by_lower_case() -> dict[str, str]:
    return {zone.lower(): zone for zone in known_time_zones()}


class TimeZoneInput(forms.TextInput):
    """A text box with a list of zones to search as one types (``<input list>`` and its
    ``<datalist>``), usable with the keyboard and on a phone like any text box."""

    template_name = "users/widgets/time_zone.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id') or 'id_' + name}-zones"
        context["time_zones"] = time_zones_offered()
        return context


class TimeZoneField(forms.CharField):
    """A time zone by its IANA name, searchable as one types, checked against the tz database.

    A widget with the ``data-time-zone-from-browser`` attribute is filled in with the zone the
    person's browser runs in by ``static/js/time_zone.js`` (which the page loads); the person
    can change it before sending.
    """

    widget = TimeZoneInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("validators", [validate_time_zone])
        kwargs.setdefault("error_messages", {"required": _("Choose your time zone, for example Europe/London.")})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        # "europe/berlin" is Europe/Berlin: the names are case-sensitive on disk, not for people.
        return _zones_by_lower_case().get(text.lower(), text)


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    time_zone = TimeZoneField(
        label=_("Your time zone"),
        initial="UTC",
        help_text=_("Session times are shown to you in this zone. Type a city to search, for example Berlin."),
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
        if not self.is_bound and not user.has_usable_password():
            # A new account starts in the zone its browser runs in (the person may change it);
            # an existing account keeps its own, and a form sent back keeps what was chosen.
            self.fields["time_zone"].widget.attrs["data-time-zone-from-browser"] = ""
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
    time_zone = TimeZoneField(
        label=_("Time zone"), help_text=_("Type a city to search, for example Berlin or New York.")
    )

    class Meta:
        model = User
        fields = ["full_name", "time_zone"]
