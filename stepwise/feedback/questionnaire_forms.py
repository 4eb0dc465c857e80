"""The questionnaire edit page: the title and description, and one row per question.

A row is reworded in place, moved by its position number, removed by its tick box; blank rows at
the end add questions. Rows are written back in their new order (``questionnaires.py``)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from stepwise.lib.forms import TOO_LONG

from .models import ItemKind, Questionnaire
from .questionnaires import COMPETENCY_MAX, ITEMS_MAX, TEXT_MAX, TITLE_MAX, ItemRow, items_errors

BLANK_ROWS = 3


class QuestionnaireForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the questionnaire asks, for the coaches who choose it for a round."),
    )


class ItemForm(forms.Form):
    kept = forms.BooleanField(required=False, widget=forms.HiddenInput)  # drawn from a saved question
    text = forms.CharField(
        label=_("Question"),
        required=False,
        max_length=TEXT_MAX,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a rated question, a behaviour others can see, such as “Listens before deciding.”"),
    )
    competency = forms.CharField(
        label=_("Competency"),
        required=False,
        max_length=COMPETENCY_MAX,
        error_messages=TOO_LONG,
        help_text=_("Rated questions are grouped under it in the report."),
    )
    # A questionnaire asks ratings and open questions; the mini-survey's kinds come from goals only.
    kind = forms.ChoiceField(
        label=_("Answered as"),
        choices=[(k.value, k.label) for k in (ItemKind.SCALE, ItemKind.OPEN)],
        initial=ItemKind.SCALE,
    )
    position = forms.IntegerField(
        label=_("Position"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_("Change the number to move the question."),
    )
    remove = forms.BooleanField(label=_("Remove this question"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("remove") and not data.get("text") and (data.get("kept") or data.get("competency")):
            self.add_error("text", _("Write the question, or tick “Remove this question”."))
        return data

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("kept") and not data.get("text") and not data.get("competency")


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        for problem in items_errors(self.rows()):
            raise forms.ValidationError(problem)

    def rows(self) -> list[ItemRow]:
        """The questions to keep, in their new order: by position number, a question moved to a
        number going before the one that had it; blank numbers last."""
        kept = []
        for index, form in enumerate(self.forms):
            data = form.cleaned_data
            if not data or form.is_blank or data.get("remove"):
                continue
            moved = data.get("position") != form.initial.get("position")
            kept.append(((data.get("position") or 10_000, not moved, index), data))
        kept.sort(key=lambda pair: pair[0])
        return [ItemRow(text=d["text"], competency=d.get("competency", ""), kind=d["kind"]) for _, d in kept]


def item_formset(questionnaire: Questionnaire, data: Any = None) -> BaseItemFormSet:
    factory = forms.formset_factory(
        ItemForm, formset=BaseItemFormSet, extra=BLANK_ROWS, max_num=ITEMS_MAX, absolute_max=ITEMS_MAX + BLANK_ROWS
    )
    initial = [
        {"kept": True, "text": i.text, "competency": i.competency, "kind": i.kind, "position": i.position}
        for i in questionnaire.items.all()
    ]
    return cast(BaseItemFormSet, factory(data, initial=initial, prefix="items"))
