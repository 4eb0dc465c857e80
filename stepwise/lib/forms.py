from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# For a CharField's error_messages: Django's own message only counts; this one says what to do and
# that nothing typed is lost (the page loads static/js/fields.js, so the browser never cuts a paste).
TOO_LONG = {
    "max_length": _(
        "Keep this to %(limit_value)d characters; it has %(show_value)d. Shorten it: what you typed is kept."
    )
}


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
