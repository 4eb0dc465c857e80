from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer, with each field's label, help, errors and input kept in one element.

    Django renders a field group as loose siblings; inside a ``.grid`` row each sibling became a
    column of its own (a label, then an input ~150 px wide). One wrapper per field makes a grid
    cell per field, on every form at once."""

    field_template_name = "stepwise/field.html"


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        form.add_error(None, error)


def form_status(form: forms.BaseForm) -> int:
    """400 for a form sent back with mistakes (the page still shows them, and what was typed)."""
    return 400 if form.is_bound and form.errors else 200
