from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

F = TypeVar("F", bound=forms.BaseForm)

# For a CharField's error_messages: Django's own message only counts; this one says what to do and
# that nothing typed is lost (the page loads static/js/fields.js, so the browser never cuts a paste).
TOO_LONG = {
    "max_length": _(
        "Keep this to %(limit_value)d characters; it has %(show_value)d. Shorten it: what you typed is kept."
    )
}


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


def form_after_stale_edit(form: F, error: ValidationError, **also: str) -> F:
    """The form as the person sent it after a stale edit (``StaleEdit``): their text kept, the
    message on top, and the saved version's revision taken, so that saving again, after
    comparing, goes through. The view answers 409 and shows ``error.current`` beside it."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else QueryDict(mutable=True)
    if not isinstance(form.data, QueryDict):
        data.update(form.data)
    data[form.add_prefix("revision")] = str(error.current.revision)  # type: ignore[attr-defined]
    for name, value in also.items():  # other hidden fields drawn from the saved version
        data[form.add_prefix(name)] = value
    form.data = data
    form.full_clean()
    form.add_error(None, error)
    return form
