"""The goal page is one form: the deep dive, the five lists, resources, key actions and measures,
saved together under one revision so two people editing at once never overwrite each other."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepwise.lib.forms import TOO_LONG
from stepwise.lib.once import OneTimeTokenField, OneTimeTokenForm

from .models import GOAL_FIELDS, SHIFTS, Goal, KeyAction, Measure

MAX_LIST_ITEMS = 30
MAX_LINE = 300
SUGGESTED_ACTIONS = 5  # the seed's deep dive has five numbered key actions


def lines(text: str) -> list[str]:
    """One answer per line; list bullets and numbering people paste in are dropped. Nothing is cut:
    ``ListField`` refuses a list too long, with a message, rather than shortening it."""
    items = []
    for line in text.splitlines():
        item = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip()
        if item:
            items.append(item)
    return items


class ListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return lines(str(value or ""))

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > MAX_LIST_ITEMS:
            raise ValidationError(
                _("This list has %(n)s lines; keep it to %(limit)s by merging or removing some. Nothing was saved.")
                % {"n": len(value), "limit": MAX_LIST_ITEMS},
                code="too_many_lines",
            )
        long_lines = [n for n, item in enumerate(value, start=1) if len(item) > MAX_LINE]
        if long_lines:
            raise ValidationError(
                _(
                    "Line %(line)s is %(over)s characters over the limit of %(limit)s: shorten it or split it "
                    "over two lines. Nothing was saved."
                )
                % {"line": long_lines[0], "over": len(value[long_lines[0] - 1]) - MAX_LINE, "limit": MAX_LINE},
                code="line_too_long",
            )


class GoalCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Your goal, in one or two sentences"),
        max_length=400,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you will achieve, and by when. The SMART check beside it says what it meets."),
    )
    token = OneTimeTokenField(required=True)


def _answer(name: str) -> forms.CharField:
    """A deep-dive question, labelled with the seed's words kept on the model field."""
    label = getattr(Goal._meta.get_field(name), "verbose_name", name)
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(forms.Form):
    title = forms.CharField(
        label=_("Specific goal"), max_length=400, error_messages=TOO_LONG, widget=forms.Textarea(attrs={"rows": 2})
    )
    different = _answer("different")
    why_me = _answer("why_me")
    benefits = _answer("benefits")
    why_others = _answer("why_others")
    big_benefit = _answer("big_benefit")
    pain = _answer("pain")
    measured_how = _answer("measured_how")
    career_fit = _answer("career_fit")
    values = forms.MultipleChoiceField(
        label=_("Which of your values does it serve?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The values from your retirement-party exercise."),
    )
    values_fit = _answer("values_fit")
    company_fit = _answer("company_fit")
    success_when = _answer("success_when")
    resources_have = ListField(label=_("Resources you have"), required=False, help_text=_("One per line."))
    resources_need = ListField(label=_("Resources you need"), required=False, help_text=_("One per line."))
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self, *args: Any, value_choices: list[str] | None = None, kept_values: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        current = list(value_choices or [])
        choices = [(v, v) for v in current]
        # A value the goal already names stays a valid choice after it was renamed or removed in the
        # values worksheet, so the goal can always be saved as it is; the label says it has gone.
        for chosen in [*(kept_values or []), *(self.initial.get("values") or [])]:
            if chosen not in current and chosen not in [c for c, _label in choices]:
                choices.append((chosen, _("%(value)s (no longer in your values)") % {"value": chosen}))
        self.fields["values"].choices = choices  # type: ignore[attr-defined]
        for key, label in SHIFTS:
            self.fields[f"shift_{key}"] = ListField(
                label=label, required=False, help_text=_("At least three answers, one per line.")
            )

    @staticmethod
    def initial_for(goal: Goal) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(goal, name) for name in GOAL_FIELDS if name != "shifts"}
        initial["revision"] = goal.revision
        for key, _label in SHIFTS:
            initial[f"shift_{key}"] = goal.shift_answers(key)
        return initial

    def goal_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("revision")
        data["shifts"] = {key: data.pop(f"shift_{key}") for key, _label in SHIFTS}
        return data

    def shift_fields(self) -> list[forms.BoundField]:
        return [self[f"shift_{key}"] for key, _label in SHIFTS]


class ActionForm(forms.Form):
    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(label=_("Key action"), max_length=400, required=False)
    target_date = forms.DateField(
        label=_("Target completion date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    owner = forms.CharField(label=_("Owner"), max_length=120, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=KeyAction.Status.choices, initial=KeyAction.Status.NOT_STARTED
    )
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_more = data.get("target_date") or data.get("completed_on") or data.get("id")
        if not data.get("description") and has_more and not data.get("remove"):
            self.add_error("description", _("Say what the action is, or tick “Remove”."))
        done_on = data.get("completed_on")
        if done_on and done_on > timezone.localdate():
            self.add_error(
                "completed_on", _("This date is in the future. Enter the day it was done, or leave it empty.")
            )
        return data

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("id") and not data.get("description")


class MeasureForm(forms.Form):
    id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Measure"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=12, decimal_places=2, required=False)
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, required=False)
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove") or (not data.get("id") and not data.get("name") and self._numbers_blank(data)):
            return data
        if not data.get("name"):
            self.add_error("name", _("Name the measure, for example “team engagement score”."))
        if data.get("baseline") is None and "baseline" not in self.errors:
            self.add_error("baseline", _("Enter where it stands today."))
        if data.get("target") is None and "target" not in self.errors:
            self.add_error("target", _("Enter the value you aim for."))
        if data.get("baseline") is not None and data.get("baseline") == data.get("target"):
            self.add_error(
                "target",
                _("The target equals the baseline, so there is nothing to move. Enter the value you aim to reach."),
            )
        return data

    @staticmethod
    def _numbers_blank(data: dict[str, Any]) -> bool:
        return data.get("baseline") is None and data.get("target") is None and not data.get("unit")

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("id") and not data.get("name") and self._numbers_blank(data)


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict[str, Any]]:
        """The rows to keep, change or remove; blank extra rows are left out."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data and not form.is_blank]


def action_formset(actions: list[KeyAction], data: Any = None) -> BaseRowFormSet:
    """The goal's key actions, with blank rows up to the seed's five (and always one to add)."""
    factory = forms.formset_factory(
        ActionForm,
        formset=BaseRowFormSet,
        extra=max(SUGGESTED_ACTIONS - len(actions), 1),
        max_num=60,
        absolute_max=60,
    )
    initial = [
        {
            "id": a.public_id,
            "description": a.description,
            "target_date": a.target_date,
            "owner": a.owner,
            "status": a.status,
            "completed_on": a.completed_on,
        }
        for a in actions
    ]
    return cast(BaseRowFormSet, factory(data, initial=initial, prefix="actions"))


def measure_formset(measures: list[Measure], data: Any = None) -> BaseRowFormSet:
    """The goal's measures, with a blank row while it has none."""
    factory = forms.formset_factory(
        MeasureForm, formset=BaseRowFormSet, extra=0 if measures else 1, max_num=20, absolute_max=20
    )
    initial = [
        {"id": m.public_id, "name": m.name, "unit": m.unit, "baseline": m.baseline, "target": m.target}
        for m in measures
    ]
    return cast(BaseRowFormSet, factory(data, initial=initial, prefix="measures"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approved", _("Approve this goal")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The executive and the coach read it. Say what you would change, if anything."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "changes" and not data.get("comment"):
            self.add_error("comment", _("Say which changes you would like, so the executive knows what to do."))
        return data


NUMBER_WITH_UNIT = re.compile(r"^\s*(?P<number>[-+]?\d+(?:[.,]\d+)?)\s*(?P<unit>.*?)\s*$")


def reading_value(raw: str, unit: str) -> Decimal:
    """A reading as typed: a number, optionally followed by the measure's own unit."""
    match = NUMBER_WITH_UNIT.match(raw or "")
    if not match:
        raise ValidationError(_("Enter a number, for example 42."))
    typed_unit = match["unit"]
    if typed_unit and typed_unit.casefold() != unit.strip().casefold():
        if unit.strip():
            message = _(
                "This measure is counted in %(unit)s, not “%(typed)s”. Enter the reading in %(unit)s, "
                "for example %(example)s."
            ) % {"unit": unit, "typed": typed_unit, "example": f"{match['number']} {unit}"}
        else:
            message = _(
                "This measure is a plain number with no unit, not “%(typed)s”. Enter just the number, "
                "for example %(example)s."
            ) % {"typed": typed_unit, "example": match["number"]}
        raise ValidationError(message)
    try:
        value = Decimal(match["number"].replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number, for example 42.")) from None
    if abs(value) >= Decimal("1e10"):
        raise ValidationError(_("This number is too large to be a reading."))
    return value


class ReadingForm(OneTimeTokenForm):
    taken_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.CharField(label=_("Value"), max_length=40)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["value"].help_text = (
            _("In %(unit)s.") % {"unit": measure.unit} if measure.unit else _("A plain number.")
        )

    def clean_value(self) -> Decimal:
        return reading_value(self.cleaned_data["value"], self.measure.unit)
