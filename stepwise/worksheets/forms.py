"""Worksheet pages are drawn from the schema: these turn posted fields into answers and
answers (with their messages) into what the template lays out."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from stepwise.lib.once import OneTimeTokenForm

from .models import WorksheetTemplate
from .schema import MAX_GROUP_ROWS, questions


def field_name(key: str, *parts: object) -> str:
    return "-".join(["q", key, *[str(p) for p in parts]])


def _posted_rows(key: str, data: QueryDict) -> int | None:
    """How many rows of a repeatable group the page posted, or None when the count is not a number."""
    try:
        return max(0, int(data.get(field_name(key, "rows"), "0") or 0))
    except ValueError:
        return None


def _rows_present(question: dict[str, Any], data: QueryDict) -> int:
    """The rows actually posted, found by their field names (when the page's count cannot be read)."""
    rows = 0
    for row in range(MAX_GROUP_ROWS + 1):
        if any(field_name(question["key"], row, f["key"]) in data for f in question["fields"]):
            rows = row + 1
    return rows


def row_count_problems(schema: dict[str, Any], data: QueryDict) -> dict[str, str]:
    """Repeatable groups whose row count (a hidden field) is not a number, each with its message.

    A page never sends such a count; a broken or altered one might. The answer is a 400 that keeps
    everything typed (``answers_from_post`` still finds the rows by their names), never a 500.
    """
    return {
        question["key"]: str(
            _(
                "This part of the page arrived in a form that could not be read, so nothing was saved. "
                "What you typed is kept: save again."
            )
        )
        for question in questions(schema)
        if question["type"] == "group"
        and field_name(question["key"], "rows") in data
        and _posted_rows(question["key"], data) is None
    }


def answers_from_post(schema: dict[str, Any], data: QueryDict) -> dict[str, Any]:
    """The raw answers in a posted worksheet form; questions not on the page are left out."""
    raw: dict[str, Any] = {}
    for question in questions(schema):
        key, kind = question["key"], question["type"]
        if kind == "list":
            names = [field_name(key, i) for i in range(question.get("count", 3))]
            if any(name in data for name in names):
                raw[key] = [data.get(name, "") for name in names]
        elif kind == "group":
            if field_name(key, "rows") not in data:
                continue
            count = _posted_rows(key, data)
            if count is None:
                count = _rows_present(question, data)
            rows = []
            for row in range(min(count, MAX_GROUP_ROWS + 1)):
                rows.append({f["key"]: data.get(field_name(key, row, f["key"]), "") for f in question["fields"]})
            raw[key] = rows
        elif field_name(key) in data:
            raw[key] = data.get(field_name(key))
    return raw


@dataclass
class Item:
    question: dict[str, Any]
    value: Any
    error: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    list_values: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return field_name(self.question["key"])

    @property
    def kind(self) -> str:
        return str(self.question["type"])

    @property
    def scale(self) -> range:
        return range(int(self.question.get("min", 1)), int(self.question.get("max", 10)) + 1)


def layout(
    schema: dict[str, Any], answers: dict[str, Any], errors: dict[str, str] | None = None, extra_row: str = ""
) -> list[dict[str, Any]]:
    """Sections with their items, each carrying its value and message, ready for the template."""
    errors = errors or {}
    sections = []
    for section in schema.get("sections", []):
        items = []
        for question in section.get("questions", []):
            key = question.get("key", "")
            value = answers.get(key)
            item = Item(question=question, value=value, error=errors.get(key, ""))
            if question.get("type") == "list":
                values = list(value or [])
                count = question.get("count", 3)
                values += [""] * (count - len(values))
                item.list_values = [(field_name(key, i), values[i]) for i in range(count)]
            elif question.get("type") == "group":
                rows = [dict(r) for r in (value or [])]
                if not rows or extra_row == key:
                    rows.append({})
                item.rows = [
                    {
                        "index": i,
                        "fields": [
                            (f, field_name(key, i, f["key"]), row.get(f["key"], "")) for f in question["fields"]
                        ],
                    }
                    for i, row in enumerate(rows)
                ]
            items.append(item)
        sections.append({"title": section.get("title", ""), "intro": section.get("intro", ""), "items": items})
    return sections


class AssignForm(OneTimeTokenForm):
    template = forms.ModelChoiceField(label=_("Worksheet"), queryset=WorksheetTemplate.objects.all(), empty_label=None)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, suggested: WorksheetTemplate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if suggested is not None:
            self.initial.setdefault("template", suggested.pk)


class AssessmentForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    notes_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation_situation = forms.CharField(
        label=_("The organisation and the present situation"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    strengths = forms.CharField(
        label=_("The leader's strengths"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    gaps = forms.CharField(
        label=_("The leader's gaps"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    team_pain_points = forms.CharField(
        label=_("Team pain points"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    challenges = forms.CharField(
        label=_("Challenges"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    shared_with_executive = forms.BooleanField(
        label=_("Share the assessment (not the private notes) with the executive"), required=False
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only you can read these. They never appear to the executive, the sponsor or in any PDF."),
    )


class TemplateEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    text = forms.CharField(
        label=_("Questions"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "class": "mono"}),
        help_text=_(
            "One question per line: its type, * if required, then its wording. Types: short, long, list:3, "
            "rating:1-10, choice (options after |), date, group:1 (indented short/long lines below it), guidance "
            "(items after |). A line starting with # begins a section."
        ),
    )
