"""Form fields written in Python (``stepwise.lib.forms.FormRenderer``) read exactly as Django's
templates write them, and the goal page no longer renders a template per field."""

import re
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.test import override_settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from stepwise.conftest import World, client_for
from stepwise.lib.forms import FormRenderer, TemplateFormRenderer
from stepwise.plans.tests.test_plans import full_goal, goal_url, signed

TEMPLATES_ONLY = "stepwise.lib.forms.TemplateFormRenderer"


class EveryWidget(forms.Form):
    required_css_class = "needed"

    text = forms.CharField(label=gettext_lazy("Name & role"), help_text="Say <em>who</em>", max_length=40)
    question = forms.CharField(label="Ready?", required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": True, "hidden": False}), required=False)
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": Decimal("0.5")}))
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    email = forms.EmailField(required=False, label_suffix=" →")
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("a", "A <1>"), ("b", "B")])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Group & co", [(1, "One"), (2, "Two")]), ("z", "Zed")], required=False
    )
    several = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")], required=False)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)
    blank = forms.TextInput(attrs={"id": "", "placeholder": '"q"'})
    unlabelled = forms.CharField(label="", required=False, widget=blank)


def _both_ways(form_for: type[forms.Form], **kwargs: object) -> tuple[str, str]:
    return (
        str(form_for(renderer=FormRenderer(), **kwargs)),  # type: ignore[arg-type]
        str(form_for(renderer=TemplateFormRenderer(), **kwargs)),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"initial": {"text": "A <b> & 'c'", "note": "Two\nlines <i>", "hidden": 7, "number": Decimal("1.5")}},
        {"initial": {"note": mark_safe("<b>kept</b>"), "when": date(2027, 3, 1), "agree": True, "many": ["y"]}},
        {"initial": {"grouped": 2, "several": ["p", "q"], "choice": "b"}},
        {"data": {"text": "x" * 50, "hidden": "not a number", "email": "nope", "choice": "z", "note": "<b>"}},
        {"data": {"text": "ok", "hidden": "3", "choice": "a", "agree": "on"}, "auto_id": False},
    ],
)
def test_fields_written_in_python_read_as_djangos_templates_write_them(kwargs: dict) -> None:
    fast, templates = _both_ways(EveryWidget, **kwargs)
    assert fast == templates


def _unmasked(html: str) -> str:
    """The page without what differs on every request, whatever the renderer: CSRF tokens
    (masked afresh each time), the one-time tokens of create forms, and charts."""
    html = re.sub(r'name="token" value="[^"]*"', "", html)
    html = re.sub(r"<svg .*?</svg>", "", html, flags=re.DOTALL)  # charts: ids drawn at random
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", html)


def _page(client, path: str) -> str:
    return _unmasked(client.get(path).content.decode())


def test_the_goal_page_reads_the_same_with_djangos_templates(world: World) -> None:
    signed(world)
    goal = full_goal(world)
    client = client_for(world.executive)
    fast = _page(client, goal_url(goal))
    with override_settings(FORM_RENDERER=TEMPLATES_ONLY):
        templates = _page(client, goal_url(goal))
    assert fast == templates
    assert "Hours I spend on the report each week." in fast


def test_a_refused_goal_form_reads_the_same_with_djangos_templates(world: World) -> None:
    signed(world)
    goal = full_goal(world)
    client = client_for(world.executive)
    data = {"title": "", "revision": str(goal.revision), "a-TOTAL_FORMS": "0", "a-INITIAL_FORMS": "0"}
    data |= {"m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0"}
    pages = []
    for renderer in ("stepwise.lib.forms.FormRenderer", TEMPLATES_ONLY):
        with override_settings(FORM_RENDERER=renderer):
            response = client.post(goal_url(goal), data)
        assert response.status_code == 400
        pages.append(_unmasked(response.content.decode()))
    assert pages[0] == pages[1]
    assert 'class="errorlist"' in pages[0]


def test_the_goal_page_renders_no_template_per_field(world: World) -> None:
    signed(world)
    goal = full_goal(world)
    response = client_for(world.executive).get(goal_url(goal))
    rendered = Counter(template.name for template in response.templates)
    fields = response.content.decode().count('<div class="field">')
    assert fields > 30
    assert not {name for name in rendered if name and name.startswith("django/forms/widgets/")}
    assert rendered["stepwise/field.html"] == 0 and rendered["django/forms/label.html"] == 0
