from django import forms
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement


class HomeSearchForm(forms.Form):
    """The home list's search box and status filter (a GET form: the page's address keeps them)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Title, organisation, coach or executive."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any status")), *Engagement.Status.choices]
    )
