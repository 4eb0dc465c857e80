"""The ROI's forms: a benefit, an estimate of it, a cost. Each creates once (a one-time token) and
edits against the revision it was drawn at (two editors never overwrite each other)."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from stepwise.lib.forms import TOO_LONG
from stepwise.lib.once import OneTimeTokenForm
from stepwise.plans.models import Measure

from .models import Benefit, Cost, Estimate

NOT_NEGATIVE = _("Give 0 or more: a value is never negative.")
PERCENT = _("Give a percentage from 0 to 100.")


def _money(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={"min_value": NOT_NEGATIVE},
        **kwargs,
    )


def _percent(label: Any, help_text: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={"min_value": PERCENT, "max_value": PERCENT},
    )


class _Edited(OneTimeTokenForm):
    """A create form's token, or an edit form's revision."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, revision: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if revision is not None:
            self.fields["revision"].initial = revision


class BenefitForm(_Edited):
    description = forms.CharField(
        label=_("Benefit"),
        max_length=300,
        error_messages=TOO_LONG,
        help_text=_("The sponsor reads the ROI: write nothing here that the agreement keeps from them."),
    )
    measure = forms.ModelChoiceField(
        label=_("Measure it comes from"),
        queryset=Measure.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    intangible = forms.BooleanField(
        label=_("Intangible: list it, never convert it to money"),
        required=False,
        help_text=_("For example a stronger team climate, or better decisions under pressure."),
    )

    def __init__(self, *args: Any, measures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["measure"])
        field.queryset = measures
        field.to_field_name = "public_id"

    @classmethod
    def initial_of(cls, benefit: Benefit) -> dict[str, Any]:
        measure = benefit.measure.public_id if benefit.measure else None
        return {"description": benefit.description, "measure": measure, "intangible": benefit.intangible}


class EstimateForm(_Edited):
    estimator = forms.ChoiceField(label=_("Estimated by"), choices=Estimate.Estimator.choices)
    annual_value = _money(_("Value in the first year"), help_text=_("Money, per year."))
    share_percent = _percent(
        _("Share from the coaching (%)"),
        _("How much of this benefit came from the coaching rather than anything else."),
    )
    confidence_percent = _percent(_("Confidence in this estimate (%)"), _("How sure the estimator is of it."))
    supported = forms.BooleanField(
        label=_("Supported by evidence"),
        required=False,
        help_text=_("Figures, records or a named source back it up. An unsupported estimate counts as zero."),
    )
    basis = forms.CharField(
        label=_("How it was estimated"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages=TOO_LONG,
    )

    def __init__(self, *args: Any, estimators: list[str], choose: bool = True, **kwargs: Any) -> None:
        """``estimators``: whom this estimate may be by; ``choose``: whether the person picks (the
        coach does; the executive and the sponsor estimate as themselves, with no field)."""
        super().__init__(*args, **kwargs)
        self.estimators = estimators
        if not choose or not estimators:
            del self.fields["estimator"]
            return
        field = cast(forms.ChoiceField, self.fields["estimator"])
        field.choices = [(value, label) for value, label in Estimate.Estimator.choices if value in estimators]

    def chosen_estimator(self) -> str:
        return str(self.cleaned_data.get("estimator") or (self.estimators or [""])[0])

    @classmethod
    def initial_of(cls, estimate: Estimate) -> dict[str, Any]:
        return {
            name: getattr(estimate, name)
            for name in ("estimator", "annual_value", "share_percent", "confidence_percent", "supported", "basis")
        }

    def values(self) -> dict[str, Any]:
        names = ("annual_value", "share_percent", "confidence_percent", "supported", "basis")
        return {name: self.cleaned_data[name] for name in names}


class CostForm(_Edited):
    kind = forms.ChoiceField(label=_("Kind of cost"), choices=Cost.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False, error_messages=TOO_LONG)
    amount = _money(_("Amount"), required=False, help_text=_("For fees, assessments, administration and other costs."))
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        error_messages={"min_value": NOT_NEGATIVE},
        help_text=_("For time: the hours the executive or the stakeholders spent."),
    )
    hourly_rate = _money(
        _("Loaded hourly rate"), required=False, help_text=_("For time: salary with benefits and overheads, per hour.")
    )

    @classmethod
    def initial_of(cls, cost: Cost) -> dict[str, Any]:
        return {name: getattr(cost, name) for name in ("kind", "description", "amount", "hours", "hourly_rate")}

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("kind", "description", "amount", "hours", "hourly_rate")}
